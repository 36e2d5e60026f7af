import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {StudentT} from './student_t';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';
import {assertQuantileGradients, assertQuantileRoundTrip} from './internal/quantile_testing';

const fixture = loadUnivariateFixture('student_t');
const make = (p: Params | Record<string, tf.Tensor>) => new StudentT({df: p.df, loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

// t = (x - loc) / scale at loc 1e3, scale 1e-2 carries the rounding of x (6e-5 absolute, i.e.
// 6e-3 in t) into the tails' relative accuracy: cdf/sf rtol 2e-4 there. The quadrature covers
// +-30 scales with 200000 trapezoids (df = 0.5 has a sharp peak).
// Quantiles: t from betaincinv (<= 2 ulp) through a division, a square root and loc + scale t,
// ~8 ulp; beyond |t| ~ 1e15 t is the exp of a float32 log of size up to ~55 (df = 0.5, p = 1e-12),
// whose relative error is ~55 ulp: rtol 1e-5. atol 1e-12 for the median, where scipy gives t ~ 1e-16
// and this exactly 0.
registerFixtureTests(test, 't', fixture, make, {
  tolerances: {quantile: {rtol: 1e-5, atol: 1e-12}, cdf: {rtol: 2e-4, atol: 1e-7}, sf: {rtol: 2e-4, atol: 1e-7}, logProb: {rtol: 2e-5, atol: 1e-4}},
  integrate: {n: 200000, tolerance: 2e-4},
});

test('undefined moments: NaN mean for df <= 1, infinite variance for 1 < df <= 2', (t) => {
  assertNoLeak(t, () => {
    const d = new StudentT({df: [0.5, 1.5, 4], loc: 1, scale: 2});
    tf.tidy(() => {
      assertClose(t, d.mean(), [NaN, 1, 1]);
      assertClose(t, d.variance(), [NaN, Infinity, 8]);
    });
    d.dispose();
  });
  const strict = new StudentT({df: 1, loc: 0, scale: 1, allowNanStats: false});
  t.throws(() => strict.mean(), {message: /StudentT: mean is undefined/});
  strict.dispose();
});

test('samples: moments, empirical cdf, shapes, seeds and reparameterized gradients', (t) => {
  // df >= 9 so that the fourth moment (the variance's standard error) exists.
  const batch = new StudentT({df: [[9], [12], [30]], loc: [-1, 0, 3], scale: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  for (const c of [fixture.cases[0], fixture.cases[2]]) {
    const d = make(c.params);
    assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
    d.dispose();
  }
  assertReparameterizedMeanGradient(t, make, {df: 4.5, loc: 0.4, scale: 1.3});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new StudentT({df: 0, loc: 0, scale: 1}), {message: /StudentT: parameter 'df' must be positive; received 0/});
  t.throws(() => new StudentT({df: 1, loc: 0, scale: -1}), {message: /StudentT: parameter 'scale' must be positive; received -1/});
  t.throws(() => new StudentT({df: [1, 2, 3], loc: [0, 1], scale: 1}), {message: /StudentT: parameter shapes do not broadcast/});
});

test('quantile: round trip through cdf and survival function in both tails; gradients in every parameter and p; no leaks', (t) => {
  const PS = [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 2 ** -24];
  for (const params of [{df: 0.8, loc: 0, scale: 1}, {df: 6, loc: 0, scale: 2}]) {
    const d = make(params);
    assertQuantileRoundTrip(t, d, PS, `StudentT ${JSON.stringify(params)}`);
    d.dispose();
  }
  assertQuantileGradients(t, make, {df: 4.5, loc: 0.5, scale: 1.7}, [0.05, 0.4, 0.9], 'StudentT');
  const d = make({df: 4.5, loc: 0.5, scale: 1.7});
  assertNoLeak(t, () => tf.dispose(d.quantile([0.1, 0.9])), 'StudentT quantile');
  const p = tf.tensor1d([0.2]);
  assertNoLeak(t, () => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(p)), 'StudentT quantile gradient');
  // At the median p = 1/2 exactly: dq/dp = scale / f(0) = scale sqrt(nu) B(nu/2, 1/2) (B(2.25, 0.5) =
  // 1.0997785..., from Gamma(2.25) Gamma(0.5) / Gamma(2.75)), and the centred difference agrees;
  // float32 over O(1) values, rtol 1e-4.
  const atMedian = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(d.quantile(v)))(tf.tensor1d([0.5])).dataSync()[0]);
  const beta = Math.exp(lgammaReference(2.25) + lgammaReference(0.5) - lgammaReference(2.75));
  t.true(Math.abs(atMedian - 1.7 * Math.sqrt(4.5) * beta) < 1e-4 * atMedian, `dq/dp at 1/2: ${atMedian} vs ${1.7 * Math.sqrt(4.5) * beta}`);
  const h = 1e-3;
  const [below, above] = tf.tidy(() => Array.from(d.quantile([0.5 - h, 0.5 + h]).dataSync()));
  t.true(Math.abs((above - below) / (2 * h) - atMedian) < 1e-3 * atMedian, `centred difference ${(above - below) / (2 * h)} vs ${atMedian}`);
  p.dispose();
  d.dispose();
});

/** log Gamma(x) for x > 0 by Lanczos (g = 7, n = 9), ~1e-15 relative: an independent reference for the test above. */
function lgammaReference(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgammaReference(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
