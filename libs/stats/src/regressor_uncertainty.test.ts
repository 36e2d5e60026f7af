import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {normalQuantile} from './internal/normal_quantile';
import {MeanVariance, mcRegress, regressorUncertainty} from './regressor_uncertainty';
import {assertClose} from './internal/test_util';
import fixture from './__fixtures__/uncertainty.json';

test.before(async () => {
  await init();
});

test('normalQuantile matches scipy.stats.norm.ppf to 1.2e-9 relative (Acklam)', (t) => {
  const {p, x} = fixture.normalQuantile;
  p.forEach((pi, i) => {
    const got = normalQuantile(pi);
    t.true(Math.abs(got - x[i]) <= 1.2e-9 * Math.max(1, Math.abs(x[i])), `p=${pi}: ${got} vs ${x[i]}`);
  });
  t.is(normalQuantile(0), -Infinity);
  t.is(normalQuantile(1), Infinity);
  t.throws(() => normalQuantile(1.5), {message: /p is 1.5/});
});

// float32 means and variances of values ~|10|: relative error a few 1e-7; 1e-5 relative is ample.
const RTOL = 1e-5;

test('point predictions: mean, variance (divisor T) and quantile intervals match numpy', (t) => {
  const ref = fixture.regressorPoints;
  const samples = tf.tensor(ref.samples);
  const before = tf.memory().numTensors;
  const u = regressorUncertainty(samples, {level: 0.9});
  t.deepEqual(u.mean.shape, [4, 2]);
  assertClose(t, u.mean.dataSync(), ref.mean.flat(), {atol: RTOL, rtol: RTOL}, 'mean');
  assertClose(t, u.variance.dataSync(), ref.variance.flat(), {atol: RTOL, rtol: RTOL}, 'variance');
  assertClose(t, u.epistemicVariance.dataSync(), ref.variance.flat(), {atol: RTOL, rtol: RTOL}, 'epistemicVariance');
  t.deepEqual(Array.from(u.aleatoricVariance.dataSync()), new Array(8).fill(0));
  assertClose(t, u.lower.dataSync(), ref.lower90.flat(), {atol: RTOL, rtol: RTOL}, 'lower');
  assertClose(t, u.upper.dataSync(), ref.upper90.flat(), {atol: RTOL, rtol: RTOL}, 'upper');
  tf.dispose(Object.values(u));
  t.is(tf.memory().numTensors, before);
  samples.dispose();
});

test('means and variances: law of total variance and Gaussian intervals match numpy/scipy', (t) => {
  const ref = fixture.regressorMeanVariance;
  const means = tf.tensor(ref.means);
  const variances = tf.tensor(ref.variances);
  const before = tf.memory().numTensors;
  const u = regressorUncertainty({means, variances}, {level: 0.8});
  assertClose(t, u.mean.dataSync(), ref.mean, {atol: RTOL, rtol: RTOL}, 'mean');
  assertClose(t, u.variance.dataSync(), ref.variance, {atol: RTOL, rtol: RTOL}, 'variance');
  assertClose(t, u.epistemicVariance.dataSync(), ref.epistemicVariance, {atol: RTOL, rtol: RTOL}, 'epistemicVariance');
  assertClose(t, u.aleatoricVariance.dataSync(), ref.aleatoricVariance, {atol: RTOL, rtol: RTOL}, 'aleatoricVariance');
  assertClose(t, u.lower.dataSync(), ref.lower80, {atol: RTOL, rtol: RTOL}, 'lower');
  assertClose(t, u.upper.dataSync(), ref.upper80, {atol: RTOL, rtol: RTOL}, 'upper');
  tf.dispose(Object.values(u));
  t.is(tf.memory().numTensors, before);
  t.throws(() => regressorUncertainty({means, variances}, {interval: 'quantile'}), {message: /interval 'quantile' needs point predictions/});
  t.throws(() => regressorUncertainty({means, variances: tf.ones([2])}), {message: /variances has shape \[2\], expected the shape of means \[5, 3\]/});
  t.throws(() => regressorUncertainty(means, {level: 1}), {message: /level is 1, expected a probability in \(0, 1\)/});
  tf.dispose([means, variances]);
});

test('mcRegress with distribution passes equals regressorUncertainty on the stacked moments, batched', (t) => {
  // Pass s predicts Normal(mu = x * w_s, sigma^2 = 0.5 + x^2 / 10) with w_s seeded by the pass.
  const model = (x: tf.Tensor, s: number): MeanVariance => {
    const w = tf.randomNormal([1, 1], 1, 0.3, 'float32', 11 + s);
    const mu = tf.mul(x, w);
    const variance = tf.add(0.5, tf.div(tf.square(x), 10));
    return {mean: () => mu, variance: () => variance};
  };
  const x = tf.tidy(() => tf.reshape(tf.linspace(-3, 3, 13), [13, 1]));
  const before = tf.memory().numTensors;
  const streamed = mcRegress(model, x, {numSamples: 6, batchSize: 5, level: 0.9});
  const direct = tf.tidy(() => {
    const passes = Array.from({length: 6}, (_, s) => model(x, s));
    const u = regressorUncertainty({means: tf.stack(passes.map((p) => p.mean())), variances: tf.stack(passes.map((p) => p.variance()))}, {level: 0.9});
    return u;
  });
  for (const key of Object.keys(direct) as (keyof typeof direct)[]) {
    assertClose(t, streamed[key].dataSync(), Array.from(direct[key].dataSync()), {atol: 1e-6, rtol: 1e-6}, key);
  }
  t.true(streamed.epistemicVariance.dataSync()[0] > 0.1, 'the passes disagree at x = -3');
  tf.dispose([...Object.values(direct), ...Object.values(streamed)]);
  t.is(tf.memory().numTensors, before);
  x.dispose();
});

test('mcRegress with point passes gives quantile intervals and no aleatoric part; rejects mixed passes', (t) => {
  const model = (x: tf.Tensor, s: number) => tf.tidy(() => tf.add(x, tf.randomNormal(x.shape, 0, 1, 'float32', 100 + s)));
  const x = tf.zeros([4, 3]);
  const before = tf.memory().numTensors;
  const u = mcRegress(model, x, {numSamples: 200, batchSize: 3});
  t.deepEqual(u.lower.shape, [4, 3]);
  t.deepEqual(Array.from(u.aleatoricVariance.dataSync()), new Array(12).fill(0));
  // 200 draws of N(0, 1): the sample mean has sd 1/sqrt(200) = 0.071 (allow 5 sd = 0.35); the
  // 2.5% quantile has sd sqrt(q(1-q)/n)/phi(z) = 0.011/0.0584 = 0.19 (allow 5 sd ~ 0.95 around -1.96).
  const means = u.mean.dataSync();
  const lower = u.lower.dataSync();
  const upper = u.upper.dataSync();
  for (let i = 0; i < 12; i++) {
    t.true(Math.abs(means[i]) < 0.35, `mean ${means[i]}`);
    t.true(Math.abs(lower[i] + 1.96) < 0.95 && Math.abs(upper[i] - 1.96) < 0.95, `interval ${lower[i]}, ${upper[i]}`);
  }
  tf.dispose(Object.values(u));
  t.is(tf.memory().numTensors, before);
  const mixed = (b: tf.Tensor, s: number): tf.Tensor | MeanVariance => (s === 0 ? tf.zerosLike(b) : {mean: () => tf.zerosLike(b), variance: () => tf.onesLike(b)});
  t.throws(() => mcRegress(mixed, x, {numSamples: 2}), {message: /pass 1 returned a distribution but pass 0 returned a tensor/});
  t.is(tf.memory().numTensors, before);
  x.dispose();
});
