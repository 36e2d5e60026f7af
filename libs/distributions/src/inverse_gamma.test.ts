import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {InverseGamma} from './inverse_gamma';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('inverse_gamma');
const make = (p: Params | Record<string, tf.Tensor>) => new InverseGamma({concentration: p.concentration, scale: p.scale});

test.before(async () => {
  await init();
});

// As for Gamma (concentration 150 gives logProb terms ~750).
registerFixtureTests(test, 'invgamma', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
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
