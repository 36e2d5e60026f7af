import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exponential} from './exponential';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('exponential');
// scipy's support convention (density 0 below 0) is TFP's forceProbsToZeroOutsideSupport.
const make = (p: Params | Record<string, tf.Tensor>) => new Exponential({rate: p.rate, forceProbsToZeroOutsideSupport: true});

test.before(async () => {
  await init();
});

// Quantile at p = 1e-30: -log1p(-p) / rate is 1e-30 / rate, within float32 relative rounding.
registerFixtureTests(test, 'expon', fixture, make);

test('without forceProbsToZeroOutsideSupport (TFP default) the formulas extend below 0', (t) => {
  assertNoLeak(t, () => {
    const d = new Exponential({rate: 2});
    tf.tidy(() => {
      assertClose(t, d.logProb(-1), Math.log(2) + 2);
      assertClose(t, d.cdf(-1), -Math.expm1(2), {rtol: 1e-6});
    });
    d.dispose();
  });
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Exponential({rate: [[0.5], [1], [4]]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {rate: 1.7});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Exponential({rate: -1}), {message: /Exponential: parameter 'rate' must be positive; received -1/});
  const bad = tf.scalar(0);
  t.throws(() => new Exponential({rate: bad, validateArgs: true}), {message: /'rate' must be positive; received 0/});
  bad.dispose();
});
