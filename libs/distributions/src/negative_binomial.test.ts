import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {NegativeBinomial} from './negative_binomial';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface NegativeBinomialCase {
  r: number;
  kind: 'logits' | 'probs';
  value: number;
  p: number;
  k: number[];
  logPmf: number[];
  cdf: number[];
  x: number[];
  continuousLogProb: number[];
  xCdf: number[];
  mean: number;
  variance: number;
  mode: number;
}
const fixture = loadFixtureNonFinite<{cases: NegativeBinomialCase[]}>('negative_binomial');

test.before(async () => {
  await init();
});

const build = (c: NegativeBinomialCase) =>
  c.kind === 'logits'
    ? new NegativeBinomial({totalCount: c.r, logits: c.value, requireIntegerTotalCount: false})
    : new NegativeBinomial({totalCount: c.r, probs: c.value, requireIntegerTotalCount: false});

/** 4 float32 epsilons of the largest lgamma term, lgamma(k + r), which the sum cancels. */
const logPmfTolerance = (k: number, r: number) => {
  const m = k + r;
  return 4 * 1.2e-7 * (m > 2 ? m * Math.log(m) : 1) + 2e-6;
};

test('logProb, cdf, mean, variance and mode match scipy.stats.nbinom(r, 1 - p)', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `r=${c.r} ${c.kind}=${c.value}`;
      tf.tidy(() => {
        const lp = d.logProb(c.k).dataSync();
        c.k.forEach((k, i) => assertClose(t, lp[i], c.logPmf[i], {rtol: 1e-6, atol: logPmfTolerance(k, c.r)}, `logProb ${label} k=${k}`));
        // betainc rounded to float32 (rtol 2e-5); p's float32 rounding moves the cdf by ~ mean pmf eps.
        assertClose(t, d.cdf(c.k), c.cdf, {rtol: 2e-5, atol: 4 * 1.2e-7 * Math.sqrt(c.mean + 1) + 1e-7}, `cdf ${label}`);
        assertClose(t, d.cdf(c.x), c.xCdf, {rtol: 2e-5, atol: 4 * 1.2e-7 * Math.sqrt(c.mean + 1) + 1e-7}, `cdf off the integers ${label}`);
        assertClose(t, d.logProb(c.x), c.continuousLogProb, {rtol: 1e-6, atol: logPmfTolerance(c.mean + 1, c.r)}, `continuous logProb ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 1e-6, atol: 1e-12}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 2e-6, atol: 1e-12}, `variance ${label}`);
        assertClose(t, d.mode(), c.mode, {rtol: 0, atol: 0}, `mode ${label}`);
      });
      d.dispose();
    });
  }
});

test('the pmf sums to 1 up to a tail below 1e-7', (t) => {
  for (const [r, p] of [[1, 0.5], [4, 0.8], [30, 0.3], [2.5, 0.95]]) {
    const d = new NegativeBinomial({totalCount: r, probs: p, requireIntegerTotalCount: false});
    const mean = (r * p) / (1 - p);
    const sd = Math.sqrt(mean / (1 - p));
    const last = Math.ceil(mean + 30 * sd + 50); // the tail beyond is below 1e-9 for these parameters
    const ks = Array.from({length: last + 1}, (_, i) => i);
    const total = Array.from(tf.tidy(() => d.prob(ks).dataSync())).reduce((s, v) => s + v, 0);
    t.true(Math.abs(total - 1) < 1e-7 + 2 * logPmfTolerance(last, r), `r=${r} p=${p}: sum ${total}`);
    d.dispose();
  }
});

test('sample frequencies of the gamma-Poisson sampler match the pmf', (t) => {
  const params: [number, number][] = [[1, 0.4], [6, 0.7], [2.5, 0.1], [50, 0.5]];
  const d = new NegativeBinomial({totalCount: params.map((q) => q[0]), probs: params.map((q) => q[1]), requireIntegerTotalCount: false});
  const n = 20000;
  tf.tidy(() => {
    const columns = tf.unstack(d.sample(n, 51), 1).map((col) => col.dataSync());
    params.forEach(([r, p], j) => {
      const mean = (r * p) / (1 - p);
      const last = Math.ceil(mean + 20 * Math.sqrt(mean / (1 - p)) + 30);
      const support = Array.from({length: last + 1}, (_, i) => i);
      // pmf by the recursion pmf(k + 1) = pmf(k) p (k + r) / (k + 1), pmf(0) = (1 - p)^r.
      const pmf = [Math.pow(1 - p, r)];
      for (let k = 0; k < last; k++) pmf.push((pmf[k] * p * (k + r)) / (k + 1));
      assertFrequencies(t, columns[j], (k) => pmf[k], support, {label: `r=${r} p=${p}`});
    });
    assertClose(t, d.sample(3, 2), d.sample(3, 2), {rtol: 0, atol: 0}, 'same seed');
  });
  assertSampleMoments(t, d, {n, seed: 52});
  d.dispose();
});

test('shapes broadcast and methods are leak-free', (t) => {
  assertNoLeak(t, () => {
    const d = new NegativeBinomial({totalCount: [[2], [3]], logits: [0, 1, -1]});
    tf.tidy(() => {
      t.deepEqual(d.batchShape, [2, 3]);
      t.deepEqual(d.sample([4], 1).shape, [4, 2, 3]);
      t.deepEqual(d.logProb(tf.zeros([5, 1, 1])).shape, [5, 2, 3]);
      t.deepEqual(d.cdf(1).shape, [2, 3]);
      t.deepEqual(d.mode().shape, [2, 3]);
      t.deepEqual(d.variance().shape, [2, 3]);
    });
    d.dispose();
  });
});

test('logProb gradient in the logits is k - (k + r) sigmoid(logits)', (t) => {
  const values = [-1, 0.5, 2];
  const logits = tf.tensor1d(values);
  const k = [0, 3, 10];
  const g = tf.grad((l: tf.Tensor) => new NegativeBinomial({totalCount: 4, logits: l}).logProb(k).sum())(logits);
  assertClose(t, g, values.map((l, i) => k[i] - (k[i] + 4) / (1 + Math.exp(-l))), {rtol: 1e-5, atol: 1e-5});
  tf.dispose([logits, g]);
});

test('bad inputs give errors naming NegativeBinomial, the parameter and the value', (t) => {
  t.throws(() => new NegativeBinomial({totalCount: -1, probs: 0.5}), {message: /NegativeBinomial: parameter 'totalCount' must be a positive integer; received -1/});
  t.throws(() => new NegativeBinomial({totalCount: 2.5, probs: 0.5}), {message: /'totalCount' must be a positive integer; received 2.5/});
  t.throws(() => new NegativeBinomial({totalCount: 0, probs: 0.5, requireIntegerTotalCount: false}), {message: /'totalCount' must be positive; received 0/});
  t.throws(() => new NegativeBinomial({totalCount: 2, probs: -0.5}), {message: /NegativeBinomial: parameter 'probs' must be in \[0, 1\]; received -0.5/});
  t.throws(() => new NegativeBinomial({totalCount: 2, probs: 0.5, logits: 0}), {message: /give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new NegativeBinomial({totalCount: 2}), {message: /received neither/});
  const d = new NegativeBinomial({totalCount: 2, probs: 0.5, validateArgs: true});
  t.throws(() => d.logProb(0.5), {message: /NegativeBinomial: x must be an integer in \{0, 1, 2, ...\} \(validateArgs\); received 0.5/});
  d.dispose();
});
