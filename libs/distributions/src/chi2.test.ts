import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Chi2} from './chi2';
import {assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';
import {assertQuantileGradients, assertQuantileRoundTrip} from './internal/quantile_testing';

const fixture = loadUnivariateFixture('chi2');
const make = (p: Params | Record<string, tf.Tensor>) => new Chi2({df: p.df});

test.before(async () => {
  await init();
});

// As for Gamma: df = 300 gives terms of size ~1000 in logProb; igamma's float32 inputs set the
// cdf tolerance. The df = 0.4 density is unbounded at 0, so it has no quadrature case.
// Quantiles: 2 igammainv(df / 2, p), a float64 kernel (<= 2 ulp): rtol 4e-7; atol for subnormal results.
registerFixtureTests(test, 'chi2', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, quantile: {rtol: 4e-7, atol: 3e-45}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
  integrate: {logGrid: true, n: 50000, tolerance: 2e-4},
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Chi2({df: [[0.5], [2], [9]]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev', 'entropy']);
  batch.dispose();
  const c = fixture.cases[3];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {df: 3.5});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Chi2({df: 0}), {message: /Chi2: parameter 'df' must be positive; received 0/});
  const bad = tf.scalar(-2);
  t.throws(() => new Chi2({df: bad, validateArgs: true}), {message: /'df' must be positive; received -2/});
  bad.dispose();
});

test('quantile: round trip through cdf and survival function in both tails; gradients in every parameter and p; no leaks', (t) => {
  const PS = [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 2 ** -24];
  for (const params of [{df: 0.8}, {df: 25}]) {
    const d = make(params);
    assertQuantileRoundTrip(t, d, PS, `Chi2 ${JSON.stringify(params)}`);
    d.dispose();
  }
  assertQuantileGradients(t, make, {df: 3.5}, [0.05, 0.4, 0.9], 'Chi2');
  const d = make({df: 3.5});
  assertNoLeak(t, () => tf.dispose(d.quantile([0.1, 0.9])), 'Chi2 quantile');
  const p = tf.tensor1d([0.2]);
  assertNoLeak(t, () => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(p)), 'Chi2 quantile gradient');
  p.dispose();
  d.dispose();
});
