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
 * and a huge "filter" to pack and transpose; the im2col matmul is 3-4x faster there. From 3
 * channels on the XNNPACK convolution is 2x faster (measured on 28x28 and 13x13 MNIST-sized
 * layers, batch 128).
 */
function useIm2col(info: ConvInfo): boolean {
  return info.inChannels === 1;
}

/**
 * The im2col matrix of x, laid out [(i, j, c), (n, p, q)]: row (i, j, c) holds
 * x[n, p*s + i*d - pad, q*s + j*d - pad, c] for every output position, 0 where that falls in
 * the padding. Written in one pass over the wasm heap (nine StridedSlice kernels and a Concat
 * took 15 ms for a [128, 28, 28, 1] input; this takes about 1 ms).
 */
function patchMatrix(scope: WasmKernelScope, x: tf.TensorInfo, info: ConvInfo, channelsFirst: boolean): tf.TensorInfo {
  const {batchSize, inHeight, inWidth, inChannels, outHeight, outWidth} = info;
  const rows = info.filterHeight * info.filterWidth * inChannels;
  const positions = batchSize * outHeight * outWidth;
  const patches = scope.allocate([1, rows, positions]);
  const out = scope.view(patches);
  const src = scope.view(x);
  // Strides of x's n, h, w and c axes in either layout.
  const [sn, sh, sw, sc] = channelsFirst
    ? [inChannels * inHeight * inWidth, inWidth, 1, inHeight * inWidth]
    : [inHeight * inWidth * inChannels, inWidth * inChannels, inChannels, 1];
  let at = 0;
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) {
      for (let c = 0; c < inChannels; c++) {
        for (let n = 0; n < batchSize; n++) {
          for (let p = 0; p < outHeight; p++) {
            const h = p * info.strideHeight + i * info.dilationHeight - info.padInfo.top;
            if (h < 0 || h >= inHeight) {
              out.fill(0, at, at + outWidth);
              at += outWidth;
              continue;
            }
            const base = n * sn + h * sh + c * sc;
            for (let q = 0; q < outWidth; q++) {
              const w = q * info.strideWidth + j * info.dilationWidth - info.padInfo.left;
              out[at++] = w >= 0 && w < inWidth ? src[base + w * sw] : 0;
            }
          }
        }
      }
    }
  }
  return patches;
}

/** dW as one matmul: the im2col matrix of x [(i, j, c), (n, p, q)] times dy as [(n, p, q), k]. */
function filterGradByIm2col(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
): tf.TensorInfo {
  const {batchSize, inChannels, outChannels, outHeight, outWidth} = info;
  const positions = batchSize * outHeight * outWidth;
  const patches = patchMatrix(scope, x, info, channelsFirst);
  const dyRows = channelsFirst ? scope.transpose(dy, [0, 2, 3, 1]) : dy;
  const product = scope.run(
    'BatchMatMul',
    {a: patches, b: scope.reshape(dyRows, [1, positions, outChannels])},
    {transposeA: false, transposeB: false},
  );
  return scope.reshape(product, [info.filterHeight, info.filterWidth, inChannels, outChannels]);
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
