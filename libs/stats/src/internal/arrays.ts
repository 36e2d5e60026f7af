import * as tf from '@tensorflow/tfjs';

/** A vector: a rank-1 tensor, a typed array or a plain array of numbers (booleans read as 0/1). */
export type VectorLike = tf.Tensor | ArrayLike<number> | ArrayLike<boolean>;

/**
 * A matrix of per-example rows (`[N, K]`): a rank-2 tensor or an array of rows (plain arrays or
 * typed arrays). Where a metric takes class probabilities, a vector of length N is read as the
 * probability of class 1 of a binary classifier, i.e. the rows `[1 - p, p]`.
 */
export type MatrixLike = tf.Tensor | ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

/** A row-major matrix of JS numbers. */
export interface DenseMatrix {
  values: Float64Array;
  rows: number;
  cols: number;
}

function isTensor(x: unknown): x is tf.Tensor {
  return x instanceof tf.Tensor;
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Reads a vector into float64 JS numbers; `where` names the function and parameter. */
export function readVector(where: string, x: VectorLike): Float64Array {
  if (isTensor(x)) {
    if (x.isDisposed) throw new Error(`${where}: the tensor was already disposed`);
    if (x.rank !== 1) {
      throw new Error(`${where}: expected a rank-1 tensor, got shape ${describeShape(x.shape)}`);
    }
    return Float64Array.from(x.dataSync() as ArrayLike<number>);
  }
  if (x == null || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new Error(`${where}: expected a tensor, typed array or array of numbers, got ${String(x)}`);
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' && typeof v !== 'boolean') {
      throw new Error(`${where}: element ${i} is ${JSON.stringify(v)}, expected a number`);
    }
    out[i] = Number(v);
  }
  return out;
}

/**
 * Reads a matrix `[N, K]` into float64 JS numbers. A vector is returned as an `[N, 1]` matrix;
 * callers decide what one column means.
 */
export function readMatrix(where: string, x: MatrixLike): DenseMatrix {
  if (isTensor(x)) {
    if (x.isDisposed) throw new Error(`${where}: the tensor was already disposed`);
    if (x.rank === 1) return {values: readVector(where, x), rows: x.size, cols: 1};
    if (x.rank !== 2) {
      throw new Error(`${where}: expected a tensor of shape [N, K], got shape ${describeShape(x.shape)}`);
    }
    return {values: Float64Array.from(x.dataSync() as ArrayLike<number>), rows: x.shape[0] as number, cols: x.shape[1] as number};
  }
  if (x == null || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new Error(`${where}: expected a tensor or an array of rows, got ${String(x)}`);
  }
  const rows = x.length;
  if (rows === 0) return {values: new Float64Array(0), rows: 0, cols: 0};
  const first = (x as ArrayLike<unknown>)[0];
  if (typeof first === 'number') {
    const values = readVector(where, x as ArrayLike<number>);
    return {values, rows, cols: 1};
  }
  const table = x as ReadonlyArray<ArrayLike<number>>;
  const cols = table[0]?.length;
  if (typeof cols !== 'number') {
    throw new Error(`${where}: row 0 is ${JSON.stringify(table[0])}, expected an array of numbers`);
  }
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = table[i];
    if (row == null || row.length !== cols) {
      throw new Error(`${where}: row ${i} has length ${row?.length}, expected ${cols} like row 0`);
    }
    for (let k = 0; k < cols; k++) {
      const v = row[k];
      if (typeof v !== 'number') {
        throw new Error(`${where}: element [${i}, ${k}] is ${JSON.stringify(v)}, expected a number`);
      }
      values[i * cols + k] = v;
    }
  }
  return {values, rows, cols};
}
