import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * MaxPoolGrad for 'wasm' (TF's `MaxPoolGrad`): each output's gradient dy goes to the first
 * position of its window holding the window's maximum (row-major scan, as the cpu backend
 * picks it); windows that overlap accumulate. One pass over the windows in the wasm heap,
 * scanning channels innermost so every read is contiguous; tfjs 4.22's own wasm kernel is
 * far slower.
 */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const dy = inputs.dy as tf.TensorInfo;
    const input = inputs.input as tf.TensorInfo;
    const a = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const {batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth} = info;
    const out = wasm.makeOutput(input.shape, 'float32');
    const dx = wasm.typedArrayFromHeap(out) as Float32Array;
    const x = wasm.typedArrayFromHeap(input) as Float32Array;
    const grad = wasm.typedArrayFromHeap(dy) as Float32Array;
    dx.fill(0);
    const best = new Float32Array(channels);
    const where = new Int32Array(channels);
    for (let n = 0; n < batchSize; n++) {
      for (let p = 0; p < outHeight; p++) {
        const rowStart = p * info.strideHeight - info.padInfo.top;
        for (let q = 0; q < outWidth; q++) {
          const colStart = q * info.strideWidth - info.padInfo.left;
          best.fill(-Infinity);
          where.fill(-1);
          for (let i = 0; i < info.effectiveFilterHeight; i += info.dilationHeight) {
            const row = rowStart + i;
            if (row < 0 || row >= inHeight) continue;
            for (let j = 0; j < info.effectiveFilterWidth; j += info.dilationWidth) {
              const col = colStart + j;
              if (col < 0 || col >= inWidth) continue;
              const base = ((n * inHeight + row) * inWidth + col) * channels;
              for (let c = 0; c < channels; c++) {
                const value = x[base + c];
                if (value > best[c]) {
                  best[c] = value;
                  where[c] = base + c;
                }
              }
            }
          }
          const dyBase = ((n * outHeight + p) * outWidth + q) * channels;
          for (let c = 0; c < channels; c++) {
            if (where[c] >= 0) {
              dx[where[c]] += grad[dyBase + c];
            }
          }
        }
      }
    }
    return out;
  },
};
