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

// The wasm kernel sums at most 169 float32 terms per partial sum (the cpu backend sums in
// float64): rounding ~sqrt(169) * 6e-8 of the partial sums' size, far under 1e-5 relative.
const TOLERANCE = 1e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Sum matches cpu: shape ${c.shape} axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async (t) => {
    const out = await kernelOnCpuAndWasm('Sum', {x: seededInput(c.shape, index)}, {axis: c.axis, keepDims: c.keepDims});
    t.deepEqual(out.shape, tf.tidy(() => tf.sum(tf.zeros(c.shape), c.axis, c.keepDims).shape));
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('long float32 sums over leading axes stay accurate (no float32 running sum)', async (t) => {
  // 40000 terms of 0.1f, in both kernel paths: one summed axis (float64 rows) and two (partial
  // means by average pooling, then float64). A float32 running sum is off by ~1e-4 relative.
  const values = new Float32Array(40000 * 2).fill(0.1);
  let running = 0;
  for (let i = 0; i < 40000; i++) running = Math.fround(running + Math.fround(0.1));
  const exact = 40000 * Math.fround(0.1);
  const runningError = Math.abs(running - exact) / exact;
  // Tolerance: each of the <= 200-term float32 partial sums is within 200 * 2^-24 relative of
  // its exact value (1.2e-5 at worst; typically far less), and the rest is float64.
  const tolerance = 200 * 2 ** -24;
  t.true(runningError > 5 * tolerance, `a running float32 sum errs by ${runningError}, so the check can fail`);
  for (const shape of [[40000, 2], [200, 200, 2]]) {
    const out = await onCpuAndWasm([{shape, values}], (x) => tf.sum(x, shape.length === 2 ? 0 : [0, 1]));
    for (const v of out.wasm) t.true(Math.abs(v - exact) / exact < tolerance, `shape ${shape}: ${v} vs ${exact}`);
    t.is(out.wasmLeaks, 0);
  }
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
