import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HalfCauchy} from './half_cauchy';

import {
  assertLocScalePathwise,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('half_cauchy');
const make = (p: Params | Record<string, tf.Tensor>) => new HalfCauchy({loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

registerFixtureTests(test, 'halfcauchy', fixture, make);

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new HalfCauchy({loc: [[-1], [0], [3]], scale: [0.5, 1, 4]});
  
  assertShapesAndSeeds(t, batch, ['mode', 'entropy']);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertLocScalePathwise(t, make, 0.4, 1.3);
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new HalfCauchy({loc: 0, scale: -1}), {message: /HalfCauchy: parameter 'scale' must be positive; received -1/});
  t.throws(() => new HalfCauchy({loc: [0, 1, 2], scale: [1, 2]}), {message: /HalfCauchy: parameter shapes do not broadcast/});
  const bad = tf.scalar(0);
  t.throws(() => new HalfCauchy({loc: 0, scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});
