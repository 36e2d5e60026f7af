import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Beta} from './beta';
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

const fixture = loadUnivariateFixture('beta');
const make = (p: Params | Record<string, tf.Tensor>) => new Beta({concentration1: p.concentration1, concentration0: p.concentration0});

test.before(async () => {
  await init();
});

// lbeta(17, 300) ~ -75 and (b - 1) log1p(-x) up to ~2000 at x = 0.999: rtol 1e-5 of the largest
// term; betainc is a float64 kernel whose float32 inputs move I_x(a, b) by x p(x) 6e-8 relative.
// Quantiles are betaincinv, a float64 kernel (<= 2 ulp): rtol 4e-7; atol for subnormal results.
registerFixtureTests(test, 'beta', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, quantile: {rtol: 4e-7, atol: 3e-45}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
  integrate: {n: 50000, tolerance: 1e-4},
});

test('mode is NaN unless both concentrations exceed 1', (t) => {
  assertNoLeak(t, () => {
    const d = new Beta({concentration1: [0.5, 2, 3], concentration0: [2, 1, 3]});
    tf.tidy(() => assertClose(t, d.mode(), [NaN, NaN, 0.5]));
    d.dispose();
  });
});

test('samples: moments, empirical cdf, shapes, seeds and reparameterized gradients', (t) => {
  const batch = new Beta({concentration1: [[0.5], [2], [9]], concentration0: [0.7, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev', 'entropy']);
  batch.dispose();
  const c = fixture.cases[2];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {concentration1: 1.7, concentration0: 0.6});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Beta({concentration1: -1, concentration0: 1}), {message: /Beta: parameter 'concentration1' must be positive; received -1/});
  t.throws(() => new Beta({concentration1: 1, concentration0: 0}), {message: /Beta: parameter 'concentration0' must be positive; received 0/});
  t.throws(() => new Beta({concentration1: [1, 2, 3], concentration0: [1, 2]}), {message: /Beta: parameter shapes do not broadcast/});
});

test('tiny concentrations: samples stay in [0, 1] without NaN when both gammas underflow', (t) => {
  // Beta(0.01, 0.03) puts nearly all mass at the ends, P(X near 1) ~ a / (a + b) = 1/4; the mean is
  // 1/4 with standard error sqrt(Var / n), Var = ab / ((a + b)^2 (a + b + 1)) ~ 0.18.
  const d = new Beta({concentration1: 0.01, concentration0: 0.03});
  tf.tidy(() => {
    const x = Array.from(d.sample(20000, 13).dataSync());
    t.true(x.every((v) => v >= 0 && v <= 1), 'in [0, 1]');
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = (0.01 * 0.03) / (0.04 * 0.04 * 1.04);
    t.true(Math.abs(mean - 0.25) < 5 * Math.sqrt(variance / x.length), `mean ${mean}`);
  });
  d.dispose();
});

test('quantile: round trip through cdf and survival function in both tails; gradients in every parameter and p; no leaks', (t) => {
  const PS = [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 2 ** -24];
  for (const params of [{concentration1: 0.4, concentration0: 3}, {concentration1: 30, concentration0: 8}]) {
    const d = make(params);
    assertQuantileRoundTrip(t, d, PS, `Beta ${JSON.stringify(params)}`);
    d.dispose();
  }
  assertQuantileGradients(t, make, {concentration1: 2.5, concentration0: 1.7}, [0.05, 0.4, 0.9], 'Beta');
  const d = make({concentration1: 2.5, concentration0: 1.7});
  assertNoLeak(t, () => tf.dispose(d.quantile([0.1, 0.9])), 'Beta quantile');
  const p = tf.tensor1d([0.2]);
  assertNoLeak(t, () => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(p)), 'Beta quantile gradient');
  p.dispose();
  d.dispose();
});
