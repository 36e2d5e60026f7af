import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

const CASES: {shape: number[]; axis: number | number[] | undefined; keepDims: boolean}[] = [
  {shape: [1000], axis: undefined, keepDims: false},
  {shape: [7, 300], axis: -1, keepDims: false},
  {shape: [7, 300], axis: [1], keepDims: true},
  {shape: [3, 20, 30], axis: [1, 2], keepDims: false},
  {shape: [3, 20, 30], axis: [2, 1], keepDims: true},
  {shape: [5, 6, 7], axis: [0, 1, 2], keepDims: true},
  // Short rows (<= 128 terms): the stock kernel's path.
  {shape: [9, 100], axis: 1, keepDims: false},
];

// float64 accumulation rounded once: within an ulp or two of cpu's float64 sum, except where
// the sum cancels; 1e-5 relative to the largest output leaves room for the stock short path.
const TOLERANCE = 1e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Sum matches cpu: shape ${c.shape} axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async (t) => {
    const axis = c.axis ?? c.shape.map((_, i) => i);
    const out = await kernelOnCpuAndWasm('Sum', {x: seededInput(c.shape, 40 + index)}, {axis, keepDims: c.keepDims});
    t.deepEqual(out.shape, tf.tidy(() => tf.sum(tf.zeros(c.shape), axis, c.keepDims).shape));
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('a long log-likelihood-like sum is exact to float32 rounding (the stock running sum is not)', async (t) => {
  // 73,421 terms near -1.6 (an InstEval-sized Gaussian log-likelihood): a float32 running sum
  // drifts by ~1e-1; float64 accumulation is within half an ulp of the float32 result (~0.004).
  const n = 73421;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.fround(-1.6 - 0.3 * Math.sin(i));
  let exact = 0;
  let running = 0;
  for (let i = 0; i < n; i++) {
    exact += values[i];
    running = Math.fround(running + values[i]);
  }
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23);
  t.true(Math.abs(running - exact) > 8 * ulp, `a running float32 sum errs by ${Math.abs(running - exact)}, so the check can fail`);
  for (const sum of [(x: tf.Tensor) => tf.sum(x), (x: tf.Tensor) => tf.tidy(() => tf.sum(tf.reshape(x, [1, n]), 1))]) {
    const out = await onCpuAndWasm([{shape: [n], values}], sum);
    t.true(Math.abs(out.wasm[0] - exact) <= ulp / 2, `${out.wasm[0]} vs ${exact} (ulp ${ulp})`);
    t.is(out.wasmLeaks, 0);
  }
});

test.serial('int32 sums stay on the stock kernel (exact int32)', async (t) => {
  const values = Int32Array.from({length: 500}, (_, i) => i);
  const out = await onCpuAndWasm([{shape: [500], values, dtype: 'int32'}], (x) => tf.sum(x));
  t.deepEqual(Array.from(out.wasm), [124750]);
  t.is(out.wasmLeaks, 0);
});

test.serial('gradients through a long sum match cpu', async (t) => {
  const out = await onCpuAndWasm([seededInput([4, 400], 77)], (x) => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.sum(v, 1))))(x)));
  t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
});
