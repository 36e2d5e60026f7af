import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HalfNormal} from './half_normal';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('half_normal');
const make = (p: Params | Record<string, tf.Tensor>) => new HalfNormal({scale: p.scale});

test.before(async () => {
  await init();
});

registerFixtureTests(test, 'halfnorm', fixture, make);

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new HalfNormal({scale: [[0.5], [1], [4]]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {scale: 1.7});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new HalfNormal({scale: -1}), {message: /HalfNormal: parameter 'scale' must be positive; received -1/});
  const bad = tf.scalar(0);
  t.throws(() => new HalfNormal({scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});
