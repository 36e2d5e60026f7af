/** Shape arithmetic shared by the compiled kernels. */

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  return strides;
}

/**
 * For every output position of `outShape`, the flat index into an input of `inShape` under numpy
 * broadcasting (shapes aligned on the right, size-1 dimensions repeated).
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const rank = outShape.length;
  const offset = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  const strides = outShape.map((_, k) => (k < offset || inShape[k - offset] === 1 ? 0 : inStrides[k - offset]));
  return indexTable(outShape, strides, 0);
}

/** For every position of `shape` (row-major), base + sum_k position_k * strides_k. */
export function indexTable(shape: readonly number[], strides: readonly number[], base: number): Int32Array {
  const size = sizeOf(shape);
  const table = new Int32Array(size);
  const rank = shape.length;
  const pos = new Array<number>(rank).fill(0);
  let index = base;
  for (let i = 0; i < size; i++) {
    table[i] = index;
    for (let k = rank - 1; k >= 0; k--) {
      pos[k]++;
      index += strides[k];
      if (pos[k] < shape[k]) break;
      index -= strides[k] * shape[k];
      pos[k] = 0;
    }
  }
  return table;
}

/** The broadcast index for an input, or null when it is read at element i or element 0. */
export function operandIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  const inSize = sizeOf(inShape);
  return inSize === sizeOf(outShape) || inSize === 1 ? null : broadcastIndex(inShape, outShape);
}

/** Normalizes an axis attr (number, array or undefined meaning all axes) for a tensor of rank `rank`. */
export function normalizeAxes(axis: unknown, rank: number): number[] {
  if (axis === undefined || axis === null) return [...Array(rank).keys()];
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  return [...new Set(list.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
}
