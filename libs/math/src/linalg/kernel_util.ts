import * as tf from '@tensorflow/tfjs';

/**
 * The backends this package's JavaScript kernels are registered for. They only need the
 * backend's `readSync` and `write`, which every tfjs backend has; cpu and wasm are the ones the
 * tests run on here, webgl and tensorflow (tfjs-node) are registered so that the ops exist there.
 */
export const JS_KERNEL_BACKENDS = ['cpu', 'wasm', 'webgl', 'tensorflow'] as const;

/**
 * Registers one JavaScript kernel under `kernelName` for every backend in JS_KERNEL_BACKENDS
 * (skipping backends that already have it, so that re-importing the module is harmless).
 */
export function registerJsKernel(kernelName: string, kernelFunc: tf.KernelFunc): void {
  for (const backendName of JS_KERNEL_BACKENDS) {
    if (tf.getKernel(kernelName, backendName) === undefined) {
      tf.registerKernel({kernelName, backendName, kernelFunc});
    }
  }
}

/** Registers a kernel's gradient unless one is registered already (the module loaded twice). */
export function registerGradientOnce(config: tf.GradConfig): void {
  if (tf.getGradient(config.kernelName) === undefined) {
    tf.registerGradient(config);
  }
}

/** The methods of cpu's and wasm's backends that a JS kernel needs. */
interface TypedArrayBackend {
  readSync(dataId: tf.TensorInfo['dataId']): unknown;
  write(values: Float32Array, shape: number[], dtype: tf.DataType): tf.TensorInfo['dataId'];
}

/** The input's values as a Float32Array (copied, so kernels may not alias backend memory). */
export function readFloat32(backend: unknown, info: tf.TensorInfo): Float32Array {
  const values = (backend as TypedArrayBackend).readSync(info.dataId);
  return Float32Array.from(values as ArrayLike<number>);
}

/** Hands `values` to the backend as a new float32 tensor of the given shape. */
export function writeFloat32(backend: unknown, shape: number[], values: Float32Array): tf.TensorInfo {
  const dataId = (backend as TypedArrayBackend).write(values, shape, 'float32');
  return {dataId, shape, dtype: 'float32'};
}

/** Runs a registered kernel on tensors and returns its single output as a Tensor. */
export function runKernel<T extends tf.Tensor>(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, boolean | number> = {},
): T {
  return tf.engine().runKernel(kernelName, inputs as unknown as tf.NamedTensorMap, attrs) as T;
}
