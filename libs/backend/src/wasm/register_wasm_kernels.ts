import * as tf from '@tensorflow/tfjs';
import {conv2dBackpropFilterConfig} from './conv2d_backprop_filter';
import {conv2dBackpropInputConfig} from './conv2d_backprop_input';
import {depthwiseConv2dNativeBackpropFilterConfig} from './depthwise_conv2d_native_backprop_filter';
import {depthwiseConv2dNativeBackpropInputConfig} from './depthwise_conv2d_native_backprop_input';
import {einsumConfig} from './einsum';
import {unsortedSegmentSumConfig} from './unsorted_segment_sum';

/** Kernels tfjs 4.22's wasm backend lacks; each is registered for 'wasm' only if still missing. */
const WASM_KERNELS: tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
];

/**
 * Kernels the wasm backend has but runs slowly (Conv2DBackpropInput is a naive loop there);
 * these replace the backend's own.
 */
const WASM_KERNEL_REPLACEMENTS: tf.KernelConfig[] = [conv2dBackpropInputConfig];

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
  for (const config of WASM_KERNEL_REPLACEMENTS) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) {
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
}
