import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Geometric} from './geometric';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';

interface GeometricCase {
  kind: 'logits' | 'probs';
  value: number;
  p: number;
  k: number[];
  logPmf: number[];
  x: number[];
  cdf: number[];
  logSf: number[];
  mean: number;
  variance: number;
  entropy: number;
}
const fixture = loadFixtureNonFinite<{cases: GeometricCase[]}>('geometric');

test.before(async () => {
  await init();
});

const build = (c: GeometricCase) => (c.kind === 'logits' ? new Geometric({logits: c.value}) : new Geometric({probs: c.value}));

// Tolerances: log p(k) = k log(1 - p) + log p reaches |k log(1 - p)| ~ 40 at k = 1e5, so 4 float32 ulps
// of the larger term (rtol 5e-7 on the result, atol 1e-6); the cdf is -expm1 of such a product.
test('logProb, cdf, log survival and the statistics match scipy.stats.geom shifted to count failures', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = `${c.kind}=${c.value}`;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.k), c.logPmf, {rtol: 1e-6, atol: 2e-6}, `logProb ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 2e-6, atol: 1e-7}, `cdf ${label}`);
        assertClose(t, d.logSurvivalFunction(c.x), c.logSf, {rtol: 2e-6, atol: 1e-7}, `logSf ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 2e-6, atol: 1e-7}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 4e-6, atol: 1e-7}, `variance ${label}`);
        assertClose(t, d.entropy(), c.entropy, {rtol: 1e-5, atol: 1e-6}, `entropy ${label}`);
        assertClose(t, d.mode(), 0, {rtol: 0, atol: 0});
      });
      d.dispose();
    });
  }
});

test('logProb is -inf below 0 and floors non-integers, as scipy and TFP', (t) => {
  const d = new Geometric({probs: 0.25});
  tf.tidy(() => {
    const lp = d.logProb([-1, -0.2, 2, 2.9]).dataSync();
    t.is(lp[0], -Infinity);
    t.is(lp[1], -Infinity);
    t.is(lp[2], lp[3]);
    assertClose(t, lp[2], 2 * Math.log(0.75) + Math.log(0.25), {rtol: 1e-6});
  });
  d.dispose();
});

test('the pmf sums to 1 - tail with the tail (1 - p)^(K+1) below 1e-7', (t) => {
  for (const p of [0.9, 0.3, 0.02]) {
    const d = new Geometric({probs: p});
    const last = Math.ceil(Math.log(1e-7) / Math.log1p(-p));
    const ks = Array.from({length: last + 1}, (_, i) => i);
    const total = Array.from(tf.tidy(() => d.prob(ks).dataSync())).reduce((s, v) => s + v, 0);
    // Summing up to ~800 float32 probabilities, each within a few ulps.
    t.true(Math.abs(total - 1) < 1e-7 + 2e-6, `p=${p}: sum ${total}`);
    d.dispose();
  }
});

test('sample frequencies match the pmf; the same seed gives the same draws', (t) => {
  const ps = [0.6, 0.05];
  const d = new Geometric({logits: ps.map((p) => Math.log(p / (1 - p)))});
  const n = 20000;
  tf.tidy(() => {
    const columns = tf.unstack(d.sample(n, 31), 1).map((c) => c.dataSync());
    ps.forEach((p, j) => {
      const support = Array.from({length: Math.ceil(Math.log(1e-9) / Math.log1p(-p))}, (_, i) => i);
      assertFrequencies(t, columns[j], (k) => p * (1 - p) ** k, support, {label: `p=${p}`});
    });
    assertClose(t, d.sample(4, 2), d.sample(4, 2), {rtol: 0, atol: 0});
  });
  assertSampleMoments(t, d, {n, seed: 32});
  d.dispose();
});

test('shapes broadcast and every method is leak-free', (t) => {
  assertNoLeak(t, () => {
    const d = new Geometric({probs: [[0.2], [0.5]]});
    tf.tidy(() => {
      t.deepEqual(d.batchShape, [2, 1]);
      t.deepEqual(d.sample([3], 1).shape, [3, 2, 1]);
      t.deepEqual(d.logProb([0, 1, 2]).shape, [2, 3]);
      t.deepEqual(d.cdf([0, 1, 2]).shape, [2, 3]);
      t.deepEqual(d.mode().shape, [2, 1]);
      t.deepEqual(d.entropy().shape, [2, 1]);
      assertClose(t, d.logitsParameter(), [Math.log(0.25), 0], {rtol: 1e-6, atol: 1e-7});
    });
    d.dispose();
  });
});

test('logProb gradient in the logits: d/dl [k log(1 - p) + log p] = 1 - (k + 1) p', (t) => {
  const values = [-2, 0.5, 3];
  const logits = tf.tensor1d(values);
  const k = [4, 0, 1];
  const g = tf.grad((l: tf.Tensor) => new Geometric({logits: l}).logProb(k).sum())(logits);
  assertClose(t, g, values.map((l, i) => 1 - (k[i] + 1) / (1 + Math.exp(-l))), {rtol: 1e-5, atol: 1e-6});
  tf.dispose([logits, g]);
});

test('entropy is differentiable in probs (finite differences of the float64 formula)', (t) => {
  const ps = [0.2, 0.6, 0.95];
  const probs = tf.tensor1d(ps);
  const g = tf.grad((p: tf.Tensor) => new Geometric({probs: p}).entropy().sum())(probs);
  const entropy = (p: number) => (-(1 - p) * Math.log1p(-p) - p * Math.log(p)) / p;
  const h = 1e-6;
  assertClose(t, g, ps.map((p) => (entropy(p + h) - entropy(p - h)) / (2 * h)), {rtol: 1e-4, atol: 1e-5});
  tf.dispose([probs, g]);
});

test('bad inputs give errors naming Geometric, the parameter and the value', (t) => {
  t.throws(() => new Geometric({probs: 0}), {message: /Geometric: parameter 'probs' must be in \(0, 1\]; received 0/});
  t.throws(() => new Geometric({probs: 1.2}), {message: /Geometric: parameter 'probs' must be in \[0, 1\]; received 1.2/});
  t.throws(() => new Geometric({logits: 1, probs: 0.5}), {message: /Geometric: give exactly one of 'logits' and 'probs'; received both/});
  t.throws(() => new Geometric({}), {message: /received neither/});
  const d = new Geometric({probs: 0.5, validateArgs: true});
  t.throws(() => d.logProb(1.5), {message: /Geometric: x must be an integer in \{0, 1, 2, ...\} \(validateArgs\); received 1.5/});
  d.dispose();
});
