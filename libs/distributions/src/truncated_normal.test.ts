import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {TruncatedNormal} from './truncated_normal';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('truncated_normal');
const make = (p: Params | Record<string, tf.Tensor>) =>
  new TruncatedNormal({loc: p.loc, scale: p.scale, low: p.low, high: p.high});

test.before(async () => {
  await init();
});

// Far-tail truncations ([8, 9] and [-31, -30] standard deviations) keep relative accuracy through
// log space, but z^2 / 2 ~ 480 and log Z ~ -480 cancel in logProb: atol 1e-4 (rtol 1e-5 of 480 each).
// The variance in the [-31, -30] tail is 1 - r_b (beta - m) with r_b ~ 30 and m ~ -30.03 the
// standardized mean: m's float32 rounding (2e-6) times r_b bounds it to +-6e-5 of its 1.1e-3, so
// variance atol 1e-4 and stddev (0.033) rtol 2e-2 there.
registerFixtureTests(test, 'truncnorm (mpmath)', fixture, make, {
  tolerances: {
    logProb: {rtol: 1e-5, atol: 1e-4},
    logCdf: {rtol: 1e-4, atol: 1e-4},
    logSf: {rtol: 1e-4, atol: 1e-4},
    cdf: {rtol: 1e-4, atol: 1e-7},
    sf: {rtol: 1e-4, atol: 1e-7},
    quantile: {rtol: 2e-6, atol: 2e-6},
    variance: {rtol: 1e-4, atol: 1e-4},
    stddev: {rtol: 2e-2, atol: 1e-6},
    entropy: {rtol: 1e-4, atol: 1e-4},
  },
  integrate: {n: 50000, tolerance: 1e-5},
});

test('samples: moments, empirical cdf in a far tail, shapes, seeds and pathwise gradients', (t) => {
  const batch = new TruncatedNormal({loc: [[-1], [0], [3]], scale: [0.5, 1, 4], low: -1, high: [0, 2, 30]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  for (const c of [fixture.cases[0], fixture.cases[3], fixture.cases[4]]) {
    const d = make(c.params);
    assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
    tf.tidy(() => {
      const x = Array.from(d.sample(2000, 5).dataSync());
      t.true(x.every((v) => v >= c.params.low && v <= c.params.high), `samples inside [${c.params.low}, ${c.params.high}]`);
    });
    d.dispose();
  }
  assertReparameterizedMeanGradient(t, make, {loc: 0.4, scale: 1.3, low: -0.5, high: 2});
  assertReparameterizedMeanGradient(t, make, {loc: 0, scale: 1, low: 6, high: 7}, {seed: 8});
});

test('infinite bounds reduce to the normal distribution', (t) => {
  assertNoLeak(t, () => {
    const d = new TruncatedNormal({loc: 1, scale: 2, low: -Infinity, high: Infinity});
    tf.tidy(() => {
      const z = [-3, 0, 1.5];
      assertClose(t, d.logProb(z.map((v) => 1 + 2 * v)), z.map((v) => -0.5 * v * v - Math.log(2) - 0.5 * Math.log(2 * Math.PI)), {rtol: 1e-6});
      assertClose(t, d.mean(), 1);
      assertClose(t, d.variance(), 4, {rtol: 1e-6});
    });
    d.dispose();
  });
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new TruncatedNormal({loc: 0, scale: -1, low: 0, high: 1}), {
    message: /TruncatedNormal: parameter 'scale' must be positive; received -1/,
  });
  t.throws(() => new TruncatedNormal({loc: 0, scale: 1, low: 2, high: 1}), {
    message: /TruncatedNormal: parameter 'low' must be less than 'high'; received low 2 and high 1/,
  });
  t.throws(() => new TruncatedNormal({loc: [0, 1, 2], scale: 1, low: [0, 1], high: 3}), {
    message: /TruncatedNormal: parameter shapes do not broadcast/,
  });
});
