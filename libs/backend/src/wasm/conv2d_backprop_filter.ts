import * as tf from '@tensorflow/tfjs';
import {withWasmScope, type WasmKernelScope} from './wasm_kernel_scope';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** How much of x's padded extent the forward convolution reached, per spatial axis. */
function reach(info: ConvInfo): {afterH: number; afterW: number} {
  return {
    afterH:
      (info.filterHeight - 1) * info.dilationHeight + (info.outHeight - 1) * info.strideHeight + 1 - info.inHeight - info.padInfo.top,
    afterW:
      (info.filterWidth - 1) * info.dilationWidth + (info.outWidth - 1) * info.strideWidth + 1 - info.inWidth - info.padInfo.left,
  };
}

/**
 * With one input channel (a grayscale first layer) the transposed-conv form has a batch of 1
 * and a huge "filter" (dy) to pack; the im2col matmul is faster there. From 3
 * channels on the XNNPACK convolution is 2x faster (measured on 28x28 and 13x13 MNIST-sized
 * layers, batch 128).
 */
function useIm2col(info: ConvInfo): boolean {
  return info.inChannels === 1;
}

/**
 * dW as one matmul, dW^T[k, (c, i, j)] = dy^T[k, (n, p, q)] x patches[(n, p, q), (c, i, j)]. The
 * patches (im2col of x) come from XNNPACK's depthwise convolution with a one-hot filter per
 * tap (channel multiplier = taps) and the forward convolution's strides, dilations and padding;
 * dy is transposed once. The matmul packs only the patches (taps * c columns), not dy (k
 * columns, far more rows' worth of data), which was the costly part.
 */
function filterGradByIm2col(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
): tf.TensorInfo {
  const {batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth} = info;
  const taps = filterHeight * filterWidth;
  const positions = batchSize * outHeight * outWidth;
  const xNhwc = channelsFirst ? scope.transpose(x, [0, 2, 3, 1]) : x;
  const dyNhwc = channelsFirst ? scope.transpose(dy, [0, 2, 3, 1]) : dy;
  const oneHot = scope.allocate([filterHeight, filterWidth, inChannels, taps]);
  const filter = scope.view(oneHot);
  filter.fill(0);
  for (let tap = 0; tap < taps; tap++) {
    for (let c = 0; c < inChannels; c++) {
      filter[(tap * inChannels + c) * taps + tap] = 1;
    }
  }
  const patches = scope.run(
    'DepthwiseConv2dNative',
    {x: xNhwc, filter: oneHot},
    {
      strides: [info.strideHeight, info.strideWidth],
      dilations: [info.dilationHeight, info.dilationWidth],
      pad: [
        [0, 0],
        [info.padInfo.top, info.padInfo.bottom],
        [info.padInfo.left, info.padInfo.right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  const dyT = scope.transpose(scope.reshape(dyNhwc, [positions, outChannels]), [1, 0]);
  const product = scope.run(
    'BatchMatMul',
    {a: scope.reshape(dyT, [1, outChannels, positions]), b: scope.reshape(patches, [1, positions, inChannels * taps])},
    {transposeA: false, transposeB: false},
  );
  const grad = scope.reshape(product, [outChannels, inChannels, filterHeight, filterWidth]);
  return scope.run('Transpose', {x: grad}, {perm: [2, 3, 1, 0]});
}

/**
 * dW as a forward convolution run by XNNPACK: input x transposed to [c, h, w, n] (channels
 * become the batch, the batch the channels), "filter" dy transposed to [p, q, n, k], stride
 * and dilation swapped; the output [c, i, j, k] is transposed to [i, j, c, k].
 */
function filterGradByConv(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
): tf.TensorInfo {
  const xT = scope.transpose(x, channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]);
  const dyT = scope.transpose(dy, channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]);
  const {afterH, afterW} = reach(info);
  const input = scope.padOrCrop(xT, [
    [0, 0],
    [0, Math.min(0, afterH)],
    [0, Math.min(0, afterW)],
    [0, 0],
  ]);
  const grad = scope.run(
    'Conv2D',
    {x: input, filter: dyT},
    {
      strides: [info.dilationHeight, info.dilationWidth],
      dilations: [info.strideHeight, info.strideWidth],
      pad: [
        [0, 0],
        [info.padInfo.top, Math.max(0, afterH)],
        [info.padInfo.left, Math.max(0, afterW)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  return scope.run('Transpose', {x: grad}, {perm: [1, 2, 0, 3]});
}

/**
 * Conv2DBackpropFilter for 'wasm' (TF's `Conv2DBackpropFilter`), the filter gradient
 * dW[i, j, c, k] = sum_{n, p, q} x[n, p*s + i*d - pad, q*s + j*d - pad, c] * dy[n, p, q, k],
 * as an XNNPACK forward convolution (or, for one input channel, an im2col matmul). Bottom and
 * right rows the forward convolution never reached are cropped, so the output is exactly
 * filterShape.
 */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs & {dilations?: number | [number, number]};
    const format = tf.backend_util.convertConv2DDataFormat(a.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      a.dilations ?? 1,
      a.pad,
      a.dimRoundingMode,
      false,
      format,
    );
    const channelsFirst = format === 'channelsFirst';
    return withWasmScope(backend, (scope) =>
      useIm2col(info) ? filterGradByIm2col(scope, x, dy, info, channelsFirst) : filterGradByConv(scope, x, dy, info, channelsFirst),
    );
  },
};
