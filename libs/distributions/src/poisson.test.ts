import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Poisson} from './poisson';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface PoissonCase {
  kind: 'rate' | 'logRate';
  value: number;
  rate: number;
  k: number[];
  logPmf: number[];
  cdf: number[];
  sf: number[];
  x: number[];
  continuousLogProb: number[];
  continuousCdf: number[];
  floorCdf: number[];
  mode: number;
}
const fixture = loadFixtureNonFinite<{cases: PoissonCase[]}>('poisson');

test.before(async () => {
  await init();
});

function build(c: PoissonCase, force = false): Poisson {
  return c.kind === 'rate'
    ? new Poisson({rate: c.value, forceProbsToZeroOutsideSupport: force})
    : new Poisson({logRate: c.value, forceProbsToZeroOutsideSupport: force});
}

/**
 * log p(k) is k log(rate) - lgamma(k + 1) - rate in float32: each term is rounded to within half an ulp
 * of its magnitude, so the tolerance is 4 float32 epsilons of the sum of the magnitudes.
 */
function logPmfTolerance(k: number, rate: number): number {
  const lgammaMagnitude = k > 1 ? Math.abs(k * Math.log(k) - k) + Math.log(2 * Math.PI * (k + 1)) : 1;
  return 4 * 1.2e-7 * (Math.abs(k * Math.log(rate || 1)) + lgammaMagnitude + rate) + 1e-7;
}

test('logProb, prob and mode match scipy.stats.poisson at integers from 0 to 30 standard deviations out', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `${c.kind}=${c.value}`;
      tf.tidy(() => {
        const lp = d.logProb(c.k).dataSync();
        c.k.forEach((k, i) => assertClose(t, lp[i], c.logPmf[i], {rtol: 0, atol: logPmfTolerance(k, c.rate)}, `logProb ${label} k=${k}`));
        const p = d.prob(c.k).dataSync();
        c.k.forEach((k, i) => assertClose(t, p[i], Math.exp(c.logPmf[i]), {rtol: 2 * logPmfTolerance(k, c.rate), atol: 1e-38}, `prob ${label} k=${k}`));
        assertClose(t, d.mode(), c.mode, {rtol: 0, atol: 0}, `mode ${label}`);
        assertClose(t, d.mean(), c.rate, {rtol: 2e-7, atol: 0}, `mean ${label}`);
        assertClose(t, d.variance(), c.rate, {rtol: 2e-7, atol: 0}, `variance ${label}`);
      });
      d.dispose();
    });
  }
});

test('off the integers: -inf below 0, TFP\'s continuous extension by default, -inf when forced', (t) => {
  for (const c of fixture.cases.filter((cc) => cc.rate > 0)) {
    const d = build(c);
    const forced = build(c, true);
    tf.tidy(() => {
      const tol = logPmfTolerance(Math.max(...c.x), c.rate);
      assertClose(t, d.logProb(c.x), c.continuousLogProb, {rtol: 0, atol: tol}, `continuous ${c.kind}=${c.value}`);
      const lp = Array.from(forced.logProb(c.x).dataSync());
      t.deepEqual(lp, c.x.map(() => -Infinity), `forced ${c.kind}=${c.value}`);
      assertClose(t, forced.logProb(c.k), d.logProb(c.k), {rtol: 0, atol: 0}, 'forced agrees at integers');
    });
    d.dispose();
    forced.dispose();
  }
});

// igamma/igammac are float64 kernels rounded to float32 (rtol 2e-5 covers their float32 result); the
// rate itself carries float32 rounding (4 eps relative, from exp(logRate) too), which moves P(X <= k)
// by lambda pmf(k) 4 eps since d/dlambda P(X > k) = pmf(k): that is the per-point absolute tolerance.
test('cdf, survival function and their logs match scipy.stats.poisson; TFP\'s igammac extension off the integers', (t) => {
  const eps = 1.2e-7;
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const forced = build(c, true);
      const label = `${c.kind}=${c.value}`;
      const rateShift = (logPmf: number) => 4 * eps * c.rate * Math.exp(logPmf);
      const pmfMax = Math.max(...c.logPmf);
      tf.tidy(() => {
        const values = {cdf: d.cdf(c.k).dataSync(), sf: d.survivalFunction(c.k).dataSync()};
        const logs = {cdf: d.logCdf(c.k).dataSync(), sf: d.logSurvivalFunction(c.k).dataSync()};
        c.k.forEach((k, i) => {
          const atol = rateShift(c.logPmf[i]);
          assertClose(t, values.cdf[i], c.cdf[i], {rtol: 2e-5, atol: atol + 1e-7}, `cdf ${label} k=${k}`);
          assertClose(t, values.sf[i], c.sf[i], {rtol: 2e-5, atol: atol + 1e-37}, `sf ${label} k=${k}`);
          assertClose(t, logs.cdf[i], Math.log(c.cdf[i]), {rtol: 2e-5, atol: atol / c.cdf[i] + 1e-7}, `logCdf ${label} k=${k}`);
          // log of the float32 survival function (as TFP): checked where sf is a normal float32.
          if (c.sf[i] > 1.2e-38) {
            assertClose(t, logs.sf[i], Math.log(c.sf[i]), {rtol: 2e-5, atol: atol / c.sf[i] + 1e-6}, `logSf ${label} k=${k}`);
          }
        });
        const atol = rateShift(pmfMax) + 1e-7;
        assertClose(t, d.cdf(c.x), c.continuousCdf, {rtol: 2e-5, atol}, `continuous cdf ${label}`);
        assertClose(t, forced.cdf(c.x), c.floorCdf, {rtol: 2e-5, atol}, `floored cdf ${label}`);
      });
      d.dispose();
      forced.dispose();
    });
  }
});

test('the pmf sums to 1 up to a tail below 1e-7', (t) => {
  for (const rate of [0.01, 1.5, 9.9, 10.1, 57, 400]) {
    const d = new Poisson({rate});
    const last = Math.ceil(rate + 12 * Math.sqrt(rate) + 30); // P(X > last) < 1e-9 for these rates
    const ks = Array.from({length: last + 1}, (_, i) => i);
    const probs = tf.tidy(() => d.prob(ks).dataSync());
    const total = Array.from(probs).reduce((s, p) => s + p, 0);
    // Each float32 probability carries the relative error of its log (logPmfTolerance).
    t.true(Math.abs(total - 1) < 1e-7 + logPmfTolerance(last, rate), `rate ${rate}: sum ${total}`);
    d.dispose();
  }
});

test('sample frequencies match the pmf, for inversion (rate < 10) and PTRS rejection (rate >= 10)', (t) => {
  const rates = [0.3, 4, 9.5, 10.5, 60, 3000];
  const d = new Poisson({rate: rates});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 123);
    t.is(x.dtype, 'float32');
    const columns = tf.unstack(x, 1).map((col) => col.dataSync());
    rates.forEach((rate, j) => {
      const lo = Math.max(0, Math.floor(rate - 10 * Math.sqrt(rate)));
      const hi = Math.ceil(rate + 12 * Math.sqrt(rate) + 20);
      const support = Array.from({length: hi - lo + 1}, (_, i) => lo + i);
      const logPmf = (k: number) => k * Math.log(rate) - rate - logFactorial(k);
      assertFrequencies(t, columns[j], (k) => Math.exp(logPmf(k)), support, {label: `rate ${rate}`});
    });
    assertClose(t, d.sample(3, 5), d.sample(3, 5), {rtol: 0, atol: 0}, 'same seed');
    t.notDeepEqual(Array.from(d.sample(3, 5).dataSync()), Array.from(d.sample(3, 6).dataSync()));
  });
  assertSampleMoments(t, d, {n, seed: 9});
  const huge = new Poisson({logRate: Math.log(2e7)});
  assertSampleMoments(t, huge, {n: 5000, seed: 10});
  d.dispose();
  huge.dispose();
});

/** log k! by summation, for the test's own pmf (independent of the sampler's Stirling series). */
function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

test('shapes broadcast and every method is leak-free', (t) => {
  assertNoLeak(t, () => {
    const rate = tf.tensor2d([[1], [2]]);
    const d = new Poisson({rate});
    const e = new Poisson({logRate: [0, 1, 2]});
    tf.tidy(() => {
      t.deepEqual(d.batchShape, [2, 1]);
      t.deepEqual(d.sample([3, 4], 1).shape, [3, 4, 2, 1]);
      t.deepEqual(d.logProb([0, 1, 2]).shape, [2, 3]);
      t.deepEqual(e.batchShape, [3]);
      t.deepEqual(e.mean().shape, [3]);
      t.deepEqual(e.mode().shape, [3]);
      t.deepEqual(e.sample(2).shape, [2, 3]);
      assertClose(t, e.rateParameter(), [1, Math.E, Math.exp(2)], {rtol: 1e-6});
      assertClose(t, d.logRateParameter(), [0, Math.log(2)], {rtol: 1e-6, atol: 1e-7});
    });
    d.dispose();
    e.dispose();
    rate.dispose();
  });
});

test('logProb gradients: d/dlogRate = k - rate, d/drate = k / rate - 1', (t) => {
  const logRate = tf.tensor1d([-1, 0.5, 3]);
  const rate = tf.tensor1d([0.2, 4, 30]);
  const k = [2, 0, 25];
  const gLog = tf.grad((l: tf.Tensor) => new Poisson({logRate: l}).logProb(k).sum())(logRate);
  const gRate = tf.grad((r: tf.Tensor) => new Poisson({rate: r}).logProb(k).sum())(rate);
  assertClose(t, gLog, [-1, 0.5, 3].map((l, i) => k[i] - Math.exp(l)), {rtol: 1e-5, atol: 1e-6});
  assertClose(t, gRate, [0.2, 4, 30].map((r, i) => k[i] / r - 1), {rtol: 1e-5, atol: 1e-6});
  tf.dispose([logRate, rate, gLog, gRate]);
});

test('bad inputs give errors naming Poisson, the parameter and the value', (t) => {
  t.throws(() => new Poisson({rate: -1}), {message: /Poisson: parameter 'rate' must be non-negative; received -1/});
  t.throws(() => new Poisson({rate: 1, logRate: 0}), {message: /Poisson: give exactly one of 'rate' and 'logRate'; received both/});
  t.throws(() => new Poisson({}), {message: /Poisson: give exactly one of 'rate' and 'logRate'; received neither/});
  t.throws(() => new Poisson({logRate: [0, NaN]}), {message: /'logRate' must be a real number \(not NaN\); received NaN at flat index 1/});
  const negative = tf.scalar(-3);
  t.throws(() => new Poisson({rate: negative, validateArgs: true}), {message: /'rate' must be non-negative; received -3/});
  negative.dispose();
  const d = new Poisson({rate: 2, validateArgs: true});
  t.throws(() => d.logProb([1, 2.5]), {message: /Poisson: x must be an integer in \{0, 1, 2, ...\} \(validateArgs\); received 2.5 at flat index 1/});
  t.throws(() => d.logProb(-1), {message: /received -1/});
  d.dispose();
});
