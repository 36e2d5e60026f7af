import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Cauchy} from './cauchy';
import {assertClose, assertNoLeak} from './internal/testing';

import {
  assertLocScalePathwise,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('cauchy');
const make = (p: Params | Record<string, tf.Tensor>) => new Cauchy({loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

registerFixtureTests(test, 'cauchy', fixture, make);

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Cauchy({loc: [[-1], [0], [3]], scale: [0.5, 1, 4]});
  
  assertShapesAndSeeds(t, batch, ['mode', 'entropy']);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertLocScalePathwise(t, make, 0.4, 1.3);
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Cauchy({loc: 0, scale: -1}), {message: /Cauchy: parameter 'scale' must be positive; received -1/});
  t.throws(() => new Cauchy({loc: [0, 1, 2], scale: [1, 2]}), {message: /Cauchy: parameter shapes do not broadcast/});
  const bad = tf.scalar(0);
  t.throws(() => new Cauchy({loc: 0, scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});

test('mean and variance are NaN, or an Error when allowNanStats is false', (t) => {
  assertNoLeak(t, () => {
    const d = new Cauchy({loc: [0, 1], scale: 1});
    tf.tidy(() => {
      assertClose(t, d.mean(), [NaN, NaN]);
      assertClose(t, d.variance(), [NaN, NaN]);
    });
    d.dispose();
  });
  const strict = new Cauchy({loc: 0, scale: 1, allowNanStats: false});
  t.throws(() => strict.mean(), {message: /Cauchy: mean is undefined/});
  t.throws(() => strict.variance(), {message: /Cauchy: variance is undefined/});
  strict.dispose();
});
