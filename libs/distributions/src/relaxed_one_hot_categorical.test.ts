import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {RelaxedOneHotCategorical} from './relaxed_one_hot_categorical';
import {RelaxedBernoulli} from './relaxed_bernoulli';
import {assertClose, assertNoLeak} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface ConcreteCase {
  temperature: number;
  logits: number[];
  x: number[][];
  logPdf: number[];
  mean?: number[];
}
const fixture = loadFixtureNonFinite<{oneHot: ConcreteCase[]}>('relaxed');

test.before(async () => {
  await init();
});

// Tolerance: sums of K terms (l_k - (tau + 1) log x_k) with |log x_k| up to 4.6 and a logsumexp, each
// rounded in float32: atol 1e-5 on log-densities of magnitude ~10.
test('logProb matches the Concrete density of Maddison et al. (eq. 9) in float64', (t) => {
  for (const c of fixture.oneHot) {
    assertNoLeak(t, () => {
      const d = new RelaxedOneHotCategorical({temperature: c.temperature, logits: c.logits});
      const p = new RelaxedOneHotCategorical({temperature: c.temperature, probs: softmax(c.logits)});
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logPdf, {rtol: 2e-6, atol: 1e-5}, `logProb tau=${c.temperature}`);
        assertClose(t, p.logProb(c.x), c.logPdf, {rtol: 2e-6, atol: 1e-5}, `logProb from probs tau=${c.temperature}`);
      });
      d.dispose();
      p.dispose();
    });
  }
});

function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

test('with K = 2 the density of x_0 is RelaxedBernoulli(logits l_0 - l_1)', (t) => {
  const d = new RelaxedOneHotCategorical({temperature: 0.6, logits: [0.9, -0.4]});
  const b = new RelaxedBernoulli({temperature: 0.6, logits: 1.3});
  const xs = [0.02, 0.3, 0.5, 0.85, 0.99];
  tf.tidy(() => assertClose(t, d.logProb(xs.map((x) => [x, 1 - x])), b.logProb(xs), {rtol: 1e-5, atol: 1e-5}));
  d.dispose();
  b.dispose();
});

test('the density integrates to 1 over the simplex (K = 3, midpoint rule on a 400 x 400 grid)', (t) => {
  const d = new RelaxedOneHotCategorical({temperature: 1.5, logits: [0.5, -0.3, 0]});
  const g = 400;
  const points: number[][] = [];
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      const x = (i + 0.5) / g;
      const y = (j + 0.5) / g;
      if (x + y < 1) points.push([x, y, 1 - x - y]);
    }
  }
  const p = Array.from(tf.tidy(() => d.prob(points).dataSync()));
  const total = p.reduce((s, v) => s + v, 0) / (g * g);
  // The cells cut by the diagonal edge lose O(1 / g) of the mass next to it.
  t.true(Math.abs(total - 1) < 3e-3, `integral ${total}`);
  d.dispose();
});

test('samples: on the simplex, argmax ~ Categorical(p) exactly, means match quadrature', (t) => {
  const c = fixture.oneHot[0];
  const d = new RelaxedOneHotCategorical({temperature: c.temperature, logits: c.logits});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 81);
    t.deepEqual(x.shape, [n, 3]);
    assertClose(t, tf.sum(x, -1), 1, {rtol: 0, atol: 2e-6}, 'rows sum to 1');
    // The Gumbel-max property: argmax_k X_k = argmax_k (l_k + G_k) ~ Categorical(softmax(l)).
    const p = softmax(c.logits);
    assertFrequencies(t, tf.argMax(x, -1).dataSync(), (k) => p[k], [0, 1, 2]);
    const mean = tf.mean(x, 0).dataSync();
    const sd = tf.sqrt(tf.mean(tf.square(tf.sub(x, tf.mean(x, 0))), 0)).dataSync();
    // 5 Monte Carlo standard errors plus 1e-3 for the quadrature of the fixture's mean.
    (c.mean as number[]).forEach((m, k) => t.true(Math.abs(mean[k] - m) < (5 * sd[k]) / Math.sqrt(n) + 1e-3, `E[X_${k}]: ${mean[k]} vs ${m}`));
    assertClose(t, d.sample(3, 4), d.sample(3, 4), {rtol: 0, atol: 0});
  });
  d.dispose();
});

test('samples are reparameterized: the pathwise gradient equals finite differences with the same draws', (t) => {
  // For fixed uniforms the sample is a smooth function of (logits, temperature), so the gradient of
  // f = mean(x_0^2 + 3 x_1) over the same seed must match central differences of f.
  const f = (logits: tf.Tensor, temperature: tf.Tensor) =>
    tf.tidy(() => {
      const x = new RelaxedOneHotCategorical({temperature, logits}).sample(500, 91);
      return tf.mean(tf.add(tf.square(tf.gather(x, 0, 1)), tf.mul(3, tf.gather(x, 1, 1))));
    });
  const l0 = [0.2, -0.5, 1];
  const logits = tf.tensor1d(l0);
  const temperature = tf.scalar(0.7);
  const [gl, gt] = tf.grads((l: tf.Tensor, tau: tf.Tensor) => f(l, tau))([logits, temperature]);
  const h = 1e-2;
  const value = (l: number[], tau: number) => tf.tidy(() => f(tf.tensor1d(l), tf.scalar(tau)).dataSync()[0]);
  const expected = l0.map((_, j) => {
    const up = l0.slice();
    const down = l0.slice();
    up[j] += h;
    down[j] -= h;
    return (value(up, 0.7) - value(down, 0.7)) / (2 * h);
  });
  // float32 differences of means of 500 smooth terms: error ~ eps / h + h^2, below 1e-3.
  assertClose(t, gl, expected, {rtol: 1e-2, atol: 1e-3});
  assertClose(t, gt, (value(l0, 0.7 + h) - value(l0, 0.7 - h)) / (2 * h), {rtol: 1e-2, atol: 1e-3});
  tf.dispose([logits, temperature, gl, gt]);
});

test('shapes: temperature broadcasts against the batch of logits; event [K]', (t) => {
  assertNoLeak(t, () => {
    const d = new RelaxedOneHotCategorical({temperature: [[0.5], [1], [2]], logits: [[0, 1, 2, 3], [1, 1, 1, 1]]});
    t.deepEqual(d.batchShape, [3, 2]);
    t.deepEqual(d.eventShape, [4]);
    tf.tidy(() => {
      t.deepEqual(d.sample([5], 1).shape, [5, 3, 2, 4]);
      t.deepEqual(d.logProb([0.1, 0.2, 0.3, 0.4]).shape, [3, 2]);
    });
    d.dispose();
  });
});

test('bad inputs give errors naming RelaxedOneHotCategorical, the parameter and the value', (t) => {
  t.throws(() => new RelaxedOneHotCategorical({temperature: -1, logits: [0, 1]}), {message: /RelaxedOneHotCategorical: parameter 'temperature' must be positive; received -1/});
  t.throws(() => new RelaxedOneHotCategorical({temperature: 1, probs: [0.3, 0.3]}), {message: /RelaxedOneHotCategorical: parameter 'probs' must sum to 1/});
  t.throws(() => new RelaxedOneHotCategorical({temperature: 1}), {message: /give exactly one of 'logits' and 'probs'; received neither/});
  t.throws(() => new RelaxedOneHotCategorical({temperature: [1, 2, 3], logits: [[0, 1], [1, 0]]}), {message: /parameter shapes do not broadcast/});
  const d = new RelaxedOneHotCategorical({temperature: 1, logits: [0, 1]});
  t.throws(() => d.logProb([0.2, 0.3, 0.5]), {message: /x must have last dimension 2/});
  d.dispose();
});
