import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

const CASES: {shape: number[]; axis: number | number[]; keepDims: boolean}[] = [
  {shape: [6, 5], axis: 0, keepDims: false},
  {shape: [6, 5], axis: [0], keepDims: true},
  {shape: [4, 7, 7, 3], axis: [0, 1, 2], keepDims: false},
  {shape: [4, 7, 7, 3], axis: [2, 0, 1], keepDims: true},
  {shape: [3, 4, 5], axis: [0, 1], keepDims: false},
  {shape: [3, 4, 5], axis: [-3], keepDims: false},
  {shape: [16, 13, 13, 6], axis: [0, 1, 2], keepDims: false},
  // Not leading axes: the stock kernel's path.
  {shape: [3, 4, 5], axis: [1, 2], keepDims: false},
  {shape: [3, 4, 5], axis: [0, 1, 2], keepDims: true},
];

// Both backends accumulate in float64 and round once; 1e-5 relative covers the rest (the cpu
// backend's transposed order) with a wide margin.
const TOLERANCE = 1e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Sum matches cpu: shape ${c.shape} axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async (t) => {
    const out = await kernelOnCpuAndWasm('Sum', {x: seededInput(c.shape, index)}, {axis: c.axis, keepDims: c.keepDims});
    t.deepEqual(out.shape, tf.tidy(() => tf.sum(tf.zeros(c.shape), c.axis, c.keepDims).shape));
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('float32 sums over leading axes round once, as on cpu (no float32 running sum)', async (t) => {
  // 20000 rows of 0.1f: a float32 running sum drifts to ~1999.6; exact is 2000.0000298.
  const rows = 20000;
  const values = new Float32Array(rows * 2).fill(0.1);
  const out = await onCpuAndWasm([{shape: [rows, 2], values}], (x) => tf.sum(x, 0));
  t.deepEqual(Array.from(out.wasm), Array.from(out.cpu));
  t.deepEqual(Array.from(out.wasm), [Math.fround(rows * Math.fround(0.1)), Math.fround(rows * Math.fround(0.1))]);
});

test.serial('int32 sums over leading axes stay exact int32 (stock kernel)', async (t) => {
  const out = await onCpuAndWasm([{shape: [3, 2], values: Int32Array.from([1, 2, 3, 4, 5, 6]), dtype: 'int32'}], (x) =>
    tf.sum(x, 0),
  );
  t.deepEqual(Array.from(out.wasm), [9, 12]);
  t.is(out.wasmLeaks, 0);
});

test.serial('bias gradients of a conv layer match cpu', async (t) => {
  const out = await onCpuAndWasm([seededInput([4, 9, 9, 3], 1), seededInput([3, 3, 3, 5], 2), seededInput([5], 3)], (x, w, b) =>
    tf.tidy(() =>
      tf.grad((bias: tf.Tensor) =>
        tf.sum(tf.square(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), bias)))),
      )(b),
    ),
  );
  // 324 terms of magnitude up to ~10: 1e-5 relative still leaves a wide margin.
  t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
});
