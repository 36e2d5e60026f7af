import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Categorical} from './categorical';
import {Bernoulli} from './bernoulli';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

export interface CategoricalCase {
  kind: 'logits' | 'probs';
  value: number[];
  p: number[];
  logPmf: number[];
  oneHotLogPmf: number[];
  x: number[];
  cdf: number[];
  entropy: number;
  oneHotEntropy: number;
  cov: number[][];
  mode: number;
}
const fixture = loadFixtureNonFinite<{cases: CategoricalCase[]; kl: {a: number[]; b: number[]; kl: number}[]}>('categorical');

test.before(async () => {
  await init();
});

const range = (n: number) => Array.from({length: n}, (_, i) => i);

// Tolerances: log-probabilities are log_softmax of float32 logits up to |50| (a few ulps of 50 absolute
// error, hence atol 2e-5) or logs of float32 probabilities (rtol 1e-6).
test('logProb, prob, cdf, mode and entropy match scipy (rv_discrete over {0..K-1})', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = c.kind === 'logits' ? new Categorical({logits: c.value}) : new Categorical({probs: c.value});
      const K = c.p.length;
      const label = `${c.kind}=[${c.value}]`;
      t.is(d.numCategories, K);
      tf.tidy(() => {
        assertClose(t, d.logProb(range(K)), c.logPmf, {rtol: 2e-6, atol: 2e-5}, `logProb ${label}`);
        assertClose(t, d.prob(range(K)), c.p, {rtol: 2e-5, atol: 1e-7}, `prob ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 2e-6, atol: 2e-7}, `cdf ${label}`);
        assertClose(t, d.entropy(), c.entropy, {rtol: 1e-5, atol: 2e-6}, `entropy ${label}`);
        t.is(d.mode().dataSync()[0], c.mode, `mode ${label}`);
        t.is(d.mode().dtype, 'int32');
      });
      d.dispose();
    });
  }
});

test('out-of-support values: -inf below 0 and from K on; non-integers are truncated as TFP casts them', (t) => {
  const d = new Categorical({probs: [0.2, 0.3, 0.5]});
  tf.tidy(() => {
    const lp = d.logProb([-1, -0.5, 3, 7, 1.6]).dataSync();
    t.deepEqual(Array.from(lp.slice(0, 4)), [-Infinity, -Infinity, -Infinity, -Infinity]);
    assertClose(t, lp[4], Math.log(0.3), {rtol: 1e-6});
  });
  d.dispose();
});

test('the pmf sums to 1 over {0, ..., K-1} for every batch member', (t) => {
  const logits = [[3, -1, 0.5, 2], [-30, 30, 0, 1]];
  const d = new Categorical({logits});
  tf.tidy(() => {
    const probs = range(4).map((k) => d.prob(tf.fill([2], k)));
    assertClose(t, tf.addN(probs), [1, 1], {rtol: 0, atol: 5e-7});
  });
  d.dispose();
});

test('sample frequencies match the pmf (per-cell and chi-square bounds from the Monte Carlo error)', (t) => {
  const p = [0.05, 0.15, 0.3, 0.5];
  const d = new Categorical({probs: [p, [0.97, 0.01, 0.01, 0.01]]});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 17);
    t.is(x.dtype, 'int32');
    t.deepEqual(x.shape, [n, 2]);
    const [first, second] = tf.unstack(x, 1).map((c) => c.dataSync());
    assertFrequencies(t, first, (k) => p[k], range(4), {label: 'batch 0'});
    assertFrequencies(t, second, (k) => [0.97, 0.01, 0.01, 0.01][k], range(4), {label: 'batch 1'});
    assertClose(t, d.sample(5, 3), d.sample(5, 3), {rtol: 0, atol: 0});
  });
  const withZero = new Categorical({logits: [0, -Infinity, Math.log(3)]});
  tf.tidy(() => {
    assertFrequencies(t, withZero.sample(n, 4).dataSync(), (k) => [0.25, 0, 0.75][k], range(3), {label: 'zero prob'});
  });
  d.dispose();
  withZero.dispose();
});

test('shapes: batch excludes the categories axis; x broadcasts against the batch', (t) => {
  assertNoLeak(t, () => {
    const logits = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 1);
    const d = new Categorical({logits});
    t.deepEqual(d.batchShape, [2, 3]);
    t.deepEqual(d.eventShape, []);
    tf.tidy(() => {
      t.deepEqual(d.sample([4], 2).shape, [4, 2, 3]);
      t.deepEqual(d.logProb([0, 1, 4]).shape, [2, 3]);
      t.deepEqual(d.logProb(tf.zeros([7, 1, 1])).shape, [7, 2, 3]);
      t.deepEqual(d.cdf(2).shape, [2, 3]);
      t.deepEqual(d.entropy().shape, [2, 3]);
      t.deepEqual(d.mode().shape, [2, 3]);
      t.deepEqual(d.probsParameter().shape, [2, 3, 5]);
    });
    d.dispose();
    logits.dispose();
  });
});

test('KL(Categorical || Categorical) matches scipy.stats.entropy(p, q)', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const a = new Categorical({probs: c.a});
      const b = new Categorical({probs: c.b});
      const la = new Categorical({logits: c.a.map(Math.log)});
      tf.tidy(() => {
        assertClose(t, klDivergence(a, b), c.kl, {rtol: 1e-5, atol: 1e-6}, `KL [${c.a}] [${c.b}]`);
        assertClose(t, klDivergence(la, b), c.kl, {rtol: 1e-5, atol: 1e-6}, `KL from logits [${c.a}]`);
        assertClose(t, a.crossEntropy(b), c.kl + a.entropy().dataSync()[0], {rtol: 1e-5, atol: 1e-6});
      });
      [a, b, la].forEach((d) => d.dispose());
    });
  }
});

test('KL gradient in the logits of p is p_j (log p_j - log q_j - KL)', (t) => {
  const la = [0.4, -1, 1.2];
  const q = [0.5, 0.3, 0.2];
  const logits = tf.tensor1d(la);
  const other = new Categorical({probs: q});
  const g = tf.grad((l: tf.Tensor) => klDivergence(new Categorical({logits: l}), other))(logits);
  const z = la.reduce((s, v) => s + Math.exp(v), 0);
  const p = la.map((v) => Math.exp(v) / z);
  const kl = p.reduce((s, pj, j) => s + pj * Math.log(pj / q[j]), 0);
  assertClose(t, g, p.map((pj, j) => pj * (Math.log(pj / q[j]) - kl)), {rtol: 1e-5, atol: 1e-6});
  tf.dispose([logits, g]);
  other.dispose();
});

test('logProb gradient in the logits is onehot(k) - softmax(logits)', (t) => {
  const values = [0.3, -1.2, 2];
  const logits = tf.tensor1d(values);
  const g = tf.grad((l: tf.Tensor) => new Categorical({logits: l}).logProb(2))(logits);
  const z = values.reduce((s, v) => s + Math.exp(v), 0);
  assertClose(t, g, values.map((v, i) => (i === 2 ? 1 : 0) - Math.exp(v) / z), {rtol: 1e-5, atol: 1e-7});
  tf.dispose([logits, g]);
});

test('bad inputs give errors naming Categorical, the parameter and the value', (t) => {
  t.throws(() => new Categorical({probs: [0.5, 0.6]}), {message: /Categorical: parameter 'probs' must sum to 1 over its last axis; received a sum of 1.1/});
  t.throws(() => new Categorical({probs: [1.5, -0.5]}), {message: /Categorical: parameter 'probs' must be in \[0, 1\]; received 1.5 at flat index 0/});
  t.throws(() => new Categorical({logits: [0, 1], probs: [0.5, 0.5]}), {message: /give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new Categorical({}), {message: /Categorical: give exactly one of 'logits' and 'probs'; received neither/});
  t.throws(() => new Categorical({logits: 0.5}), {message: /Categorical: parameter 'logits' must have rank at least 1; received shape \[\]/});
  t.throws(() => new Categorical({logits: [[]]}), {message: /must be non-empty; received shape \[1,0\]/});
  const unnormalised = tf.tensor1d([0.2, 0.2]);
  t.notThrows(() => new Categorical({probs: unnormalised}).dispose());
  t.throws(() => new Categorical({probs: unnormalised, validateArgs: true}), {message: /must sum to 1/});
  unnormalised.dispose();
  const d = new Categorical({logits: [0, 0, 0], validateArgs: true});
  t.throws(() => d.logProb([1, 3]), {message: /Categorical: x must be an integer in \{0, ..., 2\} \(validateArgs\); received 3 at flat index 1/});
  t.throws(() => d.logProb(0.5), {message: /received 0.5/});
  d.dispose();
});

test('default constraining bijectors map unconstrained reals onto the parameters\' supports', (t) => {
  tf.tidy(() => {
    const simplex = Categorical.parameterProperties().probs.defaultConstrainingBijector?.().forward(tf.tensor1d([0.3, -2]));
    t.deepEqual(simplex?.shape, [3]);
    assertClose(t, tf.sum(simplex as tf.Tensor), 1, {rtol: 0, atol: 1e-6});
    t.true(tf.min(simplex as tf.Tensor).dataSync()[0] > 0);
    const p = Bernoulli.parameterProperties().probs.defaultConstrainingBijector?.().forward(tf.tensor1d([-30, 0, 30]));
    assertClose(t, p as tf.Tensor, [1 / (1 + Math.exp(30)), 0.5, 1 / (1 + Math.exp(-30))], {rtol: 1e-6, atol: 0});
    t.is(Categorical.parameterProperties().probs.isPreferred, false);
  });
});
