import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Bernoulli} from './bernoulli';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface BernoulliCase {
  kind: 'logits' | 'probs';
  value: number;
  p: number;
  k: number[];
  logPmf: number[];
  x: number[];
  cdf: number[];
  mean: number;
  variance: number;
  entropy: number;
}
const fixture = loadFixtureNonFinite<{cases: BernoulliCase[]; kl: {a: number; b: number; kl: number}[]}>('bernoulli');

test.before(async () => {
  await init();
});

function build(c: BernoulliCase): Bernoulli {
  return c.kind === 'logits' ? new Bernoulli({logits: c.value}) : new Bernoulli({probs: c.value});
}

// Tolerances: log-probabilities are sums of two float32 terms of magnitude <= 30 (rtol 1e-6 plus
// atol 1e-6 for log(1 - p) near 0); p itself is exact in float32 for probs and within 1 ulp for logits.
test('logProb, prob, cdf and the statistics match scipy.stats.bernoulli', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `${c.kind}=${c.value}`;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.k), c.logPmf, {rtol: 2e-6, atol: 1e-6}, `logProb ${label}`);
        assertClose(t, d.prob(c.k), c.logPmf.map(Math.exp), {rtol: 2e-6, atol: 1e-7}, `prob ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 2e-6, atol: 1e-7}, `cdf ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 2e-6, atol: 1e-12}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 2e-6, atol: 1e-12}, `variance ${label}`);
        assertClose(t, d.entropy(), c.entropy, {rtol: 1e-5, atol: 1e-6}, `entropy ${label}`);
        t.is(d.mode().dataSync()[0], c.p > 0.5 ? 1 : 0);
      });
      d.dispose();
    });
  }
});

test('the pmf sums to 1 over {0, 1} in both parameterisations', (t) => {
  for (const options of [{probs: [0, 0.2, 0.7, 1]}, {logits: [-20, -1, 0, 3, 20]}]) {
    const d = new Bernoulli(options);
    tf.tidy(() => {
      const total = tf.add(d.prob(tf.zeros(d.batchShape)), d.prob(tf.ones(d.batchShape)));
      assertClose(t, total, 1, {rtol: 0, atol: 2e-7});
    });
    d.dispose();
  }
});

test('samples are int32 in {0, 1} with frequencies matching p within Monte Carlo error', (t) => {
  const d = new Bernoulli({probs: [0.02, 0.5, 0.93]});
  t.is(d.dtype, 'int32');
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 5);
    t.is(x.dtype, 'int32');
    t.deepEqual(x.shape, [n, 3]);
    const columns = tf.unstack(x, 1).map((c) => c.dataSync());
    [0.02, 0.5, 0.93].forEach((p, i) => assertFrequencies(t, columns[i], (k) => (k === 1 ? p : 1 - p), [0, 1], {label: `p=${p}`}));
    assertClose(t, d.sample(6, 9), d.sample(6, 9), {rtol: 0, atol: 0});
  });
  const fromLogits = new Bernoulli({logits: 1.2});
  tf.tidy(() => {
    const p = 1 / (1 + Math.exp(-1.2));
    assertFrequencies(t, fromLogits.sample(n, 8).dataSync(), (k) => (k === 1 ? p : 1 - p), [0, 1], {label: 'logits'});
  });
  d.dispose();
  fromLogits.dispose();
});

test('shapes broadcast: sample shape x batch shape, x against the batch', (t) => {
  assertNoLeak(t, () => {
    const logits = tf.tensor2d([[0.1, -1, 2], [0, 0, 0]]);
    const d = new Bernoulli({logits});
    t.deepEqual(d.batchShape, [2, 3]);
    t.deepEqual(d.eventShape, []);
    tf.tidy(() => {
      t.deepEqual(d.sample([4, 5], 1).shape, [4, 5, 2, 3]);
      t.deepEqual(d.logProb([[[1]], [[0]]]).shape, [2, 2, 3]);
      t.deepEqual(d.cdf([0, 1, 1]).shape, [2, 3]);
      t.deepEqual(d.mode().shape, [2, 3]);
      t.deepEqual(d.entropy().shape, [2, 3]);
      t.deepEqual(d.logitsParameter().shape, [2, 3]);
    });
    d.dispose();
    logits.dispose();
  });
});

test('KL(Bernoulli || Bernoulli) matches the direct sum, from probs and from logits', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const a = new Bernoulli({probs: c.a});
      const b = new Bernoulli({probs: c.b});
      const la = new Bernoulli({logits: Math.log(c.a) - Math.log1p(-c.a)});
      tf.tidy(() => {
        // rtol 1e-5: the terms are log-ratios of float32 probabilities.
        assertClose(t, klDivergence(a, b), c.kl, {rtol: 1e-5, atol: 1e-6}, `KL ${c.a} ${c.b}`);
        if (c.a > 0 && c.a < 1) assertClose(t, klDivergence(la, b), c.kl, {rtol: 1e-4, atol: 1e-6}, `KL logits ${c.a}`);
        assertClose(t, a.crossEntropy(b), c.kl + a.entropy().dataSync()[0], {rtol: 1e-5, atol: 1e-6});
      });
      [a, b, la].forEach((d) => d.dispose());
    });
  }
});

test('logProb gradient in the logits is x - sigmoid(logits)', (t) => {
  const logits = tf.tensor1d([-3, 0.4, 2.5]);
  const x = [1, 0, 1];
  const g = tf.grad((l: tf.Tensor) => new Bernoulli({logits: l}).logProb(x).sum())(logits);
  assertClose(t, g, [-3, 0.4, 2.5].map((l, i) => x[i] - 1 / (1 + Math.exp(-l))), {rtol: 1e-5, atol: 1e-7});
  tf.dispose([logits, g]);
});

test('bad inputs give errors naming Bernoulli, the parameter and the value', (t) => {
  t.throws(() => new Bernoulli({probs: 1.5}), {message: /Bernoulli: parameter 'probs' must be in \[0, 1\]; received 1.5/});
  t.throws(() => new Bernoulli({probs: [0.5, -0.1]}), {message: /'probs' must be in \[0, 1\]; received -0.1\d* at flat index 1/});
  t.throws(() => new Bernoulli({logits: 0, probs: 0.5}), {message: /Bernoulli: give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new Bernoulli({}), {message: /Bernoulli: give exactly one of 'logits' and 'probs'; received neither/});
  t.throws(() => new Bernoulli({logits: NaN}), {message: /'logits' must be a real number/});
  const bad = tf.scalar(2);
  t.notThrows(() => new Bernoulli({probs: bad}).dispose());
  t.throws(() => new Bernoulli({probs: bad, validateArgs: true}), {message: /'probs' must be in \[0, 1\]; received 2/});
  bad.dispose();
  const d = new Bernoulli({probs: 0.3, validateArgs: true});
  t.throws(() => d.logProb([0, 0.5]), {message: /Bernoulli: x must be an integer in \{0, ..., 1\} \(validateArgs\); received 0.5 at flat index 1/});
  t.throws(() => d.logProb(2), {message: /received 2/});
  d.dispose();
});
