import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * OneHot for 'wasm' with a float dtype: tfjs 4.22's wasm kernel writes int32 bit patterns into
 * a float32 output (1 reads as 1.4e-45). Runs the stock kernel in int32
 * (0/1), casts, and maps 0/1 to offValue/onValue with the backend's own kernels.
 */
export function oneHotWithFloatOutput(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: 'OneHot',
    backendName: 'wasm',
    // The stock kernel binds its wasm function in its setup.
    setupFunc: original.setupFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as tf.OneHotAttrs;
      if (attrs.dtype === 'int32') {
        return original.kernelFunc(args);
      }
      const backend = args.backend as BackendWasm;
      const scalar = (value: number) => {
        const info = backend.makeOutput([], 'float32');
        (backend.typedArrayFromHeap(info) as Float32Array)[0] = value;
        return info;
      };
      const indicator = original.kernelFunc({...args, attrs: {...attrs, dtype: 'int32', onValue: 1, offValue: 0}}) as tf.TensorInfo;
      const cast = tf.getKernel('Cast', 'wasm')!.kernelFunc({inputs: {x: indicator}, backend, attrs: {dtype: 'float32'}}) as tf.TensorInfo;
      backend.disposeData(indicator.dataId);
      if (attrs.onValue === 1 && attrs.offValue === 0) {
        return cast;
      }
      // off + (on - off) * indicator, computed by the backend's own kernels.
      const scale = scalar(attrs.onValue - attrs.offValue);
      const shift = scalar(attrs.offValue);
      const scaled = tf.getKernel('Multiply', 'wasm')!.kernelFunc({inputs: {a: cast, b: scale}, backend, attrs: {}}) as tf.TensorInfo;
      const out = tf.getKernel('Add', 'wasm')!.kernelFunc({inputs: {a: scaled, b: shift}, backend, attrs: {}}) as tf.TensorInfo;
      for (const info of [cast, scale, shift, scaled]) backend.disposeData(info.dataId);
      return out;
    },
  };
}
