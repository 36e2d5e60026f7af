import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';
import {wrapSum} from './wrap_sum';

/**
 * The key under which a data id carries the float64 sum of its float32 values in index order,
 * set by kernels that computed it while writing the values (the fused log-densities of
 * libs/distributions); tensors are immutable, so it stays true, and it is what the loop below
 * would add, bit for bit.
 */
const KNOWN_TOTAL = Symbol.for('tfjs-probability.knownTotal');

/** As in sum_over_trailing_axes.ts: sums of more terms per output are added in float64. */
const LONG_SUM = 128;

/**
 * values[start] + ... + values[end - 1] added in float64 in index order. A module-level function:
 * V8 optimizes it once and keeps it (the same loop inside a per-call closure ran at ~3.7 ms per
 * 1e6 terms, here ~1.5).
 */
function sequentialSum(values: Float32Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    sum += values[i];
  }
  return sum;
}

/**
 * Wraps the wasm backend's Sum (as wrapped by sumOverTrailingAxes) for the calls that wrapper
 * takes (float32, trailing axes, more than LONG_SUM terms per output): the same float64 sums in
 * the same order, so bit-identical results, from a loop V8 optimizes once. Other calls go to
 * `original`.
 */
export function sequentialLongSum(original: tf.KernelConfig): tf.KernelConfig {
  return wrapSum(original, ({x, axes, keepDims}, backend) => {
    const first = x.shape.length - axes.length;
    const trailing = axes.length > 0 && axes.every((a, i) => a === first + i);
    const terms = tf.util.sizeFromShape(x.shape.slice(first));
    if (x.dtype !== 'float32' || !trailing || terms <= LONG_SUM) {
      return undefined;
    }
    const kept = x.shape.slice(0, first);
    const rows = tf.util.sizeFromShape(kept);
    const known = rows === 1 ? (x.dataId as Record<symbol, unknown>)[KNOWN_TOTAL] : undefined;
    return withWasmScope(backend, (scope) => {
      const out = scope.allocate(keepDims ? [...kept, ...axes.map(() => 1)] : kept);
      // Views after the last allocation (growing the heap detaches them).
      const values = scope.view(x);
      const result = scope.view(out);
      if (typeof known === 'number') {
        result[0] = known;
        return out;
      }
      for (let row = 0; row < rows; row++) {
        result[row] = sequentialSum(values, row * terms, (row + 1) * terms);
      }
      return out;
    });
  });
}
