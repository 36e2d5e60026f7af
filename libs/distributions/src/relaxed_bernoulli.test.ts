import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {RelaxedBernoulli} from './relaxed_bernoulli';
import {assertClose, assertNoLeak} from './internal/testing';
import {loadFixtureNonFinite, replicatedEstimate} from './internal/discrete_testing';

interface RelaxedBernoulliCase {
  temperature: number;
  logits: number;
  x: number[];
  logPdf: number[];
  cdf: number[];
  q: number[];
  quantile: number[];
  mean: number;
  dMeanDLogits: number;
}
const fixture = loadFixtureNonFinite<{bernoulli: RelaxedBernoulliCase[]}>('relaxed');

test.before(async () => {
  await init();
});

// Tolerances: logit(x) reaches |9.2| at x = 1e-4 and tau logit(x) is rounded in float32 (a few ulps of
// 10 relative to the log-density's size, so atol 1e-5); the cdf is a sigmoid of that (rtol 2e-5).
test('logProb, cdf and quantile match the logistic change of variables from scipy.stats.logistic', (t) => {
  for (const c of fixture.bernoulli) {
    assertNoLeak(t, () => {
      const d = new RelaxedBernoulli({temperature: c.temperature, logits: c.logits});
      const label = `tau=${c.temperature} logits=${c.logits}`;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logPdf, {rtol: 2e-6, atol: 1e-5}, `logProb ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 2e-5, atol: 1e-7}, `cdf ${label}`);
        assertClose(t, d.quantile(c.q), c.quantile, {rtol: 2e-5, atol: 1e-7}, `quantile ${label}`);
      });
      d.dispose();
    });
  }
});

test('the density integrates to 1 (midpoint rule in y = logit(x), dx = x (1 - x) dy)', (t) => {
  for (const [temperature, logits] of [[1.5, 0.3], [3, -1.2]]) {
    const d = new RelaxedBernoulli({temperature, probs: 1 / (1 + Math.exp(-logits))});
    // Y = logit(X) has scale 1 / tau <= 0.67, so |y| > 15 carries mass below 1e-8.
    const h = 0.005;
    const ys = Array.from({length: 6000}, (_, i) => -15 + (i + 0.5) * h);
    const xs = ys.map((y) => 1 / (1 + Math.exp(-y)));
    const p = Array.from(tf.tidy(() => d.prob(xs).dataSync()));
    const total = p.reduce((s, v, i) => s + v * xs[i] * (1 - xs[i]) * h, 0);
    t.true(Math.abs(total - 1) < 1e-5, `tau=${temperature}: ${total}`);
    d.dispose();
  }
});

test('sample means match E[X] by quadrature within Monte Carlo error; the same seed repeats', (t) => {
  const cases = fixture.bernoulli;
  const d = new RelaxedBernoulli({temperature: cases.map((c) => c.temperature), logits: cases.map((c) => c.logits)});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 71);
    t.deepEqual(x.shape, [n, cases.length]);
    const mean = tf.mean(x, 0).dataSync();
    const sd = tf.sqrt(tf.mean(tf.square(tf.sub(x, tf.mean(x, 0))), 0)).dataSync();
    cases.forEach((c, j) => t.true(Math.abs(mean[j] - c.mean) < (5 * sd[j]) / Math.sqrt(n), `E[X] ${c.temperature},${c.logits}: ${mean[j]} vs ${c.mean}`));
    // Kolmogorov-Smirnov-style check of one column against the cdf at a few points: each empirical
    // frequency has standard error sqrt(F (1 - F) / n).
    const column = tf.gather(x, 1, 1);
    for (const q of [0.2, 0.5, 0.8]) {
      const point = tf.tidy(() => d.quantile(tf.fill([cases.length], q))).dataSync()[1];
      const freq = tf.mean(tf.cast(tf.lessEqual(column, point), 'float32')).dataSync()[0];
      t.true(Math.abs(freq - q) < 5 * Math.sqrt((q * (1 - q)) / n), `P(X <= quantile(${q})) = ${freq}`);
    }
    assertClose(t, d.sample(3, 4), d.sample(3, 4), {rtol: 0, atol: 0});
  });
  d.dispose();
});

test('samples are reparameterized: d E[X] / d logits matches the quadrature derivative', (t) => {
  for (const c of fixture.bernoulli.slice(0, 3)) {
    const logits = tf.scalar(c.logits);
    const {mean, se} = replicatedEstimate(10, (b) =>
      tf.tidy(() => {
        const g = tf.grad((l: tf.Tensor) => tf.mean(new RelaxedBernoulli({temperature: c.temperature, logits: l}).sample(2000, 200 + b)))(logits);
        return [g.dataSync()[0]];
      }),
    );
    t.true(Math.abs(mean[0] - c.dMeanDLogits) < 5 * se[0] + 1e-6, `tau=${c.temperature}: ${mean[0]} vs ${c.dMeanDLogits} (se ${se[0]})`);
    logits.dispose();
  }
});

test('logProb gradient in x matches a central finite difference of logProb', (t) => {
  const d = new RelaxedBernoulli({temperature: 0.8, logits: 0.4});
  const xs = [0.1, 0.45, 0.9];
  const x = tf.tensor1d(xs);
  const g = tf.grad((v: tf.Tensor) => d.logProb(v).sum())(x);
  const h = 1e-3;
  const f = (v: number) => tf.tidy(() => d.logProb(v).dataSync()[0]);
  // Central differences of float32 values: error ~ eps |log p| / h + h^2 |f'''|, about 1e-3 here.
  assertClose(t, g, xs.map((v) => (f(v + h) - f(v - h)) / (2 * h)), {rtol: 5e-3, atol: 5e-3});
  tf.dispose([x, g]);
  d.dispose();
});

test('shapes broadcast between temperature and logits; methods are leak-free', (t) => {
  assertNoLeak(t, () => {
    const d = new RelaxedBernoulli({temperature: [[0.5], [2]], logits: [0, 1, -1]});
    tf.tidy(() => {
      t.deepEqual(d.batchShape, [2, 3]);
      t.deepEqual(d.sample([4], 1).shape, [4, 2, 3]);
      t.deepEqual(d.logProb(0.3).shape, [2, 3]);
      t.deepEqual(d.cdf([0.1, 0.2, 0.3]).shape, [2, 3]);
      t.deepEqual(d.quantile(0.5).shape, [2, 3]);
    });
    d.dispose();
  });
});

test('bad inputs give errors naming RelaxedBernoulli, the parameter and the value', (t) => {
  t.throws(() => new RelaxedBernoulli({temperature: 0, logits: 0}), {message: /RelaxedBernoulli: parameter 'temperature' must be positive; received 0/});
  t.throws(() => new RelaxedBernoulli({temperature: 1, probs: 2}), {message: /RelaxedBernoulli: parameter 'probs' must be in \[0, 1\]; received 2/});
  t.throws(() => new RelaxedBernoulli({temperature: 1, logits: 0, probs: 0.5}), {message: /give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new RelaxedBernoulli({temperature: 1}), {message: /received neither/});
});
