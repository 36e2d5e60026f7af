import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Kumaraswamy} from './kumaraswamy';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('kumaraswamy');
const make = (p: Params | Record<string, tf.Tensor>) =>
  new Kumaraswamy({concentration1: p.concentration1, concentration0: p.concentration0});

test.before(async () => {
  await init();
});

// x^a = exp(a log x) with a = 17 amplifies x's float32 rounding 17-fold (1e-6 relative), and the
// quantile's 1/a power the same way back: rtol 2e-5 for cdf/sf, 1e-4 for quantiles.
registerFixtureTests(test, 'kumaraswamy (mpmath)', fixture, make, {
  tolerances: {cdf: {rtol: 2e-5, atol: 1e-7}, sf: {rtol: 2e-5, atol: 1e-7}, logSf: {rtol: 2e-5, atol: 2e-6}, quantile: {rtol: 1e-4, atol: 1e-7}},
  integrate: {n: 50000, tolerance: 1e-4},
});

test('defaults to the uniform distribution; mode NaN unless both concentrations exceed 1', (t) => {
  assertNoLeak(t, () => {
    const d = new Kumaraswamy();
    const m = new Kumaraswamy({concentration1: [0.5, 3], concentration0: [2, 2]});
    tf.tidy(() => {
      assertClose(t, d.prob([0.1, 0.5, 0.9]), [1, 1, 1]);
      assertClose(t, m.mode(), [NaN, Math.pow(2 / 5, 1 / 3)]);
    });
    d.dispose();
    m.dispose();
  });
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Kumaraswamy({concentration1: [[0.5], [2], [9]], concentration0: [0.7, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch, ['mean', 'variance', 'stddev', 'entropy']);
  batch.dispose();
  const c = fixture.cases[2];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {concentration1: 1.7, concentration0: 0.6});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Kumaraswamy({concentration1: -1, concentration0: 1}), {
    message: /Kumaraswamy: parameter 'concentration1' must be positive; received -1/,
  });
  t.throws(() => new Kumaraswamy({concentration1: [1, 2, 3], concentration0: [1, 2]}), {
    message: /Kumaraswamy: parameter shapes do not broadcast/,
  });
});
