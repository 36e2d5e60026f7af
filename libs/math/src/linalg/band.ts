import * as tf from '@tensorflow/tfjs';
import {assertMatrix, TensorInput, toFloat32} from './shape_util';

/** Lower-triangular part (diagonal included) of each matrix: `tf.linalg.band_part(x, -1, 0)`. */
export function tril(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertMatrix(t, 'tril', 'x');
    return tf.linalg.bandPart(t, -1, 0);
  });
}

/** Upper-triangular part (diagonal included) of each matrix: `tf.linalg.band_part(x, 0, -1)`. */
export function triu(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertMatrix(t, 'triu', 'x');
    return tf.linalg.bandPart(t, 0, -1);
  });
}
