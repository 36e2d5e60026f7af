import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Gamma} from './gamma';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';
import {assertQuantileGradients, assertQuantileRoundTrip} from './internal/quantile_testing';

const fixture = loadUnivariateFixture('gamma');
const make = (p: Params | Record<string, tf.Tensor>) => new Gamma({concentration: p.concentration, rate: p.rate});

test.before(async () => {
  await init();
});

// logProb at concentration 150 sums terms of size ~750 (lgamma, a log x): rtol 1e-5 of the
// largest term, so atol 2e-3 there; igamma is a float64 kernel, its float32 inputs rounded by 6e-8
// move P(a, x) by x p(x) 6e-8 relative, within rtol 5e-5 except in the far tails (atol).
// Quantiles: igammainv is a float64 kernel (<= 2 ulp), the division by rate adds 0.5 ulp: rtol
// 4e-7 (3.4 ulp); p = 1e-30 at concentration 0.3 lands among float32 subnormals (spacing 1.4e-45).
registerFixtureTests(test, 'gamma', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, quantile: {rtol: 4e-7, atol: 3e-45}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
  integrate: {logGrid: true, n: 50000, tolerance: 2e-4},
});

test('mode is NaN for concentration <= 1, or an Error without allowNanStats', (t) => {
  assertNoLeak(t, () => {
    const d = new Gamma({concentration: [0.5, 1, 3], rate: 2});
    tf.tidy(() => assertClose(t, d.mode(), [NaN, NaN, 1]));
    d.dispose();
  });
  const strict = new Gamma({concentration: 0.5, rate: 1, allowNanStats: false});
  t.throws(() => strict.mode(), {message: /Gamma: mode is undefined/});
  strict.dispose();
});

test('samples: moments, empirical cdf, shapes, seeds and implicit reparameterization gradients', (t) => {
  const batch = new Gamma({concentration: [[0.5], [2], [9]], rate: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev', 'entropy']);
  batch.dispose();
  for (const c of [fixture.cases[1], fixture.cases[2]]) {
    const d = make(c.params);
    assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
    d.dispose();
  }
  assertReparameterizedMeanGradient(t, make, {concentration: 1.7, rate: 0.6});
  assertReparameterizedMeanGradient(t, make, {concentration: 0.3, rate: 2}, {seed: 9});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Gamma({concentration: -1, rate: 1}), {message: /Gamma: parameter 'concentration' must be positive; received -1/});
  t.throws(() => new Gamma({concentration: 1, rate: 0}), {message: /Gamma: parameter 'rate' must be positive; received 0/});
  t.throws(() => new Gamma({concentration: [1, 2, 3], rate: [1, 2]}), {message: /Gamma: parameter shapes do not broadcast/});
});

test('quantile: round trip through cdf and survival function in both tails; gradients in every parameter and p; no leaks', (t) => {
  const PS = [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 2 ** -24];
  for (const params of [{concentration: 0.6, rate: 2}, {concentration: 40, rate: 0.3}]) {
    const d = make(params);
    assertQuantileRoundTrip(t, d, PS, `Gamma ${JSON.stringify(params)}`);
    d.dispose();
  }
  assertQuantileGradients(t, make, {concentration: 2.5, rate: 1.5}, [0.05, 0.4, 0.9], 'Gamma');
  const d = make({concentration: 2.5, rate: 1.5});
  assertNoLeak(t, () => tf.dispose(d.quantile([0.1, 0.9])), 'Gamma quantile');
  const p = tf.tensor1d([0.2]);
  assertNoLeak(t, () => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(p)), 'Gamma quantile gradient');
  p.dispose();
  d.dispose();
});
