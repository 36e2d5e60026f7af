import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Exp} from './exp';
import {Identity} from './identity';
import {Log} from './log';
import {Sigmoid} from './sigmoid';
import {Softplus} from './softplus';
import {Tanh} from './tanh';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Tolerances: forward/inverse are a handful of float32 ops (relative error ~1e-6 each); 1e-5
// absolute/relative leaves room for the log/exp round trip. Log-dets are O(1-10) and compared with a
// float32 autodiff Jacobian: 1e-4.

test('Identity: round trip, zero log-det over scalar/vector/matrix events', (t) => {
  checkElementwise(t, new Identity(), [-2, -0.5, 0, 0.3, 1, 4]);
});

test('Exp: y = e^x, fldj = x, closed form values', (t) => {
  const b = new Exp();
  checkElementwise(t, b, [-2, -0.5, 0, 0.3, 1, 2.5]);
  const y = b.forward([0, 1, -1]);
  assertClose(t, y, [1, Math.E, 1 / Math.E], 1e-6, 1e-6);
  const l = b.forwardLogDetJacobian([[0.5, 1.5]], 1);
  assertClose(t, l, [2], 1e-6);
  tf.dispose([y, l]);
  t.is(b.name, 'exp');
});

test('Log: inverse of Exp', (t) => {
  const b = new Log();
  checkElementwise(t, b, [0.1, 0.5, 1, 2, 5, 30]);
  const y = b.forward([1, Math.E]);
  assertClose(t, y, [0, 1], 1e-6);
  y.dispose();
});

test('Softplus: default, hingeSoftness, low, and tails', (t) => {
  checkElementwise(t, new Softplus(), [-5, -1, 0, 0.5, 3, 10]);
  checkElementwise(t, new Softplus({hingeSoftness: 0.5}), [-2, -1, 0, 0.5, 3, 6]);
  checkElementwise(t, new Softplus({hingeSoftness: -2}), [-2, -1, 0, 0.5, 3, 6]);
  checkElementwise(t, new Softplus({low: 0.3, hingeSoftness: [1, 2, 0.5]}), [-2, -1, 0, 0.5, 3, 6]);
  const b = new Softplus();
  // softplus^-1 stays accurate for tiny y (log(expm1(y)) ~ log y) and large y (~ y).
  const x = b.inverse([1e-6, 50]);
  assertClose(t, x, [Math.log(Math.expm1(1e-6)), 50], 1e-4, 1e-6);
  const l = b.inverseLogDetJacobian([1e-6, 50]);
  assertClose(t, l, [-Math.log(-Math.expm1(-1e-6)), -Math.log(-Math.expm1(-50))], 1e-4, 1e-5);
  tf.dispose([x, l]);
  t.throws(() => new Softplus({hingeSoftness: 0}), {message: /Softplus: parameter 'hingeSoftness' must be finite and nonzero, got 0/});
});

test('Softplus rejects zero tensor hingeSoftness only with validateArgs', (t) => {
  const zero = tf.scalar(0);
  t.notThrows(() => new Softplus({hingeSoftness: zero}));
  t.throws(() => new Softplus({hingeSoftness: zero, validateArgs: true}), {message: /hingeSoftness.*got 0/});
  zero.dispose();
});

test('Sigmoid: standard and with low/high, batch of bounds', (t) => {
  checkElementwise(t, new Sigmoid(), [-6, -1, 0, 0.5, 2, 8]);
  checkElementwise(t, new Sigmoid({low: -1, high: [2, 3, 10]}), [-6, -1, 0, 0.5, 2, 8]);
  const y = new Sigmoid({low: 2, high: 4}).forward([0]);
  assertClose(t, y, [3], 1e-6);
  y.dispose();
  t.throws(() => new Sigmoid({low: 1, high: 1}), {message: /Sigmoid: parameter 'high' must exceed 'low'/});
  t.throws(() => new Sigmoid({low: 1}), {message: /both 'low' and 'high'/});
});

test('Tanh: round trip near the bounds, log-det against autodiff', (t) => {
  checkElementwise(t, new Tanh(), [-4, -1, 0, 0.2, 1.5, 3]);
  const x = new Tanh().inverse([0.999, -1e-4]);
  assertClose(t, x, [Math.atanh(0.999), Math.atanh(-1e-4)], 1e-6, 1e-4);
  x.dispose();
});

test('elementwise bijectors leak no tensors', (t) => {
  for (const b of [new Identity(), new Exp(), new Log(), new Softplus({low: 1}), new Sigmoid({low: 0, high: 2}), new Tanh()]) {
    assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]), b.name);
  }
});
