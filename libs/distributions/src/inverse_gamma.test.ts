import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {InverseGamma} from './inverse_gamma';
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

const fixture = loadUnivariateFixture('inverse_gamma');
const make = (p: Params | Record<string, tf.Tensor>) => new InverseGamma({concentration: p.concentration, scale: p.scale});

test.before(async () => {
  await init();
});

// As for Gamma (concentration 150 gives logProb terms ~750).
// Quantiles: scale / igammacinv(a, p), a float64 kernel (<= 2 ulp) and one division: rtol 4e-7.
registerFixtureTests(test, 'invgamma', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, quantile: {rtol: 4e-7, atol: 3e-45}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
  integrate: {logGrid: true, n: 50000, tolerance: 2e-4},
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  // Concentrations above 4 so that the fourth moment (the variance's standard error) exists.
  const batch = new InverseGamma({concentration: [[6], [9], [12]], scale: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[1];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {concentration: 4.5, scale: 1.3});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new InverseGamma({concentration: -1, scale: 1}), {message: /InverseGamma: parameter 'concentration' must be positive; received -1/});
  t.throws(() => new InverseGamma({concentration: 1, scale: 0}), {message: /InverseGamma: parameter 'scale' must be positive; received 0/});
});

test('quantile: round trip through cdf and survival function in both tails; gradients in every parameter and p; no leaks', (t) => {
  const PS = [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 2 ** -24];
  for (const params of [{concentration: 0.7, scale: 1.3}, {concentration: 12, scale: 5}]) {
    const d = make(params);
    assertQuantileRoundTrip(t, d, PS, `InverseGamma ${JSON.stringify(params)}`);
    d.dispose();
  }
  assertQuantileGradients(t, make, {concentration: 3, scale: 0.4}, [0.05, 0.4, 0.9], 'InverseGamma');
  const d = make({concentration: 3, scale: 0.4});
  assertNoLeak(t, () => tf.dispose(d.quantile([0.1, 0.9])), 'InverseGamma quantile');
  const p = tf.tensor1d([0.2]);
  assertNoLeak(t, () => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(p)), 'InverseGamma quantile gradient');
  p.dispose();
  d.dispose();
});
