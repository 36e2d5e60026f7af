import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * Log1p for 'wasm': log(1 + x) accurate for |x| << 1. tfjs 4.22's wasm kernel computes
 * log(1 + x) literally, which rounds 1 + x to float32 first (log1p(1e-8) gives 0 and
 * log1p(1e-5) is off by 1e-3 relative). One pass over the wasm heap with Math.log1p in float64.
 */
export const log1pConfig: tf.KernelConfig = {
  kernelName: 'Log1p',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend}) => {
    const wasm = backend as BackendWasm;
    const x = inputs.x as tf.TensorInfo;
    const out = wasm.makeOutput(x.shape, 'float32');
    // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
    const result = wasm.typedArrayFromHeap(out) as Float32Array;
    const values = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
    for (let i = 0; i < values.length; i++) {
      result[i] = Math.log1p(values[i]);
    }
    return out;
  },
};
