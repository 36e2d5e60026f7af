import * as tf from '@tensorflow/tfjs';
import {triangle} from './band';
import {registerGradientOnce, registerJsKernel, runKernel, writeFloat32} from './kernel_util';
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
/** One n x n matrix and right-hand sides stored as the rows of an m x n `rhs`: solves op(A) x_r = r_r. */
export const TRIANGULAR_SOLVE_ROWS_KERNEL = 'TfpTriangularSolveRows';

/** Columns solved together by the column kernel: 256 float64 columns of n rows stay in cache. */
const COLUMN_CHUNK = 256;

/**
 * The n x n matrix at `offset` of `a`, as the dense row-major float64 triangle of op(A) (op(A) = A
 * or A^T; only A's triangle named by `lower` is read), so that substitution loops run over
 * contiguous memory, and op(A)'s reciprocal diagonal.
 */
function operatorMatrix(a: ArrayLike<number>, offset: number, n: number, lower: boolean, adjoint: boolean): [Float64Array, Float64Array] {
  const op = new Float64Array(n * n);
  const reciprocal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = lower ? 0 : i; j <= (lower ? i : n - 1); j++) {
      const v = a[offset + i * n + j];
      if (adjoint) op[j * n + i] = v;
      else op[i * n + j] = v;
    }
    reciprocal[i] = 1 / a[offset + i * n + i];
  }
  return [op, reciprocal];
}

/**
 * Solves op(A) X = B for a batch of n x n triangular A (`a`, contiguous) and n x k right-hand
 * sides (`b`), op(A) = A or A^T, by forward or back substitution in float64, COLUMN_CHUNK columns
 * at a time with row operations over contiguous memory. Only the triangle named by `lower` is read.
 */
export function triangularSolveValues(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  k: number,
  lower: boolean,
  adjoint: boolean,
): Float32Array {
  const out = new Float32Array(b.length);
  const batch = n === 0 ? 0 : a.length / (n * n);
  // op(A) is lower triangular when exactly one of (lower, adjoint) holds.
  const forward = lower !== adjoint;
  const x = new Float64Array(n * COLUMN_CHUNK);
  for (let bi = 0; bi < batch; bi++) {
    const [op, reciprocal] = operatorMatrix(a, bi * n * n, n, lower, adjoint);
    const bo = bi * n * k;
    for (let c0 = 0; c0 < k; c0 += COLUMN_CHUNK) {
      const w = Math.min(COLUMN_CHUNK, k - c0);
      for (let step = 0; step < n; step++) {
        const i = forward ? step : n - 1 - step;
        const xi = i * COLUMN_CHUNK;
        const bRow = bo + i * k + c0;
        for (let c = 0; c < w; c++) x[xi + c] = b[bRow + c];
        const jFrom = forward ? 0 : i + 1;
        const jTo = forward ? i : n;
        for (let j = jFrom; j < jTo; j++) {
          const aij = op[i * n + j];
          if (aij === 0) continue;
          const xj = j * COLUMN_CHUNK;
          for (let c = 0; c < w; c++) x[xi + c] -= aij * x[xj + c];
        }
        const r = reciprocal[i];
        for (let c = 0; c < w; c++) {
          const v = x[xi + c] * r;
          x[xi + c] = v;
          out[bRow + c] = v;
        }
      }
    }
  }
  return out;
}

/** Columns per diagonal block of the blocked row solve, and the sizes from which it is used. */
const ROW_BLOCK = 8;
const BLOCKED_MIN_N = 24;
const BLOCKED_MIN_ROWS = 256;

/** The methods of a tfjs backend the blocked solve uses to run the backend's own matrix product. */
interface MatMulBackend {
  readSync(dataId: tf.TensorInfo['dataId']): ArrayLike<number>;
  write(values: Float32Array, shape: number[], dtype: tf.DataType): tf.TensorInfo['dataId'];
  disposeData(dataId: tf.TensorInfo['dataId']): void;
}

/** x [m, k] times w [k, c] by the backend's BatchMatMul kernel (XNNPACK on wasm), float32. */
function backendMatMul(backend: MatMulBackend, x: Float32Array, m: number, k: number, w: Float32Array, c: number): ArrayLike<number> {
  const kernel = tf.getKernel('BatchMatMul', tf.getBackend());
  const a = {dataId: backend.write(x, [1, m, k], 'float32'), shape: [1, m, k], dtype: 'float32' as const};
  const b = {dataId: backend.write(w, [1, k, c], 'float32'), shape: [1, k, c], dtype: 'float32' as const};
  try {
    const out = kernel!.kernelFunc({inputs: {a, b}, backend: backend as unknown as tf.KernelBackend, attrs: {transposeA: false, transposeB: false}}) as tf.TensorInfo;
    const values = backend.readSync(out.dataId);
    backend.disposeData(out.dataId);
    return values;
  } finally {
    backend.disposeData(a.dataId);
    backend.disposeData(b.dataId);
  }
}

/**
 * Solves op(A) x_r = r_r for every row r_r of the m x n `rows` with one n x n triangular A: the
 * layout of a batch of vectors [..., n], which so needs no transposes. Only the triangle named by
 * `lower` is read. Small systems are solved by float64 substitution along each (contiguous) row.
 * Large ones (n >= 24, m >= 256) are blocked: columns are solved ROW_BLOCK at a time in order of
 * substitution, each block's coupling to the columns already solved, sum_j op(A)_ij x_rj, is one
 * float32 product X W with the backend's BatchMatMul (W holding those op(A) entries, zeros for
 * the unsolved columns, which X also holds as zeros), and the block's own triangle is substituted
 * in float64. That is blocked substitution (as LAPACK's trsm) with float32 products: backward
 * stable, and ~4x less scalar JavaScript work for the sizes of a multivariate normal's logProb.
 */
export function triangularSolveRowsValues(
  a: ArrayLike<number>,
  rows: ArrayLike<number>,
  n: number,
  lower: boolean,
  adjoint: boolean,
  backend?: unknown,
): Float32Array {
  const m = n === 0 ? 0 : rows.length / n;
  const blocked = backend !== undefined && n >= BLOCKED_MIN_N && m >= BLOCKED_MIN_ROWS;
  const block = blocked ? ROW_BLOCK : Math.max(n, 1);
  const out = new Float32Array(rows.length);
  const [op, reciprocal] = operatorMatrix(a, 0, n, lower, adjoint);
  const forward = lower !== adjoint;
  const blocks = Math.ceil(n / block);
  const z = new Float64Array(block);
  for (let step = 0; step < blocks; step++) {
    const jb = (forward ? step : blocks - 1 - step) * block;
    const je = Math.min(n, jb + block);
    const w = je - jb;
    let coupling: ArrayLike<number> | undefined;
    if (step > 0) {
      const weights = new Float32Array(n * w);
      const [from, to] = forward ? [0, jb] : [je, n];
      for (let c = 0; c < w; c++) {
        for (let j = from; j < to; j++) weights[j * w + c] = op[(jb + c) * n + j];
      }
      coupling = backendMatMul(backend as MatMulBackend, out, m, n, weights, w);
    }
    const coupled = coupling ?? new Float32Array(m * w);
    if (forward) {
      for (let r = 0; r < m; r++) {
        const o = r * n;
        const co = r * w;
        for (let c = 0; c < w; c++) {
          const i = jb + c;
          const oi = i * n + jb;
          let s = rows[o + i] - coupled[co + c];
          for (let j = 0; j < c; j++) s -= op[oi + j] * z[j];
          const v = s * reciprocal[i];
          z[c] = v;
          out[o + i] = v;
        }
      }
    } else {
      for (let r = 0; r < m; r++) {
        const o = r * n;
        const co = r * w;
        for (let c = w - 1; c >= 0; c--) {
          const i = jb + c;
          const oi = i * n + jb;
          let s = rows[o + i] - coupled[co + c];
          for (let j = c + 1; j < w; j++) s -= op[oi + j] * z[j];
          const v = s * reciprocal[i];
          z[c] = v;
          out[o + i] = v;
        }
      }
    }
  }
  return out;
}

/** The backend's values of a float32 input, without a copy (the kernels only read them). */
function valuesOf(backend: unknown, info: tf.TensorInfo): ArrayLike<number> {
  return (backend as {readSync(dataId: tf.TensorInfo['dataId']): ArrayLike<number>}).readSync(info.dataId);
}

registerJsKernel(TRIANGULAR_SOLVE_KERNEL, ({inputs, backend, attrs}) => {
  const matrix = inputs.matrix as tf.TensorInfo;
  const rhs = inputs.rhs as tf.TensorInfo;
  const n = matrix.shape[matrix.shape.length - 1];
  const k = rhs.shape[rhs.shape.length - 1];
  const {lower, adjoint} = attrs as {lower: boolean; adjoint: boolean};
  const values = triangularSolveValues(valuesOf(backend, matrix), valuesOf(backend, rhs), n, k, lower, adjoint);
  return writeFloat32(backend, rhs.shape, values);
});

registerJsKernel(TRIANGULAR_SOLVE_ROWS_KERNEL, ({inputs, backend, attrs}) => {
  const matrix = inputs.matrix as tf.TensorInfo;
  const rows = inputs.rows as tf.TensorInfo;
  const {lower, adjoint} = attrs as {lower: boolean; adjoint: boolean};
  const values = triangularSolveRowsValues(valuesOf(backend, matrix), valuesOf(backend, rows), matrix.shape[0], lower, adjoint, backend);
  return writeFloat32(backend, rows.shape, values);
});

/**
 * Gradient of X = op(A)^-1 B (as TF's MatrixTriangularSolve gradient): dB = op(A)^-T dX and
 * dA = -dB X^T (or -X dB^T when op is the adjoint), restricted to A's triangle. dB is solved once
 * and shared by both.
 */
registerGradientOnce({
  kernelName: TRIANGULAR_SOLVE_KERNEL,
  inputsToSave: ['matrix'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [matrix, x] = saved;
    const {lower, adjoint} = attrs as unknown as {lower: boolean; adjoint: boolean};
    // tfjs runs each input's thunk in its own tidy: dB is shared only when the rhs thunk ran first
    // (its result is returned, so it outlives that tidy); the inputs are passed rhs first for that.
    let db: tf.Tensor | undefined;
    const solveRhs = () => triangularSolve(matrix, dy as tf.Tensor, lower, !adjoint);
    return {
      rhs: () => (db = solveRhs()),
      matrix: () => {
        const g = db !== undefined && !db.isDisposed ? db : solveRhs();
        return tf.tidy(() => {
          const full = adjoint ? matmul(x, g, false, true) : matmul(g, x, false, true);
          return tf.neg(triangle(full, lower));
        });
      },
    };
  },
});

/**
 * Gradient of the row form X = R op(A)^-T (each row x_r = op(A)^-1 r_r): dR = dX op(A)^-1 (rows
 * solved with the adjoint flipped), and dA = -dR^T X (or -X^T dR for the adjoint), restricted to
 * A's triangle, one [n, m] x [m, n] product.
 */
registerGradientOnce({
  kernelName: TRIANGULAR_SOLVE_ROWS_KERNEL,
  inputsToSave: ['matrix'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [matrix, x] = saved;
    const {lower, adjoint} = attrs as unknown as {lower: boolean; adjoint: boolean};
    let dRows: tf.Tensor | undefined;
    const solveRows = () => runKernel(TRIANGULAR_SOLVE_ROWS_KERNEL, {rows: dy as tf.Tensor, matrix}, {lower, adjoint: !adjoint});
    return {
      rows: () => (dRows = solveRows()),
      matrix: () => {
        const g = dRows !== undefined && !dRows.isDisposed ? dRows : solveRows();
        return tf.tidy(() => {
          const full = adjoint ? tf.matMul(x, g, true, false) : tf.matMul(g, x, true, false);
          return tf.neg(triangle(full, lower));
        });
      },
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
    if (a.size === n * n && b.rank > 2 && b.shape[b.rank - 1] === 1) {
      // One matrix for a batch of vectors (solvevec): each vector is a contiguous row already.
      const rows = tf.reshape(b, [-1, n]);
      const x = runKernel(TRIANGULAR_SOLVE_ROWS_KERNEL, {rows, matrix: tf.reshape(a, [n, n])}, {lower, adjoint});
      return broadcastToShape(tf.reshape(x, b.shape), [...batch, n, 1]);
    }
    if (a.size === n * n && b.rank > 2) {
      // One matrix for a batch of right-hand sides: solve them all as columns of one system.
      const {folded, unfold} = foldBatchIntoColumns(b);
      const x = runKernel(TRIANGULAR_SOLVE_KERNEL, {rhs: folded, matrix: tf.reshape(a, [n, n])}, {lower, adjoint});
      return broadcastToShape(unfold(x), [...batch, n, b.shape[b.rank - 1]]);
    }
    const ab = broadcastToShape(a, [...batch, n, n]);
    const bb = broadcastToShape(b, [...batch, ...b.shape.slice(-2)]);
    return runKernel(TRIANGULAR_SOLVE_KERNEL, {rhs: bb, matrix: ab}, {lower, adjoint});
  });
}
