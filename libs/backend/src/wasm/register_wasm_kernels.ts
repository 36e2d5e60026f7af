import * as tf from '@tensorflow/tfjs';
import {conv2dBackpropFilterConfig} from './conv2d_backprop_filter';
import {conv2dBackpropInputConfig} from './conv2d_backprop_input';
import {conv3dBackpropFilterConfig} from './conv3d_backprop_filter';
import {conv3dBackpropInputConfig} from './conv3d_backprop_input';
import {depthwiseConv2dNativeBackpropFilterConfig} from './depthwise_conv2d_native_backprop_filter';
import {depthwiseConv2dNativeBackpropInputConfig} from './depthwise_conv2d_native_backprop_input';
import {einsumConfig} from './einsum';
import {adamUpdateConfig, installFusedAdam} from './fused_adam';
import {castWithoutSameTypeCopy, identityWithoutCopy} from './identity';
import {REDUCTION_KERNELS, withEmptyReduction} from './empty_reductions';
import {log1pConfig} from './log1p';
import {oneHotWithFloatOutput} from './one_hot';
import {matMulWithoutTransposeFlags} from './mat_mul_without_transpose_flags';
import {maxPoolGradConfig} from './max_pool_grad';
import {maxPool3DConfig, maxPool3DGradConfig} from './max_pool_3d';
import {sumOverLeadingAxes} from './sum_over_leading_axes';
import {sumOverTrailingAxes} from './sum_over_trailing_axes';
import {fastTile} from './tile';
import {ELEMENTWISE_BINARY_KERNELS, elementwiseBinary} from './elementwise_binary';
import {BROADCAST_BY_TILE_KERNELS, broadcastByTile} from './broadcast_by_tile';
import {unsortedSegmentSumConfig} from './unsorted_segment_sum';
import {log32Config} from './simd_log_kernels';

/**
 * Kernels tfjs 4.22's wasm backend lacks (and TfpAdamUpdate, the fused Adam step); each is
 * registered for 'wasm' only if still missing.
 */
const WASM_KERNELS: tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  adamUpdateConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
  log32Config,
];

/**
 * Kernels the wasm backend has but runs slowly (naive loops) or wrongly; these replace its
 * own: Conv2DBackpropInput and MaxPoolGrad outright, Conv3DBackpropInputV2 and
 * Conv3DBackpropFilterV2 (tfjs 4.22's wasm kernels are wrong: part of dx stays zero, and dW
 * is wrong for strides > 1), MaxPool3D and MaxPool3DGrad (their windows start at FLT_MIN, so
 * windows of negative values pool to 1.2e-38), Log1p (whose wasm kernel loses all precision for small
 * x), the matmuls' transposed-operand paths, Sum over leading axes and long sums over trailing axes (float32 running sums), Tile and the
 * comparison, logical, Maximum/Minimum, Pow, FloorDiv, Mod and Atan2 kernels' broadcasting
 * (per-element index arithmetic: up to 1000x an XNNPACK Add), and Identity and same-dtype
 * Cast (which copied the buffer; now shared).
 */
function replacements(): tf.KernelConfig[] {
  const configs = [
    conv2dBackpropInputConfig,
    conv3dBackpropInputConfig,
    conv3dBackpropFilterConfig,
    maxPoolGradConfig,
    maxPool3DConfig,
    maxPool3DGradConfig,
    log1pConfig,
  ];
  const oneHot = tf.getKernel('OneHot', 'wasm');
  if (oneHot !== undefined) {
    configs.push(oneHotWithFloatOutput(oneHot));
  }
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(name, 'wasm');
    if (original !== undefined) {
      configs.push(matMulWithoutTransposeFlags(original));
    }
  }
  const identity = tf.getKernel('Identity', 'wasm');
  if (identity !== undefined) {
    configs.push(identityWithoutCopy(identity));
  }
  const cast = tf.getKernel('Cast', 'wasm');
  if (cast !== undefined) {
    configs.push(castWithoutSameTypeCopy(cast));
  }
  const sum = tf.getKernel('Sum', 'wasm');
  if (sum !== undefined) {
    configs.push(sumOverTrailingAxes(sumOverLeadingAxes(sum)));
  }
  const tile = tf.getKernel('Tile', 'wasm');
  if (tile !== undefined) {
    configs.push(fastTile(tile));
  }
  for (const name of Object.keys(ELEMENTWISE_BINARY_KERNELS)) {
    const original = tf.getKernel(name, 'wasm');
    if (original !== undefined) {
      configs.push(elementwiseBinary(original));
    }
  }
  for (const name of BROADCAST_BY_TILE_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    if (original !== undefined) {
      configs.push(broadcastByTile(original));
    }
  }
  return configs;
}

let registered = false;

/**
 * Completes the wasm backend so that tf.layers models train on it, and fast (including
 * tf.train.adam's update as one kernel per variable on wasm). Idempotent.
 */
export function registerWasmKernels(): void {
  if (registered) {
    return;
  }
  registered = true;
  installFusedAdam();
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) {
      tf.registerKernel(config);
    }
  }
  for (const config of replacements()) {
    if (tf.getKernel(config.kernelName, 'wasm') !== undefined) {
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
  // Last, so that they wrap whichever kernels are registered by now (Sum above).
  for (const name of REDUCTION_KERNELS) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel !== undefined) {
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(withEmptyReduction(kernel));
    }
  }
}
