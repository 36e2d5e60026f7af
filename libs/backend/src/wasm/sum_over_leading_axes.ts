import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * Wraps the wasm backend's Sum: a float32 sum over the leading axes (bias gradients: dy summed
 * over batch and space, channels last) is one pass over X viewed as [P, C], adding each row
 * into C float64 accumulators (so, like the cpu backend, it rounds to float32 once). The stock
 * kernel first transposes the summed axes innermost, and a ones[1, P] x X[P, C] matmul is no
 * better: XNNPACK packs X as a weight matrix on every call (20 ms for a [128, 26, 26, 32] dy).
 * Other sums go to the stock kernel.
 */
export function sumOverLeadingAxes(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: original.kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const {axis, keepDims} = args.attrs as unknown as tf.SumAttrs;
      const rank = x.shape.length;
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading) {
        return original.kernelFunc(args);
      }
      const wasm = args.backend as BackendWasm;
      const kept = x.shape.slice(axes.length);
      const columns = tf.util.sizeFromShape(kept);
      const out = wasm.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
      // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
      const values = wasm.typedArrayFromHeap(x) as Float32Array;
      const sums = new Float64Array(columns);
      for (let start = 0; start < values.length; start += columns) {
        for (let c = 0; c < columns; c++) {
          sums[c] += values[start + c];
        }
      }
      (wasm.typedArrayFromHeap(out) as Float32Array).set(sums);
      return out;
    },
  };
}
