import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';

test.before(async () => {
  await init({backend: 'wasm'});
});

// References: log1p in float64 of the float32 inputs (Math.log1p is correctly rounded to ~1 ulp);
// the float32 result must be within 2 float32 ulps (rtol 2.4e-7).
test('Log1p on wasm is accurate for tiny, moderate, large and near -1 inputs', (t) => {
  const inputs = new Float32Array([0, 1e-30, -1e-30, 1e-8, -1e-8, 1e-5, -3e-6, 0.01, -0.5, 0.3, 20, 1e30, -0.9999, -1, -2, NaN, Infinity]);
  const before = tf.memory().numTensors;
  const x = tf.tensor1d(inputs);
  const log1p = tf.log1p(x);
  const y = log1p.dataSync();
  inputs.forEach((v, i) => {
    const expected = Math.fround(Math.log1p(v));
    if (Number.isNaN(expected)) {
      t.true(Number.isNaN(y[i]), `log1p(${v}) = ${y[i]}`);
    } else if (!Number.isFinite(expected)) {
      t.is(y[i], expected);
    } else {
      t.true(Math.abs(y[i] - expected) <= 2.4e-7 * Math.abs(expected), `log1p(${v}) = ${y[i]}, expected ${expected}`);
    }
  });
  tf.dispose([x, log1p]);
  t.is(tf.memory().numTensors, before);
});

test('the gradient of log1p is 1 / (1 + x) on wasm', (t) => {
  const x = tf.tensor1d([1e-6, 0.5, 3]);
  const g = tf.grad((v: tf.Tensor) => tf.log1p(v).sum())(x);
  const values = g.dataSync();
  [1e-6, 0.5, 3].forEach((v, i) => t.true(Math.abs(values[i] - 1 / (1 + v)) < 1e-6));
  tf.dispose([x, g]);
});
