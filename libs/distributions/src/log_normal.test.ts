import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LogNormal} from './log_normal';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('log_normal');
const make = (p: Params | Record<string, tf.Tensor>) => new LogNormal({loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

// Quantiles and moments are exponentials: an absolute float32 error e in the exponent (|exponent|
// up to 45, e ~ 45 * 6e-8) becomes the relative error e, hence rtol 5e-6 * |exponent| ~ 2e-4.
registerFixtureTests(test, 'lognorm', fixture, make, {
  tolerances: {quantile: {rtol: 2e-4}, mean: {rtol: 2e-5}, variance: {rtol: 1e-4}, mode: {rtol: 2e-5}},
  integrate: {logGrid: true, tolerance: 1e-4},
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new LogNormal({loc: [[-1], [0], [2]], scale: [0.1, 0.3, 0.5]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {loc: 0.3, scale: 0.4});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new LogNormal({loc: 0, scale: -1}), {message: /LogNormal: parameter 'scale' must be positive; received -1/});
  t.throws(() => new LogNormal({loc: [0, 1, 2], scale: [1, 2]}), {message: /LogNormal: parameter shapes do not broadcast/});
  const bad = tf.scalar(0);
  t.throws(() => new LogNormal({loc: 0, scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});
