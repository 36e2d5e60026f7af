import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * Wraps the wasm backend's Sum: a float32 sum over the leading axes (bias gradients: dy summed
 * over batch and space, channels last) is computed as ones[1, P] x X[P, C] by the matmul
 * kernel, instead of the stock kernel's transpose that moves the summed axes innermost
 * first. Other sums go to the stock kernel.
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
      const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
      const kept = x.shape.slice(axes.length);
      return withWasmScope(args.backend, (scope) => {
        const ones = scope.run('Fill', {}, {shape: [1, 1, rows], value: 1, dtype: 'float32'});
        const matrix = scope.reshape(x, [1, rows, tf.util.sizeFromShape(kept)]);
        const summed = scope.run('BatchMatMul', {a: ones, b: matrix}, {transposeA: false, transposeB: false});
        return scope.reshape(summed, keepDims ? [...axes.map(() => 1), ...kept] : kept);
      });
    },
  };
}
