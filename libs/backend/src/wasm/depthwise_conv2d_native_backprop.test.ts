import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], pad: 'valid'},
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: [1, 1], dilations: [1, 1], pad: 'same'},
  {x: [3, 8, 9, 2], filter: [3, 2, 2, 3], strides: [2, 2], dilations: [1, 1], pad: 'same'},
  {x: [3, 8, 9, 2], filter: [3, 3, 2, 1], strides: [2, 3], dilations: [1, 1], pad: 'valid'},
  {x: [2, 9, 9, 2], filter: [3, 3, 2, 2], strides: [1, 1], dilations: [2, 2], pad: 'valid'},
  {x: [2, 9, 8, 3], filter: [2, 3, 3, 1], strides: [1, 1], dilations: [3, 2], pad: 'same'},
  {x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], dilations: [1, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]]},
  {x: [1, 5, 5, 2], filter: [2, 2, 2, 1], strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [3, 0], [0, 0], [0, 0]]},
  {x: [4, 12, 12, 8], filter: [5, 5, 8, 1], strides: [1, 1], dilations: [1, 1], pad: 'same'},
];

function dilated(c: Case): boolean {
  return c.dilations[0] > 1 || c.dilations[1] > 1;
}

function describe(c: Case): string {
  return `x ${c.x} filter ${c.filter} strides ${c.strides} dilations ${c.dilations} pad ${JSON.stringify(c.pad)}`;
}

// Float32: the filter gradient sums up to n*p*q = 576 products of values in [-1, 1), the input
// gradient at most fh*fw*m = 25; different summation orders differ by about
// sqrt(terms) * 6e-8 * |sum|, well under the 2e-5 relative bound.
const TOLERANCE = 2e-5;

/**
 * Both gradients straight from the definition
 * y[n, p, q, c*M + m] = sum_{i, j} x[n, p*sh + i*dh - top, q*sw + j*dw - left, c] * w[i, j, c, m]:
 * the reference for dilated cases, whose cpu kernels (like tfjs's gradient) ignore dilations.
 */
function definitionGradients(c: Case, x: Float32Array, w: Float32Array, dy: Float32Array) {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true);
  const [batch, height, width, channels] = c.x;
  const [fh, fw, , mult] = c.filter;
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  for (let n = 0; n < batch; n++)
    for (let p = 0; p < info.outHeight; p++)
      for (let q = 0; q < info.outWidth; q++)
        for (let i = 0; i < fh; i++)
          for (let j = 0; j < fw; j++) {
            const h = p * info.strideHeight + i * info.dilationHeight - info.padInfo.top;
            const v = q * info.strideWidth + j * info.dilationWidth - info.padInfo.left;
            if (h < 0 || h >= height || v < 0 || v >= width) continue;
            for (let ch = 0; ch < channels; ch++)
              for (let m = 0; m < mult; m++) {
                const g = dy[((n * info.outHeight + p) * info.outWidth + q) * channels * mult + ch * mult + m];
                const xi = ((n * height + h) * width + v) * channels + ch;
                const wi = ((i * fw + j) * channels + ch) * mult + m;
                dw[wi] += x[xi] * g;
                dx[xi] += w[wi] * g;
              }
          }
  return {dx, dw};
}

for (const [index, c] of CASES.entries()) {
  test.serial(`DepthwiseConv2dNative backprops match ${dilated(c) ? 'the definition' : 'cpu'}: ${describe(c)}`, async (t) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true);
    const attrs = {strides: c.strides, dilations: c.dilations, pad: c.pad};
    const x = seededInput(c.x, index);
    const dy = seededInput(info.outShape, 50 + index);
    const w = seededInput(c.filter, 80 + index);
    const filterGrad = await kernelOnCpuAndWasm('DepthwiseConv2dNativeBackpropFilter', {x, dy}, {...attrs, filterShape: c.filter});
    const inputGrad = await kernelOnCpuAndWasm('DepthwiseConv2dNativeBackpropInput', {dy, filter: w}, {...attrs, inputShape: c.x});
    if (dilated(c)) {
      const reference = definitionGradients(c, x.values as Float32Array, w.values as Float32Array, dy.values as Float32Array);
      filterGrad.cpu = reference.dw;
      inputGrad.cpu = reference.dx;
    }
    t.deepEqual(filterGrad.shape, c.filter);
    t.true(relativeMaxError(filterGrad) < TOLERANCE, `filter: relative error ${relativeMaxError(filterGrad)}`);
    t.deepEqual(inputGrad.shape, c.x);
    t.true(relativeMaxError(inputGrad) < TOLERANCE, `input: relative error ${relativeMaxError(inputGrad)}`);
    t.is(filterGrad.wasmLeaks + inputGrad.wasmLeaks, 0);
  });
}

test.serial('gradients of tf.depthwiseConv2d and tf.separableConv2d through tf.grads match cpu without leaks', async (t) => {
  for (const c of [CASES[1], CASES[2], CASES[6]]) {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true);
    for (const wrt of [0, 1]) {
      const out = await onCpuAndWasm(
        [seededInput(c.x, 1), seededInput(c.filter, 2), seededInput(info.outShape, 3)],
        (x, filter, weights) =>
          tf.tidy(
            () =>
              tf.grads((a: tf.Tensor, b: tf.Tensor) =>
                tf.sum(
                  tf.mul(
                    tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations),
                    weights,
                  ),
                ),
              )([x, filter])[wrt],
          ),
      );
      t.true(relativeMaxError(out) < TOLERANCE, `${describe(c)} d/d${wrt ? 'filter' : 'x'}: ${relativeMaxError(out)}`);
      t.is(out.wasmLeaks, 0);
    }
  }
  const separable = await onCpuAndWasm(
    [seededInput([2, 8, 8, 3], 4), seededInput([3, 3, 3, 2], 5), seededInput([1, 1, 6, 4], 6)],
    (x, depthwise, pointwise) =>
      tf.tidy(() =>
        tf.grad((d: tf.Tensor) =>
          tf.sum(tf.square(tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, pointwise as tf.Tensor4D, 1, 'same'))),
        )(depthwise),
      ),
  );
  // Two chained sums (depthwise then pointwise, then the square's chain rule): 1e-4 relative.
  t.true(relativeMaxError(separable) < 1e-4, `separableConv2d: ${relativeMaxError(separable)}`);
  t.is(separable.wasmLeaks, 0);
});
