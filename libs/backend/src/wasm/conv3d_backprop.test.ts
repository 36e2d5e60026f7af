import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

type Shape5 = [number, number, number, number, number];

const CASES: {x: Shape5; filter: Shape5; strides: number | [number, number, number]; pad: 'same' | 'valid'}[] = [
  {x: [1, 2, 2, 2, 1], filter: [1, 1, 1, 1, 1], strides: 1, pad: 'valid'},
  {x: [4, 4, 4, 4, 2], filter: [1, 1, 1, 2, 2], strides: 1, pad: 'valid'},
  {x: [2, 5, 5, 5, 2], filter: [3, 3, 3, 2, 3], strides: 1, pad: 'same'},
  {x: [2, 5, 6, 4, 2], filter: [3, 2, 3, 2, 3], strides: 1, pad: 'valid'},
  {x: [2, 6, 6, 6, 2], filter: [2, 2, 2, 2, 3], strides: 2, pad: 'valid'},
  {x: [1, 7, 6, 5, 3], filter: [3, 3, 3, 3, 2], strides: [2, 1, 3], pad: 'same'},
];

// Float32: each dx element sums at most 27 * 3 = 81 products of values in [-1, 1); summation
// order differences are ~1e-7 relative, far below 2e-5.
const TOLERANCE = 2e-5;

for (const [index, c] of CASES.entries()) {
  const label = `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${c.pad}`;
  test.serial(`Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 match cpu: ${label}`, async (t) => {
    const info = tf.backend_util.computeConv3DInfo(c.x, c.filter, c.strides, 1, c.pad);
    const dy = seededInput(info.outShape, 10 + index);
    const dx = await kernelOnCpuAndWasm('Conv3DBackpropInputV2', {dy, filter: seededInput(c.filter, 20 + index)}, {
      strides: c.strides,
      pad: c.pad,
      inputShape: c.x,
    });
    t.deepEqual(dx.shape, c.x);
    t.true(relativeMaxError(dx) < TOLERANCE, `input: relative error ${relativeMaxError(dx)}`);
    const dw = await kernelOnCpuAndWasm('Conv3DBackpropFilterV2', {x: seededInput(c.x, index), dy}, {
      strides: c.strides,
      pad: c.pad,
      filterShape: c.filter,
    });
    t.true(relativeMaxError(dw) < TOLERANCE, `filter: relative error ${relativeMaxError(dw)}`);
    t.is(dx.wasmLeaks + dw.wasmLeaks, 0);
  });
}

test.serial('the input gradient of tf.conv3d is 2 w^2 x for a 1x1x1 filter (tfjs 4.22 wasm got half of it 0)', async (t) => {
  const values = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const out = await onCpuAndWasm([{shape: [1, 2, 2, 2, 1], values}], (x) =>
    tf.tidy(() =>
      tf.grad((z: tf.Tensor) => tf.sum(tf.square(tf.conv3d(z as tf.Tensor5D, tf.tensor5d([3], [1, 1, 1, 1, 1]), 1, 'valid'))))(x),
    ),
  );
  t.deepEqual(Array.from(out.wasm), Array.from(values).map((v) => 18 * v));
  t.is(out.wasmLeaks, 0);
});
