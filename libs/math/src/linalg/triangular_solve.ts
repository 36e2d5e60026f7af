import * as tf from '@tensorflow/tfjs';
import {triangle} from './band';
import {readFloat32, registerGradientOnce, registerJsKernel, runKernel, writeFloat32} from './kernel_util';
import {matmul} from './matmul';
import {
  assertMatrix,
  assertSquare,
  broadcastShapes,
  broadcastToShape,
  foldBatchIntoColumns,
  shapeString,
  TensorInput,
  toFloat32,
} from './shape_util';

export const TRIANGULAR_SOLVE_KERNEL = 'TfpTriangularSolve';

/**
 * Solves op(A) X = B for a batch of n x n triangular A (`a`, contiguous) and n x k right-hand
 * sides (`b`), op(A) = A or A^T, by forward or back substitution in float64. Only the triangle
 * named by `lower` is read.
 */
export function triangularSolveValues(
  a: Float32Array,
  b: Float32Array,
  n: number,
  k: number,
  lower: boolean,
  adjoint: boolean,
): Float32Array {
  const out = new Float32Array(b.length);
  const x = new Float64Array(n * k);
  const batch = n === 0 ? 0 : a.length / (n * n);
  // op(A) is lower triangular when exactly one of (lower, adjoint) holds.
  const forward = lower !== adjoint;
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * n * n;
    const bo = bi * n * k;
    const at = (i: number, j: number) => (adjoint ? a[ao + j * n + i] : a[ao + i * n + j]);
    for (let step = 0; step < n; step++) {
      const i = forward ? step : n - 1 - step;
      const aii = at(i, i);
      for (let c = 0; c < k; c++) {
        let s = b[bo + i * k + c];
        if (forward) {
          for (let j = 0; j < i; j++) s -= at(i, j) * x[j * k + c];
        } else {
          for (let j = i + 1; j < n; j++) s -= at(i, j) * x[j * k + c];
        }
        x[i * k + c] = s / aii;
      }
    }
    for (let i = 0; i < n * k; i++) out[bo + i] = x[i];
  }
  return out;
}

registerJsKernel(TRIANGULAR_SOLVE_KERNEL, ({inputs, backend, attrs}) => {
  const matrix = inputs.matrix as tf.TensorInfo;
  const rhs = inputs.rhs as tf.TensorInfo;
  const n = matrix.shape[matrix.shape.length - 1];
  const k = rhs.shape[rhs.shape.length - 1];
  const {lower, adjoint} = attrs as {lower: boolean; adjoint: boolean};
  const values = triangularSolveValues(
    readFloat32(backend, matrix),
    readFloat32(backend, rhs),
    n,
    k,
    lower,
    adjoint,
  );
  return writeFloat32(backend, rhs.shape, values);
});

/**
 * Gradient of X = op(A)^-1 B (as TF's MatrixTriangularSolve gradient): dB = op(A)^-T dX and
 * dA = -dB X^T (or -X dB^T when op is the adjoint), restricted to A's triangle.
 */
registerGradientOnce({
  kernelName: TRIANGULAR_SOLVE_KERNEL,
  inputsToSave: ['matrix'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [matrix, x] = saved;
    const {lower, adjoint} = attrs as unknown as {lower: boolean; adjoint: boolean};
    const gradRhs = () => triangularSolve(matrix, dy as tf.Tensor, lower, !adjoint);
    return {
      rhs: gradRhs,
      matrix: () =>
        tf.tidy(() => {
          const db = gradRhs();
          const full = adjoint ? matmul(x, db, false, true) : matmul(db, x, false, true);
          return tf.neg(triangle(full, lower));
        }),
    };
  },
});

/**
 * Solves op(A) X = B for X with A triangular (`tf.linalg.triangular_solve(matrix, rhs, lower,
 * adjoint)`); op(A) = A^T when `adjoint`. Only the triangle named by `lower` is read. Batch
 * dimensions of `matrix` [..., N, N] and `rhs` [..., N, K] broadcast.
 */
export function triangularSolve(
  matrix: TensorInput,
  rhs: TensorInput,
  lower = true,
  adjoint = false,
): tf.Tensor {
  return tf.tidy(() => {
    const a = toFloat32(matrix, 'matrix');
    const b = toFloat32(rhs, 'rhs');
    assertSquare(a, 'triangularSolve', 'matrix');
    assertMatrix(b, 'triangularSolve', 'rhs');
    const n = a.shape[a.rank - 1];
    if (b.shape[b.rank - 2] !== n) {
      throw new Error(
        `triangularSolve: rhs must have shape [..., ${n}, K] for matrix of shape ${shapeString(a.shape)}; ` +
          `got ${shapeString(b.shape)}`,
      );
    }
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'triangularSolve');
    if (a.size === n * n && b.rank > 2) {
      // One matrix for a batch of right-hand sides: solve them all as columns of one system.
      const {folded, unfold} = foldBatchIntoColumns(b);
      const x = runKernel(TRIANGULAR_SOLVE_KERNEL, {matrix: tf.reshape(a, [n, n]), rhs: folded}, {lower, adjoint});
      return broadcastToShape(unfold(x), [...batch, n, b.shape[b.rank - 1]]);
    }
    const ab = broadcastToShape(a, [...batch, n, n]);
    const bb = broadcastToShape(b, [...batch, ...b.shape.slice(-2)]);
    return runKernel(TRIANGULAR_SOLVE_KERNEL, {matrix: ab, rhs: bb}, {lower, adjoint});
  });
}
