import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Multinomial} from './multinomial';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface MultinomialCase {
  n: number;
  kind: 'logits' | 'probs';
  value: number[];
  p: number[];
  x: number[][];
  logPmf: number[];
  mean: number[];
  cov: number[][];
}
const fixture = loadFixtureNonFinite<{cases: MultinomialCase[]}>('multinomial');

test.before(async () => {
  await init();
});

const build = (c: MultinomialCase) =>
  c.kind === 'logits' ? new Multinomial({totalCount: c.n, logits: c.value}) : new Multinomial({totalCount: c.n, probs: c.value});

/** All count vectors of length k summing to n. */
function compositions(n: number, k: number): number[][] {
  if (k === 1) return [[n]];
  const out: number[][] = [];
  for (let first = 0; first <= n; first++) for (const rest of compositions(n - first, k - 1)) out.push([first, ...rest]);
  return out;
}

// Tolerance: lgamma(n + 1) ~ n log n cancels against the sum of lgamma(x_k + 1): 4 float32 eps of it.
test('logProb, mean, variance and covariance match scipy.stats.multinomial', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `n=${c.n} ${c.kind}=[${c.value}]`;
      const atol = 4 * 1.2e-7 * (c.n > 1 ? c.n * Math.log(c.n) : 1) + 2e-6;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logPmf, {rtol: 1e-6, atol}, `logProb ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 1e-6, atol: 1e-7}, `mean ${label}`);
        assertClose(t, d.variance(), c.cov.map((row, i) => row[i]), {rtol: 2e-6, atol: 1e-7}, `variance ${label}`);
        assertClose(t, d.covariance(), c.cov.flat(), {rtol: 2e-6, atol: 1e-7}, `covariance ${label}`);
      });
      d.dispose();
    });
  }
});

test('with totalCount 0 all mass is on the zero vector', (t) => {
  const d = new Multinomial({totalCount: 0, probs: [0.5, 0.5]});
  tf.tidy(() => {
    assertClose(t, d.logProb([0, 0]), 0, {rtol: 0, atol: 0});
    t.is(d.logProb([1, 0]).dataSync()[0], -Infinity);
    assertClose(t, d.sample(3, 1), [0, 0, 0, 0, 0, 0], {rtol: 0, atol: 0});
  });
  d.dispose();
});

test('the pmf sums to 1 over all count vectors summing to n; -inf off that set', (t) => {
  for (const [n, p] of [[6, [0.1, 0.2, 0.7]], [4, [0.25, 0.25, 0.25, 0.25]], [9, [0, 0.5, 0.5]]] as [number, number[]][]) {
    const d = new Multinomial({totalCount: n, probs: p});
    const total = Array.from(tf.tidy(() => d.prob(compositions(n, p.length)).dataSync())).reduce((s, v) => s + v, 0);
    t.true(Math.abs(total - 1) < 2e-6, `n=${n}: sum ${total}`);
    tf.tidy(() => {
      const off = [n === 6 ? [1, 1, 1] : [1, 1, 1, 0], n === 6 ? [-1, 2, 5] : [-1, 2, 2, 1]].map((x) => x.slice(0, p.length));
      if (p.length === 3) t.deepEqual(Array.from(d.logProb(off).dataSync()), [-Infinity, -Infinity]);
    });
    d.dispose();
  }
});

test('sample frequencies of the count vectors match the pmf; sample moments match', (t) => {
  const p = [0.15, 0.35, 0.5];
  const n = 4;
  const d = new Multinomial({totalCount: n, probs: p});
  const draws = 20000;
  const cells = compositions(n, 3);
  const code = (x: ArrayLike<number>) => x[0] * 25 + x[1] * 5 + x[2];
  const pmf = new Map<number, number>();
  const logFact = (k: number): number => (k <= 1 ? 0 : Math.log(k) + logFact(k - 1));
  for (const x of cells) {
    pmf.set(code(x), Math.exp(logFact(n) + x.reduce((s, xi, i) => s - logFact(xi) + xi * Math.log(p[i]), 0)));
  }
  tf.tidy(() => {
    const x = d.sample(draws, 41);
    t.deepEqual(x.shape, [draws, 3]);
    const values = x.dataSync();
    const codes = Array.from({length: draws}, (_, i) => code(values.subarray(3 * i, 3 * i + 3)));
    assertFrequencies(t, codes, (c) => pmf.get(c) ?? 0, cells.map(code));
  });
  const big = new Multinomial({totalCount: [50, 5000], logits: [[0, 1, -1, 2], [0.5, 0, 0, -3]]});
  assertSampleMoments(t, big, {n: draws, seed: 42});
  tf.tidy(() => {
    assertClose(t, tf.sum(big.sample(100, 3), -1), tf.tile(tf.tensor2d([[50, 5000]]), [100, 1]), {rtol: 0, atol: 0}, 'rows sum to n');
    assertClose(t, big.sample(2, 9), big.sample(2, 9), {rtol: 0, atol: 0}, 'same seed');
  });
  d.dispose();
  big.dispose();
});

test('shapes: totalCount broadcasts against the batch of probs; x against the batch', (t) => {
  assertNoLeak(t, () => {
    const d = new Multinomial({totalCount: [[3], [5]], probs: [0.5, 0.5]});
    t.deepEqual(d.batchShape, [2, 1]);
    t.deepEqual(d.eventShape, [2]);
    tf.tidy(() => {
      t.deepEqual(d.sample([4], 1).shape, [4, 2, 1, 2]);
      t.deepEqual(d.logProb([[1, 2]]).shape, [2, 1]);
      t.deepEqual(d.mean().shape, [2, 1, 2]);
      t.deepEqual(d.covariance().shape, [2, 1, 2, 2]);
    });
    d.dispose();
  });
});

test('logProb gradient in the logits is x - n softmax(logits)', (t) => {
  const values = [0.2, -1, 1.5];
  const logits = tf.tensor1d(values);
  const x = [2, 1, 4];
  const g = tf.grad((l: tf.Tensor) => new Multinomial({totalCount: 7, logits: l}).logProb(x))(logits);
  const z = values.reduce((s, v) => s + Math.exp(v), 0);
  assertClose(t, g, values.map((v, i) => x[i] - (7 * Math.exp(v)) / z), {rtol: 1e-5, atol: 1e-5});
  tf.dispose([logits, g]);
});

test('bad inputs give errors naming Multinomial, the parameter and the value', (t) => {
  t.throws(() => new Multinomial({totalCount: -2, probs: [0.5, 0.5]}), {message: /Multinomial: parameter 'totalCount' must be a non-negative integer; received -2/});
  t.throws(() => new Multinomial({totalCount: 3, probs: [0.5, 0.6]}), {message: /Multinomial: parameter 'probs' must sum to 1/});
  t.throws(() => new Multinomial({totalCount: 3, probs: [0.5, 0.5], logits: [0, 0]}), {message: /Multinomial: give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new Multinomial({totalCount: 3}), {message: /received neither/});
  const d = new Multinomial({totalCount: 3, probs: [0.5, 0.5], validateArgs: true});
  t.throws(() => d.logProb([1, 1, 1]), {message: /Multinomial: x must have last dimension 2/});
  t.throws(() => d.logProb([1, 1]), {message: /counts must sum to totalCount \(validateArgs\); received a sum of 2 where totalCount is 3/});
  t.throws(() => d.logProb([1.5, 1.5]), {message: /counts must be non-negative integers \(validateArgs\); received 1.5 at flat index 0/});
  d.dispose();
});
