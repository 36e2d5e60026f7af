import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Binomial} from './binomial';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface BinomialCase {
  n: number;
  mode: number;
  kind: 'logits' | 'probs';
  value: number;
  p: number;
  k: number[];
  logPmf: number[];
  cdf: number[];
  x: number[];
  xCdf: number[];
  mean: number;
  variance: number;
}
const fixture = loadFixtureNonFinite<{cases: BinomialCase[]}>('binomial');

test.before(async () => {
  await init();
});

const build = (c: BinomialCase) =>
  c.kind === 'logits' ? new Binomial({totalCount: c.n, logits: c.value}) : new Binomial({totalCount: c.n, probs: c.value});

/** 4 float32 epsilons of the largest lgamma term, lgamma(n + 1) ~ n log n - n, which the sum cancels. */
const logPmfTolerance = (n: number) => 4 * 1.2e-7 * (n > 1 ? n * Math.log(n) : 1) + 2e-6;

/** log k! by cumulative summation up to 100000, for the test's own pmf. */
const LOG_FACTORIALS = (() => {
  const table = new Float64Array(100001);
  for (let i = 2; i < table.length; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
})();
const logFactorial = (k: number) => LOG_FACTORIALS[k];

test('logProb, prob, mean, variance and mode match scipy.stats.binom', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `n=${c.n} ${c.kind}=${c.value}`;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.k), c.logPmf, {rtol: 1e-6, atol: logPmfTolerance(c.n)}, `logProb ${label}`);
        assertClose(t, d.prob(c.k), c.logPmf.map(Math.exp), {rtol: 2 * logPmfTolerance(c.n), atol: 1e-30}, `prob ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 2e-7, atol: 1e-12}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 1e-6, atol: 1e-12}, `variance ${label}`);
        assertClose(t, d.mode(), c.mode, {rtol: 0, atol: 0}, `mode ${label}`);
      });
      d.dispose();
    });
  }
});

// betainc is a float64 kernel rounded to float32; p carries a float32 rounding (and from logits a
// sigmoid's), moving the cdf by at most n pmf-scale amounts of 4 eps: rtol 2e-5 plus atol 4 eps sqrt(n).
test('cdf matches scipy.stats.binom, flooring non-integers, 0 below 0 and 1 from n on', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `n=${c.n} ${c.kind}=${c.value}`;
      const atol = 4 * 1.2e-7 * Math.sqrt(c.n + 1) + 1e-7;
      tf.tidy(() => {
        assertClose(t, d.cdf(c.k), c.cdf, {rtol: 2e-5, atol}, `cdf ${label}`);
        assertClose(t, d.cdf(c.x), c.xCdf, {rtol: 2e-5, atol}, `cdf off the integers ${label}`);
      });
      d.dispose();
    });
  }
});

test('logProb is -inf outside [0, n]', (t) => {
  const d = new Binomial({totalCount: 5, probs: 0.3});
  tf.tidy(() => t.deepEqual(Array.from(d.logProb([-1, -0.5, 5.5, 6]).dataSync()), [-Infinity, -Infinity, -Infinity, -Infinity]));
  d.dispose();
});

test('the pmf sums to 1 over {0, ..., n}', (t) => {
  for (const [n, p] of [[1, 0.5], [12, 0.01], [40, 0.7], [300, 0.5]]) {
    const d = new Binomial({totalCount: n, probs: p});
    const ks = Array.from({length: n + 1}, (_, i) => i);
    const total = Array.from(tf.tidy(() => d.prob(ks).dataSync())).reduce((s, v) => s + v, 0);
    t.true(Math.abs(total - 1) < 2 * logPmfTolerance(n), `n=${n} p=${p}: sum ${total}`);
    d.dispose();
  }
});

test('sample frequencies match the pmf for inversion (n p < 10) and BTRS rejection (n p >= 10)', (t) => {
  const params: [number, number][] = [[1, 0.3], [25, 0.2], [9, 0.95], [200, 0.5], [60, 0.8], [100000, 0.001], [5000, 0.3]];
  const d = new Binomial({totalCount: params.map((q) => q[0]), probs: params.map((q) => q[1])});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 77);
    const columns = tf.unstack(x, 1).map((col) => col.dataSync());
    params.forEach(([count, p], j) => {
      const support = Array.from({length: count + 1}, (_, i) => i);
      const logPmf = (k: number) => logFactorial(count) - logFactorial(k) - logFactorial(count - k) + k * Math.log(p) + (count - k) * Math.log1p(-p);
      assertFrequencies(t, columns[j], (k) => Math.exp(logPmf(k)), support, {label: `n=${count} p=${p}`});
    });
    assertClose(t, d.sample(3, 1), d.sample(3, 1), {rtol: 0, atol: 0}, 'same seed');
  });
  assertSampleMoments(t, d, {n, seed: 78});
  d.dispose();
});

test('shapes broadcast between totalCount, probs and x; methods are leak-free', (t) => {
  assertNoLeak(t, () => {
    const d = new Binomial({totalCount: [[5], [10]], logits: [0, 1, -1]});
    tf.tidy(() => {
      t.deepEqual(d.batchShape, [2, 3]);
      t.deepEqual(d.sample([4], 3).shape, [4, 2, 3]);
      t.deepEqual(d.logProb(tf.zeros([7, 1, 1])).shape, [7, 2, 3]);
      t.deepEqual(d.mean().shape, [2, 3]);
      t.deepEqual(d.mode().shape, [2, 3]);
      t.deepEqual(d.probsParameter().shape, [3]);
    });
    d.dispose();
  });
});

test('logProb gradient in the logits is k - n sigmoid(logits)', (t) => {
  const values = [-1, 0.2, 2];
  const logits = tf.tensor1d(values);
  const k = [3, 0, 10];
  const g = tf.grad((l: tf.Tensor) => new Binomial({totalCount: 10, logits: l}).logProb(k).sum())(logits);
  assertClose(t, g, values.map((l, i) => k[i] - 10 / (1 + Math.exp(-l))), {rtol: 1e-5, atol: 1e-5});
  tf.dispose([logits, g]);
});

test('bad inputs give errors naming Binomial, the parameter and the value', (t) => {
  t.throws(() => new Binomial({totalCount: -1, probs: 0.5}), {message: /Binomial: parameter 'totalCount' must be a non-negative integer; received -1/});
  t.throws(() => new Binomial({totalCount: 2.5, probs: 0.5}), {message: /'totalCount' must be a non-negative integer; received 2.5/});
  t.throws(() => new Binomial({totalCount: 3, probs: 1.01}), {message: /Binomial: parameter 'probs' must be in \[0, 1\]; received 1\.0099/});
  t.throws(() => new Binomial({totalCount: 3, probs: 0.5, logits: 0}), {message: /Binomial: give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new Binomial({totalCount: 3}), {message: /received neither/});
  t.throws(() => new Binomial({totalCount: [1, 2, 3], probs: [0.1, 0.2]}), {message: /Binomial: parameter shapes do not broadcast/});
  const d = new Binomial({totalCount: 4, probs: 0.5, validateArgs: true});
  t.throws(() => d.logProb([1, 5]), {message: /Binomial: x must be an integer in \{0, ..., 4\} \(validateArgs\); received 5 at flat index 1/});
  d.dispose();
});
