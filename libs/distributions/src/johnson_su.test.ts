import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {JohnsonSU} from './johnson_su';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('johnson_su');
const make = (p: Params | Record<string, tf.Tensor>) =>
  new JohnsonSU({skewness: p.skewness, tailweight: p.tailweight, loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

// Quantiles go through sinh((z - skewness) / tailweight): an absolute float32 error e in the
// argument (|arg| up to 10) is a relative error e cosh/sinh ~ 1e-6 of the result; with
// loc = 1e3 the absolute floor is one ulp of 1e3.
registerFixtureTests(test, 'johnsonsu', fixture, make, {
  tolerances: {quantile: {rtol: 1e-4, atol: 1.2e-4}, mean: {rtol: 2e-5, atol: 1e-4}},
  integrate: {n: 100000, tolerance: 1e-4},
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new JohnsonSU({skewness: [[-1], [0], [2]], tailweight: [2, 3, 4], loc: 0.5, scale: 2});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev']);
  batch.dispose();
  const c = fixture.cases[1];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {skewness: 0.5, tailweight: 2.5, loc: 0.4, scale: 1.3});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new JohnsonSU({skewness: 0, tailweight: -1, loc: 0, scale: 1}), {
    message: /JohnsonSU: parameter 'tailweight' must be positive; received -1/,
  });
  t.throws(() => new JohnsonSU({skewness: 0, tailweight: 1, loc: 0, scale: 0}), {
    message: /JohnsonSU: parameter 'scale' must be positive; received 0/,
  });
  t.throws(() => new JohnsonSU({skewness: [0, 1, 2], tailweight: [1, 2], loc: 0, scale: 1}), {
    message: /JohnsonSU: parameter shapes do not broadcast/,
  });
});
