import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

type Pool3DAttrs = {
  filterSize: [number, number, number] | number;
  strides: [number, number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

function poolInfo(x: tf.TensorInfo, attrs: Pool3DAttrs) {
  return tf.backend_util.computePool3DInfo(
    x.shape as [number, number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * Visits every output position of a 3-D max pool (NDHWC) and calls `found(outIndex, inIndex)`
 * with the flat index of the first maximum of its window (padding excluded), as the cpu backend
 * picks it. A window with no valid input reports inIndex -1.
 */
function forEachWindowMax(info: tf.backend_util.Conv3DInfo, values: Float32Array | Int32Array, found: (outIndex: number, inIndex: number) => void): void {
  const {batchSize, inDepth, inHeight, inWidth, inChannels: channels, outDepth, outHeight, outWidth} = info;
  const {front, top, left} = info.padInfo;
  let outIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let od = 0; od < outDepth; od++) {
      const d0 = od * info.strideDepth - front;
      for (let oh = 0; oh < outHeight; oh++) {
        const h0 = oh * info.strideHeight - top;
        for (let ow = 0; ow < outWidth; ow++) {
          const w0 = ow * info.strideWidth - left;
          for (let c = 0; c < channels; c++, outIndex++) {
            let best = -Infinity;
            let bestIndex = -1;
            for (let d = Math.max(0, d0); d < Math.min(inDepth, d0 + info.filterDepth); d++) {
              for (let h = Math.max(0, h0); h < Math.min(inHeight, h0 + info.filterHeight); h++) {
                for (let w = Math.max(0, w0); w < Math.min(inWidth, w0 + info.filterWidth); w++) {
                  const index = (((b * inDepth + d) * inHeight + h) * inWidth + w) * channels + c;
                  if (values[index] > best || bestIndex < 0) {
                    best = values[index];
                    bestIndex = index;
                  }
                }
              }
            }
            found(outIndex, bestIndex);
          }
        }
      }
    }
  }
}

/**
 * MaxPool3D for 'wasm' (NDHWC). tfjs 4.22's wasm kernel starts each window's maximum at FLT_MIN
 * (the smallest positive float) instead of -inf, so any window of negative values pools to
 * 1.2e-38. One JS pass over the wasm heap.
 */
export const maxPool3DConfig: tf.KernelConfig = {
  kernelName: 'MaxPool3D',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const x = inputs.x as tf.TensorInfo;
    const info = poolInfo(x, attrs as unknown as Pool3DAttrs);
    const out = wasm.makeOutput(info.outShape, x.dtype);
    const result = wasm.typedArrayFromHeap(out) as Float32Array;
    const values = wasm.typedArrayFromHeap(x) as Float32Array;
    forEachWindowMax(info, values, (o, i) => (result[o] = i < 0 ? 0 : values[i]));
    return out;
  },
};

/** MaxPool3DGrad for 'wasm': dy routed to the first maximum of each window (the stock kernel shares the FLT_MIN bug). */
export const maxPool3DGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPool3DGrad',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const input = inputs.input as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const info = poolInfo(input, attrs as unknown as Pool3DAttrs);
    const out = wasm.makeOutput(input.shape, 'float32');
    const dx = wasm.typedArrayFromHeap(out) as Float32Array;
    const values = wasm.typedArrayFromHeap(input) as Float32Array;
    const gradients = wasm.typedArrayFromHeap(dy) as Float32Array;
    dx.fill(0);
    forEachWindowMax(info, values, (o, i) => {
      if (i >= 0) dx[i] += gradients[o];
    });
    return out;
  },
};
