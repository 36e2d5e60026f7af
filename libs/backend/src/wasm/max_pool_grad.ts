import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {heapAddress, simdKernels} from './simd_kernels';

/**
 * MaxPoolGrad for 'wasm' (TF's `MaxPoolGrad`): each output's gradient dy goes to the first
 * position of its window holding the window's maximum (row-major scan, as the cpu backend
 * picks it); windows that overlap accumulate. One pass over the output positions in the wasm
 * heap, with the window clipped to the image once per position, each channel's window scanned
 * with local variables, and the common whole 2x2 window unrolled (about 30% less CPU than a
 * version keeping per-channel maxima in typed arrays, and 3x less than tfjs 4.22's own wasm
 * kernel, on the reference CNN's [128, 26, 26, 32] layer).
 */
/**
 * The common 2x2 window with stride 2 (no padding before, every window inside the image): the
 * windows are disjoint, so each dx element is written once, in order (dy at the window's first
 * maximum, 0 elsewhere; input rows and columns no window covers are 0), with no zero fill, no
 * accumulation and, for finite windows, no data-dependent branch: 12.3 -> 7.3 ms on the
 * reference CNN's [128, 26, 26, 32] (3.7 -> 2.3 ms on [128, 11, 11, 64]).
 */
function gradOfDisjoint2x2(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStep = inWidth * channels;
  const coveredWidth = 2 * outWidth * channels;
  let d = 0;
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight * rowStep;
    for (let p = 0; p < outHeight; p++) {
      let a = image + 2 * p * rowStep;
      let b = a + rowStep;
      for (let q = 0; q < outWidth; q++) {
        for (let c = 0; c < channels; c++, a++, b++, d++) {
          const v0 = x[a];
          const v1 = x[a + channels];
          const v2 = x[b];
          const v3 = x[b + channels];
          const g = dy[d];
          if (v0 > -Infinity && v1 > -Infinity && v2 > -Infinity && v3 > -Infinity && g - g === 0) {
            // No NaN or -Infinity in the window and a finite dy: the first maximum in row-major
            // order, without data-dependent branches (random maxima mispredict: 2x slower).
            const e0 = +(v0 >= v1) & +(v0 >= v2) & +(v0 >= v3);
            const e1 = +(v1 > v0) & +(v1 >= v2) & +(v1 >= v3);
            const e2 = +(v2 > v0) & +(v2 > v1) & +(v2 >= v3);
            const e3 = +(v3 > v0) & +(v3 > v1) & +(v3 > v2);
            // + 0 turns the -0 of a negative dy times 0 into the 0 the cpu backend writes.
            dx[a] = g * e0 + 0;
            dx[a + channels] = g * e1 + 0;
            dx[b] = g * e2 + 0;
            dx[b + channels] = g * e3 + 0;
            continue;
          }
          // The general scan (NaN never wins; a window of -Infinity and NaN passes nothing on).
          let where = -1;
          let best = -Infinity;
          if (v0 > best) {
            best = v0;
            where = 0;
          }
          if (v1 > best) {
            best = v1;
            where = 1;
          }
          if (v2 > best) {
            best = v2;
            where = 2;
          }
          if (v3 > best) {
            where = 3;
          }
          dx[a] = where === 0 ? g : 0;
          dx[a + channels] = where === 1 ? g : 0;
          dx[b] = where === 2 ? g : 0;
          dx[b + channels] = where === 3 ? g : 0;
        }
        a += channels;
        b += channels;
      }
      if (coveredWidth < rowStep) {
        // a and b now point at the first uncovered column of the two rows.
        dx.fill(0, a, a + rowStep - coveredWidth);
        dx.fill(0, b, b + rowStep - coveredWidth);
      }
    }
    if (2 * outHeight < inHeight) {
      dx.fill(0, image + 2 * outHeight * rowStep, image + inHeight * rowStep);
    }
  }
}

/** Zeroes the rows and columns of dx that no disjoint 2x2 window covers (odd sizes). */
function zeroUncovered(
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStep = inWidth * channels;
  const coveredWidth = 2 * outWidth * channels;
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight * rowStep;
    if (coveredWidth < rowStep) {
      for (let y = 0; y < 2 * outHeight; y++) {
        const row = image + y * rowStep;
        dx.fill(0, row + coveredWidth, row + rowStep);
      }
    }
    if (2 * outHeight < inHeight) {
      dx.fill(0, image + 2 * outHeight * rowStep, image + inHeight * rowStep);
    }
  }
}

let forceJs = false;

/** Makes MaxPoolGrad keep to its JS loops even where the SIMD kernel applies (tests). */
export function forceJsMaxPoolGrad(force: boolean): void {
  forceJs = force;
}

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
    if (
      info.filterHeight === 2 &&
      info.filterWidth === 2 &&
      strideHeight === 2 &&
      strideWidth === 2 &&
      dilationHeight === 1 &&
      dilationWidth === 1 &&
      info.padInfo.top === 0 &&
      info.padInfo.left === 0 &&
      2 * outHeight <= inHeight &&
      2 * outWidth <= inWidth
    ) {
      const simd = channels % 4 === 0 && !forceJs ? simdKernels(wasm) : null;
      if (simd !== null) {
        const address = (info: tf.TensorInfo) => heapAddress(wasm, info.dataId);
        simd.maxPoolGrad2x2(address(input), address(dy), address(out), batchSize, inHeight, inWidth, channels, outHeight, outWidth);
        zeroUncovered(dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
      } else {
        gradOfDisjoint2x2(x, grad, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
      }
      return out;
    }
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
