import * as tf from '@tensorflow/tfjs';
import {
  assertMatrix,
  broadcastShapes,
  broadcastToShape,
  foldBatchIntoColumns,
  shapeString,
  TensorInput,
  toFloat32,
} from './shape_util';

/** Swaps the last two dimensions: `tf.linalg.matrix_transpose` (real, so also the adjoint). */
export function matrixTranspose(x: tf.Tensor): tf.Tensor {
  assertMatrix(x, 'matrixTranspose', 'x');
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/**
 * Batched matrix product `op(a) @ op(b)` (`tf.linalg.matmul` with `adjoint_a`, `adjoint_b`),
 * broadcasting the batch dimensions. tf.matMul broadcasts batch dimensions in tfjs 4.x, but its
 * gradient does not sum over them, so both operands are broadcast explicitly first (the gradient
 * of tf.broadcastTo does the summation).
 */
export function matmul(a: TensorInput, b: TensorInput, adjointA = false, adjointB = false): tf.Tensor {
  return tf.tidy(() => {
    const x = toFloat32(a, 'a');
    const y = toFloat32(b, 'b');
    assertMatrix(x, 'matmul', 'a');
    assertMatrix(y, 'matmul', 'b');
    const inner = x.shape[x.rank - (adjointA ? 2 : 1)];
    const innerB = y.shape[y.rank - (adjointB ? 1 : 2)];
    if (inner !== innerB) {
      throw new Error(
        `matmul: inner dimensions differ: a ${shapeString(x.shape)}${adjointA ? ' (adjoint)' : ''} and ` +
          `b ${shapeString(y.shape)}${adjointB ? ' (adjoint)' : ''}; expected op(a) [..., M, K] and op(b) [..., K, N]`,
      );
    }
    const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2), 'matmul');
    const [xm, xn] = x.shape.slice(-2);
    const [ym, yn] = y.shape.slice(-2);
    if (x.size === xm * xn && y.rank > 2) {
      // One left matrix for a batch of right ones: multiply all their columns at once.
      const {folded, unfold} = foldBatchIntoColumns(adjointB ? matrixTranspose(y) : y);
      return broadcastToShape(unfold(tf.matMul(tf.reshape(x, [xm, xn]), folded, adjointA, false)), [
        ...batch,
        adjointA ? xn : xm,
        adjointB ? ym : yn,
      ]);
    }
    if (y.size === ym * yn && x.rank > 2 && !adjointA) {
      // A batch of left matrices times one right matrix: stack their rows.
      const product = tf.matMul(tf.reshape(x, [-1, xn]), tf.reshape(y, [ym, yn]), false, adjointB);
      return broadcastToShape(tf.reshape(product, [...x.shape.slice(0, -1), adjointB ? ym : yn]), [
        ...batch,
        xm,
        adjointB ? ym : yn,
      ]);
    }
    const xb = broadcastToShape(x, [...batch, ...x.shape.slice(-2)]);
    const yb = broadcastToShape(y, [...batch, ...y.shape.slice(-2)]);
    return tf.matMul(xb, yb, adjointA, adjointB);
  });
}

/** Batched matrix-vector product `op(a) @ x` (`tf.linalg.matvec`), broadcasting batch dimensions. */
export function matvec(a: TensorInput, x: TensorInput, adjointA = false): tf.Tensor {
  return tf.tidy(() => {
    const v = toFloat32(x, 'x');
    if (v.rank < 1) {
      throw new Error(`matvec: x must have rank >= 1 (a batch of vectors [..., N]); got a scalar`);
    }
    return tf.squeeze(matmul(a, tf.expandDims(v, -1), adjointA, false), [-1]);
  });
}

/** Outer product of batched vectors `u[..., :, None] * v[..., None, :]`. */
export function outer(u: TensorInput, v: TensorInput): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.expandDims(toFloat32(u, 'u'), -1), tf.expandDims(toFloat32(v, 'v'), -2)));
}
