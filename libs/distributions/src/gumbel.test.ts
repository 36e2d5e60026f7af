import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Gumbel} from './gumbel';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('gumbel');
const make = (p: Params | Record<string, tf.Tensor>) => new Gumbel({loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

registerFixtureTests(test, 'gumbel_r', fixture, make);

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Gumbel({loc: [[-1], [0], [3]], scale: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {loc: 0.4, scale: 1.3});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Gumbel({loc: 0, scale: -1}), {message: /Gumbel: parameter 'scale' must be positive; received -1/});
  t.throws(() => new Gumbel({loc: [0, 1, 2], scale: [1, 2]}), {message: /Gumbel: parameter shapes do not broadcast/});
  const bad = tf.scalar(0);
  t.throws(() => new Gumbel({loc: 0, scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});
