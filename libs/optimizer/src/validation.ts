import * as tf from '@tensorflow/tfjs';

/** A position given as numbers, nested arrays or a tensor. */
export type PositionLike = number[] | number[][] | tf.Tensor;

/** Reads a float32 tensor (or array) into float64 rows of the last axis; shape [n] gives one row. */
export function readPosition(
    owner: string, name: string, value: PositionLike): {rows: Float64Array[]; batchShape: number[]; n: number} {
  const t = value instanceof tf.Tensor ? value : tf.tensor(value as number[]);
  try {
    if (t.rank < 1) {
      throw new Error(`${owner}: ${name} must have rank >= 1 (shape [..., n]); received shape [${t.shape}].`);
    }
    const n = t.shape[t.rank - 1];
    if (n < 1) throw new Error(`${owner}: ${name} must have at least one coordinate; received shape [${t.shape}].`);
    const data = t.dataSync();
    const rows: Float64Array[] = [];
    for (let i = 0; i < data.length; i += n) rows.push(Float64Array.from(data.subarray(i, i + n)));
    rows.forEach((row, b) => row.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new Error(`${owner}: ${name} must be finite; received ${v} at batch member ${b}, coordinate ${j}.`);
      }
    }));
    return {rows, batchShape: t.shape.slice(0, -1), n};
  } finally {
    if (!(value instanceof tf.Tensor)) t.dispose();
  }
}

/** Throws unless `value` is a finite number satisfying `ok`. */
export function checkNumber(owner: string, name: string, value: number, ok: (v: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`${owner}: ${name} must be ${expected}; received ${String(value)}.`);
  }
}

/** Checks that `t` has `shape` exactly, naming the function that produced it. */
export function checkShape(owner: string, what: string, t: tf.Tensor, shape: number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${owner}: ${what} must have shape [${shape}]; received shape [${t.shape}].`);
  }
}

/** Builds a float32 tensor of shape batchShape + [n] from float64 rows. */
export function rowsToTensor(rows: Float64Array[], batchShape: number[], n: number): tf.Tensor {
  const flat = new Float32Array(rows.length * n);
  rows.forEach((row, b) => flat.set(row, b * n));
  return tf.tensor(flat, [...batchShape, n]);
}

export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** x + alpha * d. */
export const axpy = (x: Float64Array, alpha: number, d: Float64Array): Float64Array =>
  x.map((xi, i) => xi + alpha * d[i]);

/** Runs `fn` in a tensor scope and disposes every tensor it made; for results that are not tensors. */
export function inScope<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
