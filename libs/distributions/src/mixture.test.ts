import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Categorical} from './categorical';
import {Distribution} from './distribution';
import {Laplace} from './laplace';
import {Logistic} from './logistic';
import {Mixture} from './mixture';
import {MixtureSameFamily} from './mixture_same_family';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {Normal} from './normal';
import {Poisson} from './poisson';
import {assertFrequencies} from './internal/discrete_testing';
import {assertClose, assertNoLeak, assertSampleMoments, loadFixture} from './internal/testing';

interface MixtureCase {
  logits: number[];
  components: {family: 'Normal' | 'Laplace' | 'Logistic'; loc: number; scale: number}[];
  x: number[];
  logProb: number[];
  logCdf: number[];
  logSf: number[];
  cdf: number[];
  sf: number[];
  mean: number;
  variance: number;
  entropyLowerBound: number;
}
const fixture = loadFixture<{cases: MixtureCase[]}>('mixture');

test.before(async () => {
  await init();
});

const FAMILIES = {Normal, Laplace, Logistic};

function build(c: MixtureCase): Mixture {
  return new Mixture({
    cat: new Categorical({logits: c.logits}),
    components: c.components.map(({family, loc, scale}) => new FAMILIES[family]({loc, scale})),
  });
}

function disposeAll(d: Mixture): void {
  d.cat.dispose();
  d.components.forEach((c) => c.dispose());
  d.dispose();
}

// Tolerances: log-densities are float32 component terms of size < 30 combined by log-sum-exp
// (rtol 1e-5, atol 2e-5); cdfs are float32 sums of component cdfs (atol 1e-6); moments are short
// weighted float32 sums (rtol 1e-5).
test('logProb, cdf, survival, moments and the entropy bound match a scipy Normal/Laplace/Logistic mixture', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = build(c);
      const label = c.components.map((k) => k.family).join('+');
      t.deepEqual(d.batchShape, []);
      t.deepEqual(d.eventShape, []);
      t.is(d.numComponents, c.components.length);
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logProb, {rtol: 1e-5, atol: 2e-5}, `logProb ${label}`);
        assertClose(t, d.prob(c.x), c.logProb.map(Math.exp), {rtol: 1e-4, atol: 1e-30}, `prob ${label}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 1e-5, atol: 1e-6}, `cdf ${label}`);
        assertClose(t, d.logCdf(c.x), c.logCdf, {rtol: 1e-5, atol: 1e-6}, `logCdf ${label}`);
        assertClose(t, d.survivalFunction(c.x), c.sf, {rtol: 1e-5, atol: 1e-6}, `sf ${label}`);
        assertClose(t, d.logSurvivalFunction(c.x), c.logSf, {rtol: 1e-5, atol: 1e-6}, `logSf ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 1e-5, atol: 1e-6}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 1e-5}, `variance ${label}`);
        assertClose(t, d.stddev(), Math.sqrt(c.variance), {rtol: 1e-5}, `stddev ${label}`);
        assertClose(t, d.entropyLowerBound(), c.entropyLowerBound, {rtol: 1e-5}, `entropyLowerBound ${label}`);
      });
      disposeAll(d);
    });
  }
});

test('the density integrates to 1 (trapezoid rule in float64 on a fine grid)', (t) => {
  const d = build(fixture.cases[0]);
  // Support [-80, 100]: the Logistic tail beyond it holds ~exp(-48) of the mass.
  const n = 36001;
  const lo = -80;
  const h = 180 / (n - 1);
  const p = tf.tidy(() => d.prob(Array.from({length: n}, (_, i) => lo + i * h)).dataSync());
  let total = 0;
  for (let i = 0; i < n; i++) total += (i === 0 || i === n - 1 ? 0.5 : 1) * p[i] * h;
  // The trapezoid error at h = 5e-3 is ~1e-6 (the Laplace kink adds h^2 f' / 4); float32 densities ~1e-7.
  assertClose(t, total, 1, {rtol: 0, atol: 2e-5});
  disposeAll(d);
});

test('agrees with MixtureSameFamily on the same components', (t) => {
  assertNoLeak(t, () => {
    const logits = [[0.3, -0.2], [1, 0]];
    const loc = [[-1, 2], [0.5, 4]];
    const scale = [[1, 0.5], [2, 1]];
    const mixture = new Mixture({
      cat: new Categorical({logits}),
      components: [0, 1].map((k) => new Normal({loc: loc.map((r) => r[k]), scale: scale.map((r) => r[k])})),
    });
    const same = new MixtureSameFamily({
      mixtureDistribution: new Categorical({logits}),
      componentsDistribution: new Normal({loc, scale}),
    });
    t.deepEqual(mixture.batchShape, [2]);
    tf.tidy(() => {
      const x = tf.tensor2d([[-2, 0], [1, 3.5], [5, -1]]);
      assertClose(t, mixture.logProb(x), same.logProb(x), {rtol: 1e-6, atol: 1e-6});
      assertClose(t, mixture.cdf(x), same.cdf(x), {rtol: 1e-6, atol: 1e-7});
      assertClose(t, mixture.mean(), same.mean(), {rtol: 1e-6});
      assertClose(t, mixture.variance(), same.variance(), {rtol: 1e-6});
      t.deepEqual(mixture.sample([3, 4], 1).shape, [3, 4, 2]);
    });
    disposeAll(mixture);
    same.mixtureDistribution.dispose();
    same.componentsDistribution.dispose();
    same.dispose();
  });
});

test('vector events: covariance by the law of total covariance, sample moments', (t) => {
  assertNoLeak(t, () => {
    const d = new Mixture({
      cat: new Categorical({probs: [0.25, 0.75]}),
      components: [
        new MultivariateNormalDiag({loc: [0, 2], scaleDiag: [1, 0.5]}),
        new MultivariateNormalDiag({loc: [4, -2], scaleDiag: [2, 1]}),
      ],
    });
    t.deepEqual(d.eventShape, [2]);
    // E = .25 [0, 2] + .75 [4, -2] = [3, -1]; Cov = sum w_k (diag(s_k^2) + (m_k - E)(m_k - E)^T).
    const centred = [[-3, 3], [1, -1]];
    const w = [0.25, 0.75];
    const s2 = [[1, 0.25], [4, 1]];
    const cov = [0, 1].map((i) => [0, 1].map((j) => w.reduce((acc, wk, k) => acc + wk * ((i === j ? s2[k][i] : 0) + centred[k][i] * centred[k][j]), 0)));
    tf.tidy(() => {
      assertClose(t, d.mean(), [3, -1], {rtol: 1e-6});
      assertClose(t, d.covariance(), cov.flat(), {rtol: 1e-6});
      assertClose(t, d.variance(), [cov[0][0], cov[1][1]], {rtol: 1e-6});
      t.deepEqual(d.logProb([[0, 0], [1, 1], [4, -2]]).shape, [3]);
    });
    assertSampleMoments(t, d, {n: 20000, seed: 31});
    t.throws(() => d.logCdf([0, 0]), {message: /Mixture: logCdf is defined for scalar events only; the event shape is \[2\]/});
    disposeAll(d);
  });
});

test('sampled components occur with the mixture weights; seeds reproduce draws', (t) => {
  const weights = [0.5, 0.2, 0.3];
  const d = new Mixture({
    cat: new Categorical({probs: weights}),
    components: [new Normal({loc: -100, scale: 1}), new Laplace({loc: 0, scale: 1}), new Logistic({loc: 100, scale: 1})],
  });
  assertNoLeak(t, () => {
    const x = tf.tidy(() => d.sample(20000, 5).dataSync());
    assertFrequencies(t, Array.from(x, (v) => Math.round((v + 100) / 100)), (k) => weights[k], [0, 1, 2], {label: 'component'});
    tf.tidy(() => {
      assertClose(t, d.sample(5, 8), d.sample(5, 8), {rtol: 0, atol: 0});
      t.notDeepEqual(Array.from(d.sample(5, 8).dataSync()), Array.from(d.sample(5, 9).dataSync()));
    });
  });
  assertSampleMoments(t, d, {n: 20000, seed: 6});
  disposeAll(d);
});

test('discrete components: a Poisson mixture pmf sums to 1 and its draws follow it', (t) => {
  const d = new Mixture({cat: new Categorical({probs: [0.4, 0.6]}), components: [new Poisson({rate: 2}), new Poisson({rate: 9})]});
  const support = Array.from({length: 60}, (_, k) => k);
  const pmf = tf.tidy(() => Array.from(d.prob(support).dataSync()));
  // The mass beyond 59 is < 1e-25; float32 pmf values add ~1e-7 relative error.
  assertClose(t, pmf.reduce((a, b) => a + b), 1, {rtol: 0, atol: 1e-6});
  const draws = tf.tidy(() => d.sample(20000, 12).dataSync());
  assertFrequencies(t, draws, (k) => pmf[k], support, {label: 'Poisson mixture'});
  disposeAll(d);
});

test('bad inputs give errors naming Mixture and what was expected', (t) => {
  const cat2 = new Categorical({probs: [0.5, 0.5]});
  const a = new Normal({loc: 0, scale: 1});
  const batched = new Normal({loc: [0, 1], scale: 1});
  const vector = new MultivariateNormalDiag({loc: [0, 1]});
  t.throws(() => new Mixture({cat: cat2, components: [a]}), {
    message: /Mixture: 'cat' has 2 mixture weights but 1 components were given; expected equal numbers/,
  });
  t.throws(() => new Mixture({cat: cat2, components: []}), {message: /Mixture: 'components' must be a non-empty array/});
  t.throws(() => new Mixture({cat: cat2, components: [a, batched]}), {
    message: /Mixture: components\[1\] \(Normal\) has batch shape \[2\]; expected \[\], the batch shape of 'cat'/,
  });
  t.throws(() => new Mixture({cat: cat2, components: [a, vector]}), {
    message: /Mixture: components\[1\] \(MultivariateNormalDiag\) has event shape \[2\]; components\[0\] has \[\]/,
  });
  t.throws(() => new Mixture({cat: cat2, components: [a, 3 as unknown as Distribution]}), {
    message: /Mixture: components\[1\] must be a Distribution; received 3/,
  });
  t.throws(() => new Mixture({cat: a as unknown as Categorical, components: [a, a]}), {message: /Mixture: 'cat' must be a Categorical/});
  [cat2, a, batched, vector].forEach((d) => d.dispose());
});
