import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Categorical} from './categorical';
import {MixtureSameFamily} from './mixture_same_family';
import {MultivariateNormalTriL} from './multivariate_normal_tril';
import {Normal} from './normal';
import {assertFrequencies} from './internal/discrete_testing';
import {assertClose, assertNoLeak, assertSampleMoments, loadFixture} from './internal/testing';

interface ScalarCase {
  kind: 'logits' | 'probs';
  weights: number[];
  loc: number[];
  scale: number[];
  x: number[];
  logProb: number[];
  logCdf: number[];
  logSf: number[];
  cdf: number[];
  sf: number[];
  mean: number;
  variance: number;
}
interface Fixture {
  scalar: ScalarCase[];
  batch: {logits: number[][]; loc: number[][]; scale: number[][]; x: number[][]; logProb: number[][]; cdf: number[][]; mean: number[]; variance: number[]};
  vector: {probs: number[]; loc: number[][]; scaleTril: number[][][]; x: number[][]; logProb: number[]; mean: number[]; covariance: number[][]};
}
const fixture = loadFixture<Fixture>('mixture_same_family');

test.before(async () => {
  await init();
});

function normalMixture(c: ScalarCase): MixtureSameFamily {
  const mixtureDistribution = c.kind === 'logits' ? new Categorical({logits: c.weights}) : new Categorical({probs: c.weights});
  return new MixtureSameFamily({mixtureDistribution, componentsDistribution: new Normal({loc: c.loc, scale: c.scale})});
}

function disposeAll(d: MixtureSameFamily): void {
  d.mixtureDistribution.dispose();
  d.componentsDistribution.dispose();
  d.dispose();
}

// Tolerances: log-densities down to -560 are sums of float32 component terms, each accurate to a few
// ulps (rtol 1e-5); moments are weighted sums of float32 means/variances up to 1e3 (rtol 1e-5). The
// cdfs go through ndtr/logNdtr in float32: atol 1e-6 on probabilities, rtol 1e-5 on logs.
test('logProb, cdf, survival, mean and variance match a scipy mixture of Normals', (t) => {
  for (const c of fixture.scalar) {
    assertNoLeak(t, () => {
      const d = normalMixture(c);
      const label = `${c.kind}=[${c.weights}]`;
      t.deepEqual(d.batchShape, []);
      t.deepEqual(d.eventShape, []);
      t.is(d.numComponents, c.loc.length);
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logProb, {rtol: 1e-5, atol: 2e-5}, `logProb ${label}`);
        assertClose(t, d.prob(c.x), c.logProb.map(Math.exp), {rtol: 1e-4, atol: 1e-37}, `prob ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 1e-5, atol: 1e-6}, `cdf ${label}`);
        assertClose(t, d.logCdf(c.x), c.logCdf, {rtol: 1e-5, atol: 1e-6}, `logCdf ${label}`);
        assertClose(t, d.survivalFunction(c.x), c.sf, {rtol: 1e-5, atol: 1e-6}, `sf ${label}`);
        assertClose(t, d.logSurvivalFunction(c.x), c.logSf, {rtol: 1e-5, atol: 1e-6}, `logSf ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 1e-5, atol: 1e-5}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 1e-5, atol: 1e-5}, `variance ${label}`);
        assertClose(t, d.stddev(), Math.sqrt(c.variance), {rtol: 1e-5}, `stddev ${label}`);
        assertClose(t, d.covariance(), c.variance, {rtol: 1e-5}, `covariance ${label}`);
      });
      disposeAll(d);
    });
  }
});

test('the density integrates to 1 (trapezoid rule in float64 on a fine grid)', (t) => {
  const c = fixture.scalar[0];
  const d = normalMixture(c);
  const n = 20001;
  const lo = -12;
  const hi = 16;
  const h = (hi - lo) / (n - 1);
  const grid = Array.from({length: n}, (_, i) => lo + i * h);
  const p = tf.tidy(() => d.prob(grid).dataSync());
  let total = 0;
  for (let i = 0; i < n; i++) total += (i === 0 || i === n - 1 ? 0.5 : 1) * p[i] * h;
  // The trapezoid error for h = 1.4e-3 is ~1e-7; float32 densities add ~1e-7 relative.
  assertClose(t, total, 1, {rtol: 0, atol: 1e-5});
  disposeAll(d);
});

test('a batch of mixtures broadcasts x against the batch and matches scipy', (t) => {
  const b = fixture.batch;
  assertNoLeak(t, () => {
    const d = new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits: b.logits}),
      componentsDistribution: new Normal({loc: b.loc, scale: b.scale}),
    });
    t.deepEqual(d.batchShape, [2]);
    tf.tidy(() => {
      t.deepEqual(d.logProb(b.x).shape, [4, 2]);
      assertClose(t, d.logProb(b.x), b.logProb.flat(), {rtol: 1e-5, atol: 2e-5}, 'logProb');
      assertClose(t, d.cdf(b.x), b.cdf.flat(), {rtol: 1e-5, atol: 1e-6}, 'cdf');
      assertClose(t, d.mean(), b.mean, {rtol: 1e-5, atol: 1e-5}, 'mean');
      assertClose(t, d.variance(), b.variance, {rtol: 1e-5, atol: 1e-5}, 'variance');
      // A scalar x broadcasts against the batch; [3, 1] gives [3, 2].
      t.deepEqual(d.logProb(0.5).shape, [2]);
      t.deepEqual(d.logProb([[0], [1], [2]]).shape, [3, 2]);
      t.deepEqual(d.sample([5, 3], 1).shape, [5, 3, 2]);
    });
    disposeAll(d);
  });
});

test('mixture weights and components with different batch shapes broadcast', (t) => {
  const b = fixture.batch;
  assertNoLeak(t, () => {
    // One set of weights for a batch of 2 component sets, and 2 sets of weights for one component set.
    const sharedWeights = new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits: b.logits[0]}),
      componentsDistribution: new Normal({loc: b.loc, scale: b.scale}),
    });
    const sharedComponents = new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits: b.logits}),
      componentsDistribution: new Normal({loc: b.loc[0], scale: b.scale[0]}),
    });
    t.deepEqual(sharedWeights.batchShape, [2]);
    t.deepEqual(sharedComponents.batchShape, [2]);
    const x = [[-1, 0.3], [2, 9]];
    const logMixture = (logits: number[], loc: number[], scale: number[], v: number) => {
      const lse = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
      const terms = logits.map(
        (l, k) => l - lse - 0.5 * ((v - loc[k]) / scale[k]) ** 2 - Math.log(scale[k]) - 0.5 * Math.log(2 * Math.PI),
      );
      const m = Math.max(...terms);
      return m + Math.log(terms.reduce((s, v2) => s + Math.exp(v2 - m), 0));
    };
    tf.tidy(() => {
      const expected1 = x.flatMap((row) => row.map((v, i) => logMixture(b.logits[0], b.loc[i], b.scale[i], v)));
      const expected2 = x.flatMap((row) => row.map((v, i) => logMixture(b.logits[i], b.loc[0], b.scale[0], v)));
      assertClose(t, sharedWeights.logProb(x), expected1, {rtol: 1e-5, atol: 1e-5}, 'shared weights');
      assertClose(t, sharedComponents.logProb(x), expected2, {rtol: 1e-5, atol: 1e-5}, 'shared components');
      t.deepEqual(sharedWeights.mean().shape, [2]);
      t.deepEqual(sharedComponents.variance().shape, [2]);
    });
    disposeAll(sharedWeights);
    disposeAll(sharedComponents);
  });
});

// Tolerances: the MVN log-density goes through a float32 triangular solve (rtol 1e-5 at these
// condition numbers); moments are short weighted sums (rtol 1e-5, atol 1e-5 for entries near 0).
test('a mixture of multivariate normals matches scipy; covariance by the law of total covariance', (t) => {
  const v = fixture.vector;
  assertNoLeak(t, () => {
    const d = new MixtureSameFamily({
      mixtureDistribution: new Categorical({probs: v.probs}),
      componentsDistribution: new MultivariateNormalTriL({loc: v.loc, scaleTril: v.scaleTril}),
    });
    t.deepEqual(d.batchShape, []);
    t.deepEqual(d.eventShape, [2]);
    tf.tidy(() => {
      assertClose(t, d.logProb(v.x), v.logProb, {rtol: 1e-5, atol: 2e-5}, 'logProb');
      assertClose(t, d.mean(), v.mean, {rtol: 1e-5, atol: 1e-5}, 'mean');
      assertClose(t, d.covariance(), v.covariance.flat(), {rtol: 1e-5, atol: 1e-5}, 'covariance');
      assertClose(t, d.variance(), [v.covariance[0][0], v.covariance[1][1]], {rtol: 1e-5}, 'variance');
      t.deepEqual(d.logProb([[[0, 0]], [[1, 1]]]).shape, [2, 1]);
      t.deepEqual(d.sample(4, 2).shape, [4, 2]);
    });
    t.throws(() => d.cdf([0, 0]), {message: /MixtureSameFamily: cdf is defined for scalar events only; the event shape is \[2\]/});
    t.throws(() => d.logProb(0), {message: /MixtureSameFamily: input of shape \[\] has fewer dims than the event shape \[2\]/});
    assertSampleMoments(t, d, {n: 20000, seed: 5});
    disposeAll(d);
  });
});

test('sampled components occur with the mixture weights (within Monte Carlo error)', (t) => {
  // Components 100 apart with scale 1: a draw's component is the nearest loc, without error.
  const weights = [0.1, 0.6, 0.3];
  const locs = [-100, 0, 100];
  const d = new MixtureSameFamily({
    mixtureDistribution: new Categorical({probs: weights}),
    componentsDistribution: new Normal({loc: locs, scale: 1}),
  });
  assertNoLeak(t, () => {
    const x = tf.tidy(() => d.sample(20000, 17).dataSync());
    const component = Array.from(x, (v) => Math.round((v + 100) / 100));
    assertFrequencies(t, component, (k) => weights[k], [0, 1, 2], {label: 'component'});
  });
  assertSampleMoments(t, d, {n: 20000, seed: 9});
  tf.tidy(() => {
    assertClose(t, d.sample(6, 3), d.sample(6, 3), {rtol: 0, atol: 0});
    t.notDeepEqual(Array.from(d.sample(6, 3).dataSync()), Array.from(d.sample(6, 4).dataSync()));
  });
  disposeAll(d);
});

test('broadcast batch members are sampled independently', (t) => {
  // Two batch members share one set of components; with independent draws the sample correlation
  // of the two members is ~N(0, 1/n), within 5/sqrt(n) of 0.
  const d = new MixtureSameFamily({
    mixtureDistribution: new Categorical({logits: [[0, 0], [1, -1]]}),
    componentsDistribution: new Normal({loc: [-3, 3], scale: [1, 2]}),
  });
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 21);
    t.deepEqual(x.shape, [n, 2]);
    const centred = tf.sub(x, tf.mean(x, 0));
    const [a, b] = tf.unstack(centred, 1);
    const correlation = tf.div(tf.sum(tf.mul(a, b)), tf.sqrt(tf.mul(tf.sum(tf.square(a)), tf.sum(tf.square(b))))).dataSync()[0];
    t.true(Math.abs(correlation) < 5 / Math.sqrt(n), `correlation ${correlation}`);
  });
  assertSampleMoments(t, d, {n, seed: 23});
  disposeAll(d);
});

test('logProb gradients equal the responsibilities formulas', (t) => {
  // d/dlogits_k log p = r_k - w_k and d/dloc_k log p = r_k (x - loc_k) / scale_k^2, with
  // r_k = w_k p_k(x) / p(x) the responsibilities, computed in float64.
  const logits = [0.2, -0.5, 1.1];
  const locs = [-1, 0.5, 2];
  const scales = [0.7, 1.3, 0.9];
  const x = 0.8;
  const w = logits.map(Math.exp);
  const wSum = w.reduce((a, b) => a + b);
  const joint = w.map((wk, k) => (wk / wSum) * Math.exp(-0.5 * ((x - locs[k]) / scales[k]) ** 2) / scales[k]);
  const total = joint.reduce((a, b) => a + b);
  const r = joint.map((j) => j / total);
  const [gLogits, gLoc] = tf.grads((l: tf.Tensor, m: tf.Tensor) =>
    new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits: l}),
      componentsDistribution: new Normal({loc: m, scale: scales}),
    }).logProb(x),
  )([tf.tensor1d(logits), tf.tensor1d(locs)]);
  assertClose(t, gLogits, r.map((rk, k) => rk - w[k] / wSum), {rtol: 1e-4, atol: 1e-6}, 'd/dlogits');
  assertClose(t, gLoc, r.map((rk, k) => (rk * (x - locs[k])) / scales[k] ** 2), {rtol: 1e-4, atol: 1e-6}, 'd/dloc');
  tf.dispose([gLogits, gLoc]);
});

test('reparameterized samples: same values, pathwise gradients of E[x] and E[x^2] match the analytic ones', (t) => {
  // Parameters tiled over n rows give n independent draws, each depending only on its own row, so
  // the gradient rows are per-draw pathwise gradients: their mean must be within 5 standard errors
  // (sample sd / sqrt(n)) of dE[x]/dloc_k = w_k, dE[x]/dlogits_k = w_k (mu_k - E[x]) and
  // dE[x^2]/dscale_k = 2 w_k sigma_k.
  const logits = [0.3, -0.4, 0.8];
  const locs = [-2, 0.5, 3];
  const scales = [0.5, 1.5, 1];
  const w = logits.map(Math.exp);
  const total = w.reduce((a, b) => a + b);
  const weights = w.map((v) => v / total);
  const mean = weights.reduce((acc, wk, k) => acc + wk * locs[k], 0);
  const n = 20000;
  const tile = (v: number[]) => tf.tile(tf.tensor2d([v]), [n, 1]);
  const [l, m, s] = [tile(logits), tile(locs), tile(scales)];
  const build = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, reparameterize = true) =>
    new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits: a}),
      componentsDistribution: new Normal({loc: b, scale: c}),
      reparameterize,
    });
  assertNoLeak(t, () => {
    const d = build(l, m, s);
    t.is(d.reparameterizationType, 'FULLY_REPARAMETERIZED');
    tf.tidy(() => assertClose(t, d.sample([], 5), build(l, m, s, false).sample([], 5), {rtol: 0, atol: 0}));
    const [gl, gm] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(build(a, b, s).sample([], 5)))([l, m]);
    const [gs] = tf.grads((c: tf.Tensor) => tf.sum(tf.square(build(l, m, c).sample([], 5))))([s]);
    const check = (g: tf.Tensor, expected: number[], label: string) => {
      const rows = g.arraySync() as number[][];
      expected.forEach((e, k) => {
        const column = rows.map((r) => r[k]);
        const avg = column.reduce((a, b) => a + b) / n;
        const sd = Math.sqrt(column.reduce((a, b) => a + (b - avg) ** 2, 0) / (n - 1));
        t.true(Math.abs(avg - e) < 5 * (sd / Math.sqrt(n)) + 1e-6, `${label}[${k}]: ${avg} vs ${e} (se ${sd / Math.sqrt(n)})`);
      });
    };
    check(gm, weights, 'dE[x]/dloc');
    check(gl, weights.map((wk, k) => wk * (locs[k] - mean)), 'dE[x]/dlogits');
    check(gs, weights.map((wk, k) => 2 * wk * scales[k]), 'dE[x^2]/dscale');
    tf.dispose([gl, gm, gs]);
    disposeAll(d);
  });
  t.is(normalMixture(fixture.scalar[0]).reparameterizationType, 'NOT_REPARAMETERIZED');
  const vector = new MultivariateNormalTriL({loc: [[0, 0]], scaleTril: [[[1, 0], [0, 1]]]});
  const cat = new Categorical({logits: [0]});
  t.throws(() => new MixtureSameFamily({mixtureDistribution: cat, componentsDistribution: vector, reparameterize: true}), {
    message: /MixtureSameFamily: 'reparameterize' is supported for scalar events only; the components have event shape \[2\]/,
  });
  tf.dispose([l, m, s]);
  [vector, cat].forEach((x) => x.dispose());
});

test('bad inputs give errors naming MixtureSameFamily and what was expected', (t) => {
  const normal = new Normal({loc: [0, 1], scale: 1});
  const cat3 = new Categorical({probs: [0.2, 0.3, 0.5]});
  t.throws(() => new MixtureSameFamily({mixtureDistribution: cat3, componentsDistribution: normal}), {
    message: /MixtureSameFamily: 'mixtureDistribution' has 3 mixture weights but 'componentsDistribution' has 2 components \(batch shape \[2\]\)/,
  });
  const scalar = new Normal({loc: 0, scale: 1});
  const cat1 = new Categorical({logits: [0]});
  t.throws(() => new MixtureSameFamily({mixtureDistribution: cat1, componentsDistribution: scalar}), {
    message: /'componentsDistribution' must have the components as its last batch dim \(batch shape \[\.\.\., K\]\); received Normal with batch shape \[\]/,
  });
  t.throws(
    () => new MixtureSameFamily({mixtureDistribution: normal as unknown as Categorical, componentsDistribution: normal}),
    {message: /MixtureSameFamily: 'mixtureDistribution' must be a Categorical/},
  );
  const batched = new Categorical({logits: [[0, 0], [0, 0], [0, 0]]});
  const normals = new Normal({loc: [[0, 1], [2, 3]], scale: 1});
  t.throws(() => new MixtureSameFamily({mixtureDistribution: batched, componentsDistribution: normals}), {
    message: /MixtureSameFamily: parameter shapes do not broadcast \(mixtureDistribution: \[3\], componentsDistribution: \[2\]\)/,
  });
  [normal, cat3, scalar, cat1, batched, normals].forEach((d) => d.dispose());
});
