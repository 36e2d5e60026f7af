import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Chi2} from './chi2';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('chi2');
const make = (p: Params | Record<string, tf.Tensor>) => new Chi2({df: p.df});

test.before(async () => {
  await init();
});

// As for Gamma: df = 300 gives terms of size ~1000 in logProb; igamma's float32 inputs set the
// cdf tolerance. The df = 0.4 density is unbounded at 0, so it has no quadrature case.
registerFixtureTests(test, 'chi2', fixture, make, {
  tolerances: {logProb: {rtol: 1e-5, atol: 2e-3}, cdf: {rtol: 1e-4, atol: 1e-7}, sf: {rtol: 1e-4, atol: 1e-7}, entropy: {rtol: 2e-5, atol: 1e-5}},
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
