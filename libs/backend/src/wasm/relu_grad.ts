import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/** The fused relu gradient's kernel name (inputs dy and x, output dy * step(x)). */
export const RELU_GRAD = 'TfpReluGrad';

/**
 * TfpReluGrad for 'wasm': dx = dy * step(x), with step(x) = 1 for x > 0, NaN for NaN x, 0
 * otherwise, exactly as tfjs's Relu gradient mul(dy, cast(step(x))) computes it, but in one
 * pass over the wasm heap instead of three kernels with two full-size intermediates.
 */
export const reluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: ({inputs, backend}) => {
    const wasm = backend as BackendWasm;
    const dy = inputs.dy as tf.TensorInfo;
    const x = inputs.x as tf.TensorInfo;
    if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) {
      throw new Error(
        `${RELU_GRAD}: dy and x must be float32 of one shape, got dy ${dy.dtype} ${JSON.stringify(dy.shape)} ` +
          `and x ${x.dtype} ${JSON.stringify(x.shape)}`,
      );
    }
    const out = wasm.makeOutput(x.shape, 'float32');
    // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
    const result = wasm.typedArrayFromHeap(out) as Float32Array;
    const grad = wasm.typedArrayFromHeap(dy) as Float32Array;
    const values = wasm.typedArrayFromHeap(x) as Float32Array;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      result[i] = grad[i] * (v > 0 ? 1 : v === v ? 0 : NaN);
    }
    return out;
  },
};
