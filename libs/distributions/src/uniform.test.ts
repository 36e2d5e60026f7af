import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Uniform} from './uniform';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('uniform');
const make = (p: Params | Record<string, tf.Tensor>) => new Uniform({low: p.low, high: p.high});

test.before(async () => {
  await init();
});

// cdf = (x - low) / range: x and low are float32 values up to 1e3 apart by 2e3, so the
// subtraction is exact but the division adds 6e-8 relative; quantile (1 - p) low + p high with
// |low| = 1e3 carries absolute error ~1e3 * 6e-8 * 2.
registerFixtureTests(test, 'uniform', fixture, make, {
  tolerances: {quantile: {rtol: 1e-6, atol: 2e-4}, cdf: {rtol: 1e-5, atol: 2e-7}, sf: {rtol: 1e-5, atol: 2e-7}},
  integrate: {n: 1000, tolerance: 1e-6},
});

test('defaults to the unit interval; range is high - low', (t) => {
  assertNoLeak(t, () => {
    const d = new Uniform();
    tf.tidy(() => {
      assertClose(t, d.prob([-0.1, 0, 0.5, 1, 1.1]), [0, 1, 1, 1, 0]);
      assertClose(t, d.range(), 1);
    });
    d.dispose();
  });
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Uniform({low: [[-1], [0], [3]], high: [5, 6, 7]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev', 'entropy']);
  batch.dispose();
  const c = fixture.cases[2];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {low: -0.5, high: 2.5});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Uniform({low: 2, high: 1}), {message: /Uniform: parameter 'low' must be less than 'high'; received low 2 and high 1/});
  t.throws(() => new Uniform({low: [0, 3], high: 2}), {message: /Uniform: parameter 'low' must be less than 'high'; received low \[0, 3\]/});
  t.throws(() => new Uniform({low: NaN, high: 2}), {message: /Uniform: parameter 'low' must be finite; received NaN/});
  t.throws(() => new Uniform({low: [0, 1, 2], high: [3, 4]}), {message: /Uniform: parameter shapes do not broadcast/});
  const low = tf.scalar(3);
  t.notThrows(() => new Uniform({low, high: 1}).dispose());
  t.throws(() => new Uniform({low, high: 1, validateArgs: true}), {message: /'low' must be less than 'high'/});
  low.dispose();
});
