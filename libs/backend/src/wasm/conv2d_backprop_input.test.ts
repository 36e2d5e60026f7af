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
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
}

const CASES: Case[] = [
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dataFormat: 'NHWC'},
  {x: [3, 8, 9, 2], filter: [3, 2, 2, 5], strides: [2, 2], pad: 'same', dataFormat: 'NHWC'},
  {x: [3, 8, 9, 2], filter: [3, 3, 2, 5], strides: [2, 3], pad: 'valid', dataFormat: 'NHWC'},
  {x: [1, 10, 6, 1], filter: [4, 1, 1, 3], strides: [3, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [2, 6, 6, 3], filter: [5, 5, 3, 2], strides: [1, 1], pad: 'same', dataFormat: 'NHWC'},
  {x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]], dataFormat: 'NHWC'},
  {x: [1, 5, 5, 2], filter: [2, 2, 2, 2], strides: [1, 1], pad: [[0, 0], [3, 0], [0, 0], [0, 0]], dataFormat: 'NHWC'},
  {x: [2, 2, 5, 5], filter: [2, 2, 2, 3], strides: [1, 1], pad: [[0, 0], [0, 0], [1, 0], [0, 2]], dataFormat: 'NCHW'},
  {x: [2, 3, 8, 7], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same', dataFormat: 'NCHW'},
  {x: [1, 1, 9, 9], filter: [1, 1, 1, 2], strides: [2, 2], pad: 'valid', dataFormat: 'NCHW'},
  {x: [4, 13, 13, 8], filter: [3, 3, 8, 16], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
];

function describe(c: Case): string {
  return `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)} ${c.dataFormat}`;
}

// Float32: each dx element sums at most fh*fw*cout <= 150 products of values in [-1, 1), in a
// different order on each backend; rounding differences stay near sqrt(150) * 6e-8 * |sum|,
// far below the 2e-5 relative bound.
const TOLERANCE = 2e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Conv2DBackpropInput matches cpu: ${describe(c)}`, async (t) => {
    const format = tf.backend_util.convertConv2DDataFormat(c.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, undefined, false, format);
    const out = await kernelOnCpuAndWasm(
      'Conv2DBackpropInput',
      {dy: seededInput(info.outShape, 200 + index), filter: seededInput(c.filter, 300 + index)},
      {strides: c.strides, pad: c.pad, dataFormat: c.dataFormat, inputShape: c.x},
    );
    t.deepEqual(out.shape, c.x);
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('the input gradient of tf.conv2d and tf.conv2dTranspose match cpu without leaks', async (t) => {
  for (const c of [CASES[2], CASES[3], CASES[6]]) {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
    const grad = await onCpuAndWasm(
      [seededInput(c.x, 1), seededInput(c.filter, 2), seededInput(info.outShape, 3)],
      (x, filter, weights) =>
        tf.tidy(() =>
          tf.grad((z: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(z as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad), weights)),
          )(x),
        ),
    );
    t.true(relativeMaxError(grad) < TOLERANCE, `${describe(c)}: relative error ${relativeMaxError(grad)}`);
    if (typeof c.pad === 'string') {
      const transposed = await onCpuAndWasm([seededInput(info.outShape, 4), seededInput(c.filter, 5)], (y, filter) =>
        tf.conv2dTranspose(y as tf.Tensor4D, filter as tf.Tensor4D, c.x, c.strides, c.pad as 'same' | 'valid'),
      );
      t.true(relativeMaxError(transposed) < TOLERANCE, `conv2dTranspose ${describe(c)}`);
      t.is(transposed.wasmLeaks, 0);
    }
    t.is(grad.wasmLeaks, 0);
  }
});
