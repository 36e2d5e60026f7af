import * as tf from '@tensorflow/tfjs';

/** A Sum call's input, its sorted reduction axes and keepDims. */
export interface SumCall {
  x: tf.TensorInfo;
  axes: number[];
  keepDims: boolean;
}

/**
 * Wraps the wasm backend's Sum kernel: `handle` returns the output for the calls it takes and
 * undefined for the others, which go to `original`.
 */
export function wrapSum(
  original: tf.KernelConfig,
  handle: (call: SumCall, backend: unknown) => tf.TensorInfo | undefined,
): tf.KernelConfig {
  return {
    kernelName: original.kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const {axis, keepDims} = args.attrs as unknown as tf.SumAttrs;
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      return handle({x, axes, keepDims}, args.backend) ?? original.kernelFunc(args);
    },
  };
}
