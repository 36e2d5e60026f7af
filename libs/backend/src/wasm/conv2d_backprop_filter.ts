import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {heapAddress, simdKernels, type SimdKernels} from './simd_kernels';
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

/** Largest patch matrix (floats) the patches-matmul form may allocate: 64 MB. */
const MAX_PATCH_FLOATS = 1 << 24;

export type FilterGradPath = 'simdOneChannel' | 'oneChannel' | 'patches' | 'conv';

let forcedPath: FilterGradPath | undefined;

/** Makes every wasm Conv2DBackpropFilter take one path (tests); undefined restores the choice by shape. */
export function forceConv2dFilterGradPath(path: FilterGradPath | undefined): void {
  forcedPath = path;
}

/**
 * One input channel: the SIMD row sums when outChannels is a multiple of 4, else patches
 * copied from x's rows times dy as it is (12 ms of CPU on the
 * reference CNN's first layer, against 15 ms for the former im2col by depthwise convolution
 * and a transposed dy, and more for the convolution form, whose "filter" dy is huge to pack). More
 * channels: the patches matmul while its patch matrix stays under MAX_PATCH_FLOATS, else the
 * convolution form.
 */
function pathFor(info: ConvInfo, simd: SimdKernels | null): FilterGradPath {
  if (info.inChannels === 1) {
    return info.outChannels % 4 === 0 && simd !== null ? 'simdOneChannel' : 'oneChannel';
  }
  const patchFloats = info.filterHeight * info.filterWidth * info.inChannels * info.outHeight * info.outWidth * info.batchSize;
  return patchFloats <= MAX_PATCH_FLOATS ? 'patches' : 'conv';
}

/**
 * x [n, h, w, c] transposed to [c, h, w, n] by one JS pass reading each pixel's c values in
 * order (about 2x faster than the stock Transpose kernel on [128, 13, 13, 32]).
 */
function swapOuterAndInner(scope: WasmKernelScope, x: tf.TensorInfo): tf.TensorInfo {
  const [n, h, w, c] = x.shape;
  const pixels = h * w;
  const result = scope.allocate([c, h, w, n]);
  const out = scope.view(result);
  const src = scope.view(x);
  const plane = pixels * n;
  for (let s = 0; s < pixels; s++) {
    for (let b = 0; b < n; b++) {
      const from = (b * pixels + s) * c;
      let to = s * n + b;
      for (let k = 0; k < c; k++, to += plane) {
        out[to] = src[from + k];
      }
    }
  }
  return result;
}

/**
 * dW as one matmul over positions ordered (p, q, n), n fastest:
 * dW[(i, j, c), k] = patches[(i, j, c), (p, q, n)] x dy[(p, q, n), k], with
 * patches[(i, j, c), (p, q, n)] = x[n, p*s + i*d - pad, q*s + j*d - pad, c] (0 outside x).
 * With x transposed once to [c, h, w, n], each patch row is made of runs of n contiguous
 * values (one run per q, or one run per p for unit column stride), so it is assembled by block
 * copies; dy transposed to [p, q, n, k] moves blocks of k values. The product comes out in
 * filter layout [fh, fw, c, k]. XNNPACK's matmul runs at forward-convolution speed here, while
 * the convolution form (below) reads an 11x11x128 "filter" out of L2 for every output:
 * 35 -> 29 ms of CPU on the reference CNN's second layer (no gain on its 1-channel first, where
 * dy, 2.7M values, must be packed).
 */
function filterGradByPatchesMatmul(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
): tf.TensorInfo {
  const {batchSize: n, inChannels, outChannels, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth} = info;
  const {strideHeight, strideWidth, dilationHeight, dilationWidth} = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xT = channelsFirst ? scope.transpose(x, [1, 2, 3, 0]) : swapOuterAndInner(scope, x);
  const dyT = scope.transpose(dy, channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]);
  const rowLength = outHeight * outWidth * n;
  const rows = filterHeight * filterWidth * inChannels;
  const patches = scope.allocate([1, rows, rowLength]);
  const out = scope.view(patches);
  const src = scope.view(xT);
  const imageRow = inWidth * n;
  let at = 0;
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      // The output columns q whose input column q*s + j*d - left lies inside x.
      const colOffset = j * dilationWidth - left;
      const qFirst = Math.min(outWidth, Math.max(0, Math.ceil(-colOffset / strideWidth)));
      const qEnd = Math.max(qFirst, Math.min(outWidth, Math.floor((inWidth - 1 - colOffset) / strideWidth) + 1));
      for (let c = 0; c < inChannels; c++) {
        const plane = c * inHeight * imageRow;
        for (let p = 0; p < outHeight; p++) {
          const y = p * strideHeight + i * dilationHeight - top;
          if (y < 0 || y >= inHeight || qFirst === qEnd) {
            out.fill(0, at, at + outWidth * n);
            at += outWidth * n;
            continue;
          }
          const rowStart = plane + y * imageRow;
          if (qFirst > 0) {
            out.fill(0, at, at + qFirst * n);
            at += qFirst * n;
          }
          if (strideWidth === 1) {
            const from = rowStart + (qFirst + colOffset) * n;
            const length = (qEnd - qFirst) * n;
            out.set(src.subarray(from, from + length), at);
            at += length;
          } else {
            for (let q = qFirst; q < qEnd; q++) {
              const from = rowStart + (q * strideWidth + colOffset) * n;
              out.set(src.subarray(from, from + n), at);
              at += n;
            }
          }
          if (qEnd < outWidth) {
            out.fill(0, at, at + (outWidth - qEnd) * n);
            at += (outWidth - qEnd) * n;
          }
        }
      }
    }
  }
  const product = scope.run(
    'BatchMatMul',
    {a: patches, b: scope.reshape(dyT, [1, rowLength, outChannels])},
    {transposeA: false, transposeB: false},
  );
  return scope.reshape(product, [filterHeight, filterWidth, inChannels, outChannels]);
}

/**
 * One input channel and a multiple of 4 output channels, in the SIMD module: for each image
 * row p of dy and each tap (i, j), the row's positions q inside x add
 * x[n, p*s + i*d - pad, q*s + j*d - pad] * dy[n, p, q, :] to dW[i, j, 0, :] (the row summed in
 * registers first). No patches, no packing: about 3 ms of CPU on the reference CNN's first layer
 * against 12 ms for the matmul below.
 */
function filterGradOneChannelSimd(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
  simd: SimdKernels,
): tf.TensorInfo {
  const {batchSize, outChannels, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth} = info;
  const {strideHeight, strideWidth, dilationHeight, dilationWidth} = info;
  const dyNhwc = channelsFirst ? scope.transpose(dy, [0, 2, 3, 1]) : dy;
  const result = scope.allocate([filterHeight, filterWidth, 1, outChannels]);
  scope.view(result).fill(0);
  const backend = scope.backend as BackendWasm;
  const xBase = heapAddress(backend, x.dataId);
  const dyBase = heapAddress(backend, dyNhwc.dataId);
  const outBase = heapAddress(backend, result.dataId);
  const rowBytes = 4 * outChannels;
  for (let j = 0; j < filterWidth; j++) {
    const colOffset = j * dilationWidth - info.padInfo.left;
    const qFirst = Math.min(outWidth, Math.max(0, Math.ceil(-colOffset / strideWidth)));
    const qEnd = Math.max(qFirst, Math.min(outWidth, Math.floor((inWidth - 1 - colOffset) / strideWidth) + 1));
    if (qFirst === qEnd) {
      continue;
    }
    for (let i = 0; i < filterHeight; i++) {
      const accumulator = outBase + (i * filterWidth + j) * rowBytes;
      for (let n = 0; n < batchSize; n++) {
        for (let p = 0; p < outHeight; p++) {
          const y = p * strideHeight + i * dilationHeight - info.padInfo.top;
          if (y < 0 || y >= inHeight) {
            continue;
          }
          const xAt = xBase + 4 * ((n * inHeight + y) * inWidth + qFirst * strideWidth + colOffset);
          const dyAt = dyBase + ((n * outHeight + p) * outWidth + qFirst) * rowBytes;
          simd.filterGradTap(xAt, 4 * strideWidth, dyAt, qEnd - qFirst, accumulator, outChannels);
        }
      }
    }
  }
  return result;
}

/**
 * One input channel: dW[(i, j), k] = patches[(i, j), (n, p, q)] x dy[(n, p, q), k], positions
 * in dy's own order, so dy (NHWC) goes to the matmul as it is, and each patch row is runs of
 * the output width copied from x's rows (x, [n, h, w] in memory for either data format, is
 * not transposed).
 */
function filterGradOneChannel(
  scope: WasmKernelScope,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: ConvInfo,
  channelsFirst: boolean,
): tf.TensorInfo {
  const {batchSize: n, outChannels, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth} = info;
  const {strideHeight, strideWidth, dilationHeight, dilationWidth} = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dyNhwc = channelsFirst ? scope.transpose(dy, [0, 2, 3, 1]) : dy;
  const positions = n * outHeight * outWidth;
  const patches = scope.allocate([1, filterHeight * filterWidth, positions]);
  const out = scope.view(patches);
  const src = scope.view(x);
  const image = inHeight * inWidth;
  let at = 0;
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      const colOffset = j * dilationWidth - left;
      const qFirst = Math.min(outWidth, Math.max(0, Math.ceil(-colOffset / strideWidth)));
      const qEnd = Math.max(qFirst, Math.min(outWidth, Math.floor((inWidth - 1 - colOffset) / strideWidth) + 1));
      for (let b = 0; b < n; b++) {
        for (let p = 0; p < outHeight; p++) {
          const y = p * strideHeight + i * dilationHeight - top;
          if (y < 0 || y >= inHeight || qFirst === qEnd) {
            out.fill(0, at, at + outWidth);
            at += outWidth;
            continue;
          }
          const row = b * image + y * inWidth + colOffset;
          for (let q = 0; q < qFirst; q++) out[at++] = 0;
          if (strideWidth === 1) {
            out.set(src.subarray(row + qFirst, row + qEnd), at);
            at += qEnd - qFirst;
          } else {
            for (let q = qFirst; q < qEnd; q++) out[at++] = src[row + q * strideWidth];
          }
          for (let q = qEnd; q < outWidth; q++) out[at++] = 0;
        }
      }
    }
  }
  const product = scope.run(
    'BatchMatMul',
    {a: patches, b: scope.reshape(dyNhwc, [1, positions, outChannels])},
    {transposeA: false, transposeB: false},
  );
  return scope.reshape(product, [filterHeight, filterWidth, 1, outChannels]);
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
 * as one XNNPACK matmul of patches of x by dy (pathFor says which form), or for large patch
 * matrices as an XNNPACK forward convolution. The output is exactly filterShape.
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
    const simd = simdKernels(backend as BackendWasm);
    return withWasmScope(backend, (scope) => {
      switch (forcedPath ?? pathFor(info, simd)) {
        case 'simdOneChannel':
          if (simd === null) {
            throw new Error('Conv2DBackpropFilter: the SIMD kernels are not available on this wasm backend');
          }
          return filterGradOneChannelSimd(scope, x, dy, info, channelsFirst, simd);
        case 'oneChannel':
          return filterGradOneChannel(scope, x, dy, info, channelsFirst);
        case 'patches':
          return filterGradByPatchesMatmul(scope, x, dy, info, channelsFirst);
        case 'conv':
          return filterGradByConv(scope, x, dy, info, channelsFirst);
      }
    });
  },
};
