import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {VonMises} from './von_mises';
import {assertClose, assertNoLeak} from './internal/testing';
import {
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('von_mises');
const make = (p: Params | Record<string, tf.Tensor>) => new VonMises({loc: p.loc, concentration: p.concentration});

test.before(async () => {
  await init();
});

// The cdf is Hill's 20-term series below concentration 10.5 (error < 1e-7) and his corrected normal
// approximation above (error ~1e-6 at k = 11, shrinking as k grows): cdf atol 2e-6. Points 8
// standard deviations out have cdf ~1e-14, which the approximation reproduces only absolutely.
// logProb at k = 300 sums k (cos z - 1) ~ -19 and log i0e(k): rtol 1e-5 with atol 2e-5.
registerFixtureTests(test, 'vonmises', fixture, make, {
  tolerances: {cdf: {rtol: 1e-5, atol: 2e-6}, variance: {rtol: 1e-4, atol: 1e-6}},
  integrate: {n: 50000, tolerance: 1e-5},
});

test('samples: circular moments, empirical cdf, shapes, seeds', (t) => {
  // E[cos(x - loc)] = 1 - variance; its Monte Carlo standard error is sd(cos(x - loc)) / sqrt(n).
  const locs = [-1, 0, 3];
  const ks = [0.5, 4, 40];
  const d = new VonMises({loc: locs, concentration: ks});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 3);
    const c = tf.cos(tf.sub(x, d.loc));
    const meanCos = Array.from(tf.mean(c, 0).dataSync());
    const sdCos = Array.from(tf.sqrt(tf.mean(tf.square(tf.sub(c, tf.mean(c, 0))), 0)).dataSync());
    const expected = Array.from(tf.sub(1, d.variance()).dataSync());
    const sinMean = Array.from(tf.mean(tf.sin(tf.sub(x, d.loc)), 0).dataSync());
    meanCos.forEach((m, i) => {
      t.true(Math.abs(m - expected[i]) < (5 * sdCos[i]) / Math.sqrt(n), `E cos[${i}] ${m} vs ${expected[i]}`);
      t.true(Math.abs(sinMean[i]) < 5 / Math.sqrt(n), `E sin[${i}] ${sinMean[i]} vs 0`);
    });
    const all = Array.from(x.dataSync());
    t.true(all.every((v) => v >= -Math.PI && v <= Math.PI), 'samples in [-pi, pi]');
  });
  d.dispose();
  const batch = new VonMises({loc: [[-1], [0], [2]], concentration: [0.5, 1, 4]});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  // Cases with loc = 0, whose cdf (from loc - pi) is P(X <= x) for samples wrapped to [-pi, pi].
  for (const c of [fixture.cases[0], fixture.cases[5]]) {
    const one = make(c.params);
    // Only points inside [-pi, pi] (samples are wrapped there; the cdf is not periodic).
    const inside = c.x.map((v, i) => [v, c.cdf![i]]).filter(([v]) => v >= -Math.PI && v <= Math.PI);
    assertSampleCdf(t, one, inside.map((p) => p[0]), inside.map((p) => p[1]), {seed: 11});
    one.dispose();
  }
});

test('samples are reparameterized: implicit gradients match d E[cos(x - loc)] / dk', (t) => {
  // E[cos(x - loc)] = i1e(k) / i0e(k); its derivative 1 - A / k - A^2 (A the ratio) is the target
  // of the per-draw pathwise derivative -sin(x - loc) dx/dk, averaged over n draws.
  const n = 20000;
  for (const kv of [0.7, 3, 25]) {
    tf.tidy(() => {
      const ks = tf.fill([n], kv);
      const locs = tf.fill([n], 0.3);
      const [gLoc, gK] = tf.grads((l: tf.Tensor, k: tf.Tensor) =>
        tf.sum(tf.cos(tf.sub(new VonMises({loc: l, concentration: k}).sample([], 21), l))),
      )([locs, ks]);
      const a = 1 - new VonMises({loc: 0, concentration: kv}).variance().dataSync()[0];
      const target = 1 - a / kv - a * a;
      const g = Array.from(gK.dataSync());
      const mean = g.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(g.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
      t.true(Math.abs(mean - target) < (5 * sd) / Math.sqrt(n), `k=${kv}: pathwise ${mean} vs ${target} (se ${sd / Math.sqrt(n)})`);
      // d/dloc of cos(x - loc) with dx/dloc = 1 is exactly 0 per draw.
      assertClose(t, gLoc, 0, {rtol: 0, atol: 1e-5}, 'd/dloc');
    });
  }
});

test('concentration 0 is the uniform distribution on the circle', (t) => {
  assertNoLeak(t, () => {
    const d = new VonMises({loc: 1, concentration: 0});
    tf.tidy(() => {
      assertClose(t, d.prob([-3, 0, 2]), 1 / (2 * Math.PI), {rtol: 1e-6});
      assertClose(t, d.cdf([1 - Math.PI / 2, 1, 1 + Math.PI / 2]), [0.25, 0.5, 0.75], {rtol: 1e-6});
      assertClose(t, d.entropy(), Math.log(2 * Math.PI), {rtol: 1e-6});
      // Uniform draws on [-pi, pi]: mean 0 and variance pi^2 / 3, within 5 standard errors.
      const x = Array.from(d.sample(20000, 4).dataSync());
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
      t.true(Math.abs(mean) < 5 * Math.sqrt((Math.PI ** 2 / 3) / x.length), `mean ${mean}`);
      // Var of (x - m)^2 for a uniform on [-pi, pi] is pi^4 (1/5 - 1/9).
      t.true(Math.abs(variance - Math.PI ** 2 / 3) < 5 * Math.sqrt((Math.PI ** 4 * (1 / 5 - 1 / 9)) / x.length), `variance ${variance}`);
    });
    d.dispose();
  });
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new VonMises({loc: 0, concentration: -1}), {message: /VonMises: parameter 'concentration' must be non-negative; received -1/});
  t.throws(() => new VonMises({loc: NaN, concentration: 1}), {message: /VonMises: parameter 'loc' must be finite; received NaN/});
  t.throws(() => new VonMises({loc: [0, 1, 2], concentration: [1, 2]}), {message: /VonMises: parameter shapes do not broadcast/});
  assertNoLeak(t, () => new VonMises({loc: 0, concentration: 0}).dispose());
});
