import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';
import {wrapSum} from './wrap_sum';

/**
 * Wraps the wasm backend's Sum: a float32 sum over the leading axes (bias gradients: dy summed
 * over batch and space, channels last) is done in two stages. X is viewed as
 * [P1, P2, 1, C] (P1 the first summed axis, P2 the product of the others) and XNNPACK's
 * average pooling with a [P2, 1] window gives the P1 x C partial means (SIMD across channels);
 * those are scaled back by P2 and added in float64 accumulators, rounded to float32 once. With
 * one summed axis (P2 = 1) the rows are added in float64 directly. For a [128, 26, 26, 32] dy
 * this takes ~1.5 ms where one JS pass took ~10 ms, the stock kernel (transpose, then
 * a float32 running sum) ~8 ms and a ones[1, P] x X[P, C] matmul ~20 ms (XNNPACK packs X
 * as a weight matrix on every call). Other sums go to the stock kernel.
 */
export function sumOverLeadingAxes(original: tf.KernelConfig): tf.KernelConfig {
  return wrapSum(original, ({x, axes, keepDims}, backend) => {
    const rank = x.shape.length;
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || tf.util.sizeFromShape(x.shape) === 0) {
      return undefined;
    }
    const kept = x.shape.slice(axes.length);
    const columns = tf.util.sizeFromShape(kept);
    const outer = x.shape[0];
    const inner = tf.util.sizeFromShape(x.shape.slice(1, axes.length));
    return withWasmScope(backend, (scope) => {
      const out = scope.allocate(keepDims ? [...axes.map(() => 1), ...kept] : kept);
      const rows =
        inner === 1
          ? x
          : scope.run(
              'AvgPool',
              {x: scope.reshape(x, [outer, inner, 1, columns])},
              {filterSize: [inner, 1], strides: [1, 1], pad: 'valid'},
            );
      // Views are taken after the last allocation, which may grow (and so detach) the heap.
      const values = scope.view(rows);
      const sums = new Float64Array(columns);
      for (let start = 0; start < values.length; start += columns) {
        for (let c = 0; c < columns; c++) {
          sums[c] += values[start + c];
        }
      }
      const result = scope.view(out);
      for (let c = 0; c < columns; c++) {
        result[c] = sums[c] * inner;
      }
      return out;
    });
  });
}
