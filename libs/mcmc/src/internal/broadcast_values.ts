/** The values of `values` (of shape `shape`) broadcast to `target` (numpy rules), flat and row-major, in float64. */
export function broadcastValues(values: ArrayLike<number>, shape: readonly number[], target: readonly number[]): Float64Array {
  const rank = target.length;
  const size = target.reduce((a, b) => a * b, 1);
  // The common cases of the samplers' per-step calls: one value everywhere, or nothing to broadcast.
  if (values.length === 1 && shape.length <= rank) return new Float64Array(size).fill(values[0]);
  if (shape.length === rank && shape.every((d, k) => d === target[k])) return Float64Array.from(values);
  // Strides of the source aligned to the target's trailing dimensions (0 where the source broadcasts).
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const t = rank - shape.length + k;
    if (t < 0 || (shape[k] !== 1 && shape[k] !== target[t])) {
      throw new Error(`broadcastValues: shape [${shape}] does not broadcast to [${target}]`);
    }
    strides[t] = shape[k] === 1 ? 0 : stride;
    stride *= shape[k];
  }
  const out = new Float64Array(size);
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < size; i++) {
    out[i] = values[source];
    for (let k = rank - 1; k >= 0; k--) {
      index[k]++;
      source += strides[k];
      if (index[k] < target[k]) break;
      source -= strides[k] * target[k];
      index[k] = 0;
    }
  }
  return out;
}
