import * as tf from '@tensorflow/tfjs';
import {assertMatrix, TensorInput, toFloat32} from './shape_util';

/**
 * The lower (diagonal included) or upper triangle of every matrix, zeros elsewhere. Selects with
 * one broadcast mask (tf.linalg.bandPart unstacks the batch into one op per matrix), and with
 * tf.where rather than a product so that non-finite entries outside the triangle do not leak in.
 */
export function triangle(x: tf.Tensor, lower: boolean): tf.Tensor {
  return tf.tidy(() => {
    const [m, n] = x.shape.slice(-2);
    const mask = new Uint8Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) mask[i * n + j] = (lower ? j <= i : j >= i) ? 1 : 0;
    }
    const condition = tf.broadcastTo(tf.tensor2d(mask, [m, n], 'bool'), x.shape);
    return tf.where(condition, x, tf.zerosLike(x));
  });
}

/** Lower-triangular part (diagonal included) of each matrix: `tf.linalg.band_part(x, -1, 0)`. */
export function tril(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertMatrix(t, 'tril', 'x');
    return triangle(t, true);
  });
}

/** Upper-triangular part (diagonal included) of each matrix: `tf.linalg.band_part(x, 0, -1)`. */
export function triu(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertMatrix(t, 'triu', 'x');
    return triangle(t, false);
  });
}
