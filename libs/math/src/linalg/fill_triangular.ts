import * as tf from '@tensorflow/tfjs';
import {triangle} from './band';
import {assertSquare, shapeString, TensorInput, toFloat32} from './shape_util';

/** n with n (n + 1) / 2 = m, or undefined when m is not a triangular number. */
function triangularSide(m: number): number | undefined {
  const n = Math.round(Math.sqrt(0.25 + 2 * m) - 0.5);
  return (n * (n + 1)) / 2 === m ? n : undefined;
}

/**
 * For each entry of the n x n matrix (row-major), the index of the vector entry TFP's
 * fill_triangular puts there: the matrix is the reshaped concatenation [x[n:], reverse(x)]
 * (lower) or [x, reverse(x[n:])] (upper), which fills the triangle in a clockwise spiral.
 * Entries outside the triangle are zeroed afterwards.
 */
function fillIndices(n: number, upper: boolean): number[] {
  const m = (n * (n + 1)) / 2;
  const forward = Array.from({length: m}, (_, i) => i);
  const reversed = [...forward].reverse();
  return upper ? [...forward, ...reversed.slice(0, m - n)] : [...forward.slice(n), ...reversed];
}

function inTriangle(i: number, j: number, upper: boolean): boolean {
  return upper ? j >= i : j <= i;
}

/**
 * Packs a vector [..., n (n + 1) / 2] into a lower (or upper) triangular matrix [..., n, n] in
 * TFP's order (`tfp.math.fill_triangular`): fill_triangular([1, 2, 3, 4, 5, 6]) =
 * [[4, 0, 0], [6, 5, 0], [3, 2, 1]].
 */
export function fillTriangular(x: TensorInput, upper = false): tf.Tensor {
  return tf.tidy(() => {
    const v = toFloat32(x, 'x');
    const m = v.rank >= 1 ? v.shape[v.rank - 1] : -1;
    const n = triangularSide(m);
    if (n === undefined) {
      throw new Error(
        `fillTriangular: the last dimension of x must be a triangular number n (n + 1) / 2; got shape ${shapeString(v.shape)}`,
      );
    }
    const indices = tf.tensor1d(fillIndices(n, upper), 'int32');
    const full = tf.reshape(tf.gather(v, indices, v.rank - 1), [...v.shape.slice(0, -1), n, n]);
    return triangle(full, !upper);
  });
}

/**
 * Inverse of fillTriangular (`tfp.math.fill_triangular_inverse`): the lower (or upper)
 * triangle of [..., n, n] as a vector [..., n (n + 1) / 2] in TFP's order.
 */
export function fillTriangularInverse(x: TensorInput, upper = false): tf.Tensor {
  return tf.tidy(() => {
    const t = toFloat32(x, 'x');
    assertSquare(t, 'fillTriangularInverse', 'x');
    const n = t.shape[t.rank - 1];
    const m = (n * (n + 1)) / 2;
    const source = fillIndices(n, upper);
    const positions = new Array<number>(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (inTriangle(i, j, upper)) positions[source[i * n + j]] = i * n + j;
      }
    }
    const flat = tf.reshape(t, [...t.shape.slice(0, -2), n * n]);
    return tf.gather(flat, tf.tensor1d(positions, 'int32'), flat.rank - 1);
  });
}
