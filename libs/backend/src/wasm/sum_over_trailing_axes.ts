import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';
import {wrapSum} from './wrap_sum';

/**
 * Sums longer than this many float32 terms per output go through float64 accumulators; shorter
 * ones stay on the stock kernel, whose float32 running sum then errs by at most n * 2^-24
 * relative (< 1e-5) and is a little faster.
 */
const LONG_SUM = 128;

/**
 * The key under which a data id carries the float64 sum of its float32 values in index order,
 * set by kernels that computed it while writing the values (the fused log-densities of
 * libs/distributions); tensors are immutable, so it stays true, and it is what `sequentialSum`
 * would add, bit for bit.
 */
const KNOWN_TOTAL = Symbol.for('tfjs-probability.knownTotal');

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
 * Wraps the wasm backend's Sum: a float32 sum over the trailing axes (a whole tensor, or each row
 * of a log-likelihood) of more than LONG_SUM terms per output is added in float64 in index order
 * and rounded to float32 once; a full sum of data whose writer recorded that total (KNOWN_TOTAL)
 * takes it without a pass. The stock kernel keeps a float32 running sum, whose error grows with
 * the number of terms: over the 73,421 terms of the InstEval log-likelihood (~-1.2e5) it was off
 * by ~0.5, differently at nearby states, which made HMC reject good proposals. Other sums go to
 * `original` (which handles leading axes).
 */
export function sumOverTrailingAxes(original: tf.KernelConfig): tf.KernelConfig {
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
      // Views are taken after the last allocation, which may grow (and so detach) the heap.
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
