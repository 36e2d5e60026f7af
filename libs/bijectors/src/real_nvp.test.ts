import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Chain} from './chain';
import {Exp} from './exp';
import {Permute} from './permute';
import {RealNVP, realNvpDefaultTemplate} from './real_nvp';
import {Scale} from './scale';
import {assertClose, assertNoLeak, checkBijector, jacobian} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// One pass of a small float32 network each way: round trips 1e-5, log-dets 1e-4.

test('RealNVP: masked part passes through, the rest is an affine map of it; Jacobian structure and log-det', (t) => {
  const template = realNvpDefaultTemplate({hiddenLayers: [8], activation: 'tanh', seed: 1});
  const b = new RealNVP({numMasked: 2, shiftAndLogScaleFn: template});
  const x = tf.randomNormal([3, 5], 0, 1, 'float32', 4);
  b.forward(x).dispose(); // builds the template's variables (kept until template.dispose())
  checkBijector(t, b, x);
  checkBijector(t, b, x, {eventNdims: 2});
  const y = b.forward(x);
  assertClose(t, tf.tidy(() => tf.slice(y, [0, 0], [3, 2])), tf.tidy(() => tf.slice(x, [0, 0], [3, 2])), 0);
  const J = jacobian((v) => b.forward(v), tf.tidy(() => tf.slice(x, [0, 0], [1, 5]).reshape([5])));
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      if (i < 2) t.is(J[i][j], i === j ? 1 : 0);
      else if (j >= 2 && j !== i) t.is(J[i][j], 0, `y${i} depends on x${j}`);
    }
  }
  t.true([2, 3, 4].some((i) => J[i][0] !== 0), 'the transformed part depends on the masked part');
  t.is(template.trainableVariables.length, 4);
  tf.dispose([x, y]);
  template.dispose();
});

test('RealNVP with negative numMasked, fractionMasked, shift-only template and bijectorFn', (t) => {
  const x = tf.randomNormal([2, 4], 0, 1, 'float32', 8);
  const tpl = realNvpDefaultTemplate({hiddenLayers: [6], seed: 2});
  const neg = new RealNVP({numMasked: -1, shiftAndLogScaleFn: tpl});
  neg.forward(x).dispose(); // builds the template's variables
  checkBijector(t, neg, x);
  const y = neg.forward(x);
  assertClose(t, tf.tidy(() => tf.slice(y, [0, 3], [2, 1])), tf.tidy(() => tf.slice(x, [0, 3], [2, 1])), 0);
  const half = new RealNVP({fractionMasked: 0.5, shiftAndLogScaleFn: realNvpDefaultTemplate({hiddenLayers: [6], seed: 3})});
  half.forward(x).dispose();
  checkBijector(t, half, x);
  // fractionMasked -0.3 of 4 rounds to -1 (numpy's round(-1.2)): the last entry is masked and passes through.
  const negFraction = new RealNVP({fractionMasked: -0.3, shiftAndLogScaleFn: realNvpDefaultTemplate({hiddenLayers: [6], seed: 5})});
  const yf = negFraction.forward(x);
  assertClose(t, tf.tidy(() => tf.slice(yf, [0, 3], [2, 1])), tf.tidy(() => tf.slice(x, [0, 3], [2, 1])), 0);
  yf.dispose();
  const shiftOnly = new RealNVP({numMasked: 1, shiftAndLogScaleFn: realNvpDefaultTemplate({hiddenLayers: [4], shiftOnly: true, seed: 4})});
  shiftOnly.forward(x).dispose();
  const l = shiftOnly.forwardLogDetJacobian(x);
  assertClose(t, l, [0, 0], 0);
  checkBijector(t, shiftOnly, x);
  // bijectorFn: the transformed part is scaled by exp(sum of the masked part).
  const viaBijector = new RealNVP({numMasked: 2, bijectorFn: (x0, units) => new Scale({logScale: tf.tile(tf.sum(x0, -1, true), [1, units])})});
  checkBijector(t, viaBijector, x);
  const elementwise = new RealNVP({numMasked: 2, bijectorFn: () => new Exp()});
  const ax = tf.abs(x);
  checkBijector(t, elementwise, ax);
  ax.dispose();
  tf.dispose([x, y, l]);
  assertNoLeak(t, () => tf.dispose([neg.forward([1, 2, 3, 4]), neg.inverse([1, 2, 3, 4]), neg.forwardLogDetJacobian([1, 2, 3, 4]), neg.inverseLogDetJacobian([1, 2, 3, 4])]));
  tpl.dispose();
});

test('RealNVP errors', (t) => {
  const fn = realNvpDefaultTemplate({hiddenLayers: [4]});
  t.throws(() => new RealNVP({shiftAndLogScaleFn: fn}), {message: "RealNVP: give exactly one of 'numMasked' and 'fractionMasked', got neither"});
  t.throws(() => new RealNVP({fractionMasked: 1.5, shiftAndLogScaleFn: fn}), {message: "RealNVP: parameter 'fractionMasked' must be in (-1, 1), got 1.5"});
  t.throws(() => new RealNVP({numMasked: 1}), {message: /give exactly one of 'shiftAndLogScaleFn' and 'bijectorFn', got neither/});
  const b = new RealNVP({numMasked: 3, shiftAndLogScaleFn: fn});
  t.throws(() => b.forward([1, 2, 3]), {message: 'real_nvp: the event size must exceed |numMasked| = 3 > 0, got shape [3]'});
  t.throws(() => realNvpDefaultTemplate({hiddenLayers: [0]}), {message: /'hiddenLayers' must be an array of positive integers, got \[0\]/});
});

test('a RealNVP flow trains with a tf.Optimizer through realNvpDefaultTemplate variables', (t) => {
  // Data: y1 ~ N(0, 1), y2 | y1 ~ N(y1^2 / 2, 0.5^2); flow: coupling, swap, coupling.
  const n = 512;
  const data = tf.tidy(() => {
    const [a, e] = tf.unstack(tf.randomNormal([2, n], 0, 1, 'float32', 17));
    return tf.stack([a, tf.add(tf.mul(0.5, tf.square(a)), tf.mul(0.5, e))], -1);
  });
  const t1 = realNvpDefaultTemplate({hiddenLayers: [16], activation: 'tanh', seed: 1});
  const t2 = realNvpDefaultTemplate({hiddenLayers: [16], activation: 'tanh', seed: 2});
  const flow = new Chain([new RealNVP({numMasked: 1, shiftAndLogScaleFn: t1}), new Permute({permutation: [1, 0]}), new RealNVP({numMasked: 1, shiftAndLogScaleFn: t2})]);
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  const meanLogLik = () =>
    tf.tidy(() => {
      const x = flow.inverse(data);
      const base = tf.sum(tf.sub(tf.mul(-0.5, tf.square(x)), halfLog2Pi), -1);
      return tf.mean(tf.add(base, flow.inverseLogDetJacobian(data))) as tf.Scalar;
    });
  const initial = tf.tidy(() => meanLogLik().dataSync()[0]);
  const variables = [...t1.trainableVariables, ...t2.trainableVariables];
  t.is(variables.length, 8);
  const optimizer = tf.train.adam(0.02);
  const before = tf.memory().numTensors;
  for (let step = 0; step < 150; step++) optimizer.minimize(() => tf.neg(meanLogLik()), false, variables);
  t.is(tf.memory().numTensors - before, 2 * variables.length, 'only Adam slots are added');
  const final = tf.tidy(() => meanLogLik().dataSync()[0]);
  t.log({initial, final});
  // The banana's Gaussian fit has mean log-likelihood ~ -2.70 and the truth ~ -2.14 (maf test); the
  // flow must move well past the start (its initial value is at or below the Gaussian level).
  t.true(final > initial + 0.3, `log-likelihood rose from ${initial} to ${final}`);
  optimizer.dispose();
  data.dispose();
  t1.dispose();
  t2.dispose();
});
