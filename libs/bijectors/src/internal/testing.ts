/**
 * Test helpers shared by the bijector tests (not exported from the package): Jacobians by
 * automatic differentiation, log|det| in float64, closeness assertions and leak checks.
 */
import * as tf from '@tensorflow/tfjs';
import type {ExecutionContext} from 'ava';

type Nested = number | Nested[];

/** Flattened values of a tensor or nested array, as float64 JS numbers. */
export function flat(v: tf.Tensor | Nested): number[] {
  if (v instanceof tf.Tensor) return Array.from(v.dataSync());
  if (typeof v === 'number') return [v];
  return (v as Nested[]).flatMap((e) => flat(e));
}

/** Asserts |a - e| <= atol + rtol |e| elementwise (NaN only matches NaN), with a helpful message. */
export function assertClose(
  t: ExecutionContext,
  actual: tf.Tensor | Nested,
  expected: tf.Tensor | Nested,
  atol: number,
  rtol = 0,
  what = 'value',
): void {
  const a = flat(actual);
  const e = flat(expected);
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor) {
    t.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  }
  t.is(a.length, e.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const ok = Number.isNaN(e[i]) ? Number.isNaN(a[i]) : Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    if (!ok) {
      t.fail(`${what}[${i}]: got ${a[i]}, expected ${e[i]} (atol ${atol}, rtol ${rtol})`);
      return;
    }
  }
  t.pass();
}

/**
 * The Jacobian dy/dx (rows: flattened outputs, columns: flattened inputs) of `f` at `x`, by reverse-mode
 * differentiation with one one-hot cotangent per output.
 */
export function jacobian(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number[][] {
  return tf.tidy(() => {
    const y = f(x);
    const g = tf.grad(f);
    const rows: number[][] = [];
    for (let i = 0; i < y.size; i++) {
      // (tf.oneHot with a float dtype is wrong on wasm in tfjs 4.22, so the cotangent is built by hand.)
      const values = new Float32Array(y.size);
      values[i] = 1;
      const dy = tf.tensor(values, y.shape);
      rows.push(Array.from(g(x, dy).dataSync()));
    }
    return rows;
  });
}

/** log|det A| of a square matrix by LU with partial pivoting in float64. */
export function logAbsDet(m: number[][]): number {
  const n = m.length;
  const a = m.map((r) => r.slice());
  if (a.some((r) => r.length !== n)) throw new Error(`logAbsDet: matrix is not square (${n} x ${a[0]?.length})`);
  let total = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    const pivot = a[k][k];
    if (pivot === 0) return -Infinity;
    total += Math.log(Math.abs(pivot));
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / pivot;
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return total;
}

/** Rows `rows` and columns `cols` of a matrix (all when undefined). */
export function submatrix(m: number[][], rows?: number[], cols?: number[]): number[][] {
  const r = rows ?? m.map((_, i) => i);
  const c = cols ?? m[0].map((_, j) => j);
  return r.map((i) => c.map((j) => m[i][j]));
}

/** Flat indices of the lower triangle (row-major) of an n x n matrix, with or without the diagonal. */
export function lowerIndices(n: number, withDiagonal = true): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j <= (withDiagonal ? i : i - 1); j++) out.push(i * n + j);
  return out;
}

/** Runs `fn` and asserts it left no tensors behind. */
export function assertNoLeak(t: ExecutionContext, fn: () => void, what = 'call'): void {
  const before = tf.memory().numTensors;
  fn();
  t.is(tf.memory().numTensors, before, `${what} leaked tensors`);
}

/** Disposes every tensor in a value returned by a bijector (tensor, array or object of tensors). */
export function disposeAll(v: unknown): void {
  if (v instanceof tf.Tensor) v.dispose();
  else if (Array.isArray(v)) v.forEach(disposeAll);
  else if (v && typeof v === 'object') Object.values(v).forEach(disposeAll);
}

/** The single-tensor surface of a bijector that `checkBijector` exercises. */
export interface TensorBijector {
  forward(x: tf.Tensor): tf.Tensor;
  inverse(y: tf.Tensor): tf.Tensor;
  forwardLogDetJacobian(x: tf.Tensor, eventNdims?: number): tf.Tensor;
  inverseLogDetJacobian(y: tf.Tensor, eventNdims?: number): tf.Tensor;
  readonly forwardMinEventNdims: number;
  readonly inverseMinEventNdims: number;
}

export interface CheckOptions {
  /** Event rank of `x` used for the log-det (default forwardMinEventNdims). */
  eventNdims?: number;
  /** Tolerances for the round trips. */
  atol?: number;
  rtol?: number;
  /** Tolerances for log-det vs the autodiff Jacobian. */
  ldjAtol?: number;
  ldjRtol?: number;
  /** Flat indices (within one event) of the free input / output coordinates, for maps between manifolds. */
  inputIndices?: number[];
  outputIndices?: number[];
}

/**
 * TFP's bijector test battery for one input `x` (batch dims followed by event dims):
 * inverse(forward(x)) == x, forward(inverse(y)) == y, fldj(x) against log|det| of the autodiff
 * Jacobian of each batch member's block, ildj(y) == -fldj(x), and no leaked tensors.
 */
export function checkBijector(t: ExecutionContext, b: TensorBijector, xValue: Nested | tf.Tensor, opts: CheckOptions = {}): void {
  const before = tf.memory().numTensors;
  const x = xValue instanceof tf.Tensor ? xValue : tf.tensor(xValue as number[]);
  const eventNdims = opts.eventNdims ?? b.forwardMinEventNdims;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-5;
  const y = b.forward(x);
  const x2 = b.inverse(y);
  assertClose(t, x2, x, atol, rtol, 'inverse(forward(x))');
  const y2 = b.forward(x2);
  assertClose(t, y2, y, atol, rtol, 'forward(inverse(y))');
  const fldj = b.forwardLogDetJacobian(x, eventNdims);
  const yEventNdims = eventNdims - b.forwardMinEventNdims + b.inverseMinEventNdims;
  const ildj = b.inverseLogDetJacobian(y, yEventNdims);
  const batchShape = x.shape.slice(0, x.rank - eventNdims);
  // A constant Jacobian may come back unbroadcast (TFP returns a scalar 0 for Shift); it must broadcast to the batch.
  t.true(fldj.rank <= batchShape.length && fldj.shape.every((d, i) => d === 1 || d === batchShape[batchShape.length - fldj.rank + i]), `fldj shape [${fldj.shape}] vs batch [${batchShape}]`);
  const negF = tf.neg(fldj);
  tf.tidy(() => assertClose(t, tf.broadcastTo(ildj, batchShape), tf.broadcastTo(negF, batchShape), opts.ldjAtol ?? 1e-4, opts.ldjRtol ?? 1e-4, 'ildj(y) vs -fldj(x)'));
  negF.dispose();

  const J = jacobian((v) => b.forward(v), x);
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const inEvent = x.size / batch;
  const outEvent = y.size / batch;
  const expected: number[] = [];
  for (let k = 0; k < batch; k++) {
    const rows = (opts.outputIndices ?? range(outEvent)).map((i) => k * outEvent + i);
    const cols = (opts.inputIndices ?? range(inEvent)).map((i) => k * inEvent + i);
    expected.push(logAbsDet(submatrix(J, rows, cols)));
  }
  tf.tidy(() => assertClose(t, tf.broadcastTo(fldj, batchShape), expected, opts.ldjAtol ?? 1e-4, opts.ldjRtol ?? 1e-4, 'fldj vs log|det J| (autodiff)'));
  for (const v of [y, x2, y2, fldj, ildj]) v.dispose();
  if (!(xValue instanceof tf.Tensor)) x.dispose();
  t.is(tf.memory().numTensors, before, 'checkBijector leaked tensors');
}

function range(n: number): number[] {
  return Array.from({length: n}, (_, i) => i);
}

/**
 * For an elementwise bijector: the battery at event ranks 0 (scalar), 1 (vector) and 2 (matrix) on a
 * 2 x 3 input built from `values` (6 points in the domain), checking the reductions over event dims.
 */
export function checkElementwise(t: ExecutionContext, b: TensorBijector, values: number[], opts: CheckOptions = {}): void {
  if (values.length !== 6) throw new Error('checkElementwise: give 6 domain points');
  const x = tf.tensor2d(values, [2, 3]);
  for (const eventNdims of [0, 1, 2]) checkBijector(t, b, x, {...opts, eventNdims});
  x.dispose();
}
