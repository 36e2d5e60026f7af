import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/** The output shares x's buffer (one more reference to it), as the cpu backend's Identity does. */
function shareBuffer(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return {dataId: x.dataId, shape: x.shape, dtype: x.dtype};
}

/**
 * Wraps the wasm backend's Identity so that it does not copy. tfjs 4.22's kernel copies the
 * buffer, and the engine clones (Identity) every tensor a gradient saves, so a training step
 * copied each large activation up to three times (5 ms per step for the reference CNN's first
 * layer alone). Buffers are never written after their kernel returns, so sharing one is safe.
 * String tensors (not in the wasm heap) go to the stock kernel.
 */
export function identityWithoutCopy(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      return x.dtype === 'string' ? original.kernelFunc(args) : shareBuffer(args.backend as BackendWasm, x);
    },
  };
}

/**
 * Wraps the wasm backend's Cast: a cast to the dtype x already has shares x's buffer instead
 * of copying it (relu's gradient casts a float32 step to float32 on every call), and a cast
 * to bool gives x != 0 as on cpu (tfjs 4.22's wasm kernel stores the value's low byte:
 * 2.5 -> 2, 256 -> 0).
 */
export function castWithoutSameTypeCopy(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const {dtype} = args.attrs as unknown as tf.CastAttrs;
      const backend = args.backend as BackendWasm;
      if (x.dtype === 'string') {
        return original.kernelFunc(args);
      }
      if (dtype === x.dtype) {
        return shareBuffer(backend, x);
      }
      if (dtype === 'bool') {
        const out = backend.makeOutput(x.shape, 'bool');
        // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
        const flags = backend.typedArrayFromHeap(out) as Uint8Array;
        const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
        for (let i = 0; i < values.length; i++) {
          flags[i] = values[i] !== 0 ? 1 : 0;
        }
        return out;
      }
      return original.kernelFunc(args);
    },
  };
}
