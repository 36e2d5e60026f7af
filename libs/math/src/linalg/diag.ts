import * as tf from '@tensorflow/tfjs';
import {assertMatrix, shapeString, TensorInput, toFloat32} from './shape_util';

/** Square matrices with `diag` on the diagonal: `tf.linalg.diag` (batched, [..., N] -> [..., N, N]). */
export function matrixDiag(diag: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const d = toFloat32(diag, 'diag');
    if (d.rank < 1) {
      throw new Error(`matrixDiag: diag must have rank >= 1 ([..., N]); got a scalar`);
    }
    const n = d.shape[d.rank - 1];
    return tf.mul(tf.expandDims(d, -1), tf.eye(n));
  });
}

/**
 * The main diagonal of each matrix, `tf.linalg.diag_part`: [..., M, N] -> [..., min(M, N)],
 * gathered from the flattened matrix at positions i * (N + 1).
 */
export function matrixDiagPart(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertMatrix(t, 'matrixDiagPart', 'x');
    const [m, n] = t.shape.slice(-2);
    const k = Math.min(m, n);
    const flat = tf.reshape(t, [...t.shape.slice(0, -2), m * n]);
    const indices = tf.tensor1d(
      Array.from({length: k}, (_, i) => i * (n + 1)),
      'int32',
    );
    return tf.gather(flat, indices, flat.rank - 1);
  });
}

/**
 * `x` with its main diagonal replaced by `diag` (`tf.linalg.set_diag`); `diag` broadcasts
 * against the batch shape of `x`.
 */
export function setDiag(x: TensorInput, diag: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    const d = toFloat32(diag, 'diag');
    assertMatrix(t, 'setDiag', 'x');
    const [m, n] = t.shape.slice(-2);
    const k = Math.min(m, n);
    if (d.rank < 1 || d.shape[d.rank - 1] !== k) {
      throw new Error(
        `setDiag: diag must have shape [..., ${k}] for x of shape ${shapeString(t.shape)}; got ${shapeString(d.shape)}`,
      );
    }
    const eye = tf.eye(m, n);
    // Entry (i, j) of onDiagonal is d_j [i == j]; d is zero-padded to N columns when M < N.
    const padding = d.shape.slice(0, -1).map((): [number, number] => [0, 0]);
    const padded = n > k ? tf.pad(d, [...padding, [0, n - k]]) : d;
    const onDiagonal = tf.mul(tf.expandDims(padded, -2), eye);
    return tf.add(tf.mul(t, tf.sub(1, eye)), onDiagonal);
  });
}
