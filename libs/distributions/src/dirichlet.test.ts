import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Dirichlet} from './dirichlet';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {loadFixtureNonFinite, replicatedEstimate} from './internal/discrete_testing';

interface DirichletCase {
  alpha: number[];
  x: number[][];
  logPdf: number[];
  mean: number[];
  variance: number[];
  entropy: number;
  mode: number[] | null;
}
const fixture = loadFixtureNonFinite<{cases: DirichletCase[]; kl: {a: number[]; b: number[]; kl: number}[]}>('dirichlet');

test.before(async () => {
  await init();
});

// Tolerances: log B(alpha) sums lgamma terms up to lgamma(600) ~ 3200, so 4 float32 eps of the sum of
// their magnitudes; moments are float32 ratios (rtol 2e-6); entropy adds digamma terms (rtol 2e-5).
test('logProb, mean, variance, mode and entropy match scipy.stats.dirichlet', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = new Dirichlet({concentration: c.alpha});
      const a0 = c.alpha.reduce((s, v) => s + v, 0);
      const lgammaScale = c.alpha.reduce((s, v) => s + Math.abs(v * Math.log(v + 1)), 0) + a0 * Math.log(a0 + 1);
      const label = `alpha=[${c.alpha}]`;
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logPdf, {rtol: 1e-6, atol: 4 * 1.2e-7 * lgammaScale + 2e-6}, `logProb ${label}`);
        assertClose(t, d.mean(), c.mean, {rtol: 2e-6, atol: 1e-8}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance, {rtol: 4e-6, atol: 1e-10}, `variance ${label}`);
        assertClose(t, d.entropy(), c.entropy, {rtol: 2e-5, atol: 4 * 1.2e-7 * lgammaScale + 2e-6}, `entropy ${label}`);
        if (c.mode !== null) {
          assertClose(t, d.mode(), c.mode, {rtol: 1e-6, atol: 1e-7}, `mode ${label}`);
        } else {
          t.true(Array.from(d.mode().dataSync()).every(Number.isNaN), `mode undefined ${label}`);
        }
        const cov = d.covariance();
        t.deepEqual(cov.shape, [c.alpha.length, c.alpha.length]);
        // The diagonal is the variance and the rows sum to 0 (the components sum to 1).
        assertClose(t, tf.sum(tf.mul(cov, tf.eye(c.alpha.length)), -1), c.variance, {rtol: 4e-6, atol: 1e-10}, `cov diagonal ${label}`);
        assertClose(t, tf.sum(cov, -1), 0, {rtol: 0, atol: 1e-7}, `cov rows ${label}`);
      });
      d.dispose();
    });
  }
});

test('mode with allowNanStats false throws when some concentration is at most 1', (t) => {
  const d = new Dirichlet({concentration: [0.5, 2], allowNanStats: false});
  t.throws(() => d.mode(), {message: /Dirichlet: mode is undefined for some batch members \(allowNanStats is false\)/});
  d.dispose();
});

test('the density integrates to 1 over the simplex (K = 2 and K = 3, midpoint rule)', (t) => {
  // K = 2: midpoint rule in x on 20000 cells (alpha >= 1.5 keeps the integrand bounded; error < 1e-6).
  const beta = new Dirichlet({concentration: [1.5, 4]});
  const m = 20000;
  const xs = Array.from({length: m}, (_, i) => (i + 0.5) / m);
  const p2 = Array.from(tf.tidy(() => beta.prob(xs.map((x) => [x, 1 - x])).dataSync()));
  t.true(Math.abs(p2.reduce((s, v) => s + v, 0) / m - 1) < 1e-5, 'K = 2');
  // K = 3: midpoint rule on a 400 x 400 grid of the unit square restricted to the simplex; the
  // boundary cells cost O(1 / 400) of mass where the density vanishes like distance^(alpha - 1).
  const d = new Dirichlet({concentration: [2, 3, 2.5]});
  const g = 400;
  const points: number[][] = [];
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      const x = (i + 0.5) / g;
      const y = (j + 0.5) / g;
      if (x + y < 1) points.push([x, y, 1 - x - y]);
    }
  }
  const p3 = Array.from(tf.tidy(() => d.prob(points).dataSync()));
  const total = p3.reduce((s, v) => s + v, 0) / (g * g);
  t.true(Math.abs(total - 1) < 2e-3, `K = 3: ${total}`);
  beta.dispose();
  d.dispose();
});

test('samples lie on the simplex and match the mean and variance within Monte Carlo error', (t) => {
  const d = new Dirichlet({concentration: [[0.3, 1, 5], [20, 20, 2]]});
  tf.tidy(() => {
    const x = d.sample(2000, 1);
    t.deepEqual(x.shape, [2000, 2, 3]);
    assertClose(t, tf.sum(x, -1), 1, {rtol: 0, atol: 1e-6}, 'rows sum to 1');
    t.true(tf.min(x).dataSync()[0] >= 0);
    assertClose(t, d.sample(2, 5), d.sample(2, 5), {rtol: 0, atol: 0}, 'same seed');
  });
  assertSampleMoments(t, d, {n: 20000, seed: 61});
  d.dispose();
});

test('off-diagonal covariance matches the sample covariance within Monte Carlo error', (t) => {
  const d = new Dirichlet({concentration: [2, 3, 1.5]});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 62);
    const centred = tf.sub(x, tf.mean(x, 0));
    const products = tf.mul(tf.expandDims(centred, -1), tf.expandDims(centred, -2)); // [n, 3, 3]
    const sampleCov = tf.mean(products, 0).dataSync();
    const se = tf.sqrt(tf.div(tf.mean(tf.square(tf.sub(products, tf.mean(products, 0))), 0), n)).dataSync();
    const cov = d.covariance().dataSync();
    cov.forEach((c, i) => t.true(Math.abs(sampleCov[i] - c) < 5 * se[i] + 1e-7, `cov[${i}]: sample ${sampleCov[i]} vs ${c}`));
  });
  d.dispose();
});

test('samples are reparameterized: d E[x_i] / d alpha_j matches (delta_ij alpha_0 - alpha_i) / alpha_0^2', (t) => {
  const alpha = [1.5, 0.7, 3];
  const a0 = alpha.reduce((s, v) => s + v, 0);
  const concentration = tf.tensor1d(alpha);
  // Pathwise gradient of the mean of x_0 over 500 draws, replicated 16 times for its standard error.
  for (const i of [0]) {
    const {mean, se} = replicatedEstimate(16, (b) =>
      tf.tidy(() => {
        const g = tf.grad((c: tf.Tensor) => tf.mean(tf.gather(new Dirichlet({concentration: c}).sample(500, 100 + b), i, 1)))(concentration);
        return Array.from(g.dataSync());
      }),
    );
    const expected = alpha.map((ai, j) => ((i === j ? a0 : 0) - alpha[i]) / (a0 * a0));
    expected.forEach((e, j) => t.true(Math.abs(mean[j] - e) < 5 * se[j] + 1e-6, `dE[x_${i}]/dalpha_${j}: ${mean[j]} vs ${e} (se ${se[j]})`));
  }
  concentration.dispose();
});

test('logProb gradient in the concentration matches log x - digamma(alpha) + digamma(alpha_0) by finite differences', (t) => {
  const alpha = [1.5, 0.7, 3];
  const x = [0.2, 0.3, 0.5];
  const concentration = tf.tensor1d(alpha);
  const g = tf.grad((c: tf.Tensor) => new Dirichlet({concentration: c}).logProb(x))(concentration);
  // Central differences of the float64 log density, with a float64 lgamma of the test's own.
  const logDensity = (a: number[]) => {
    const lg = (z: number) => lgamma64(z);
    const a0 = a.reduce((s, v) => s + v, 0);
    return a.reduce((s, ai, k) => s + (ai - 1) * Math.log(x[k]) - lg(ai), 0) + lg(a0);
  };
  const h = 1e-5;
  const expected = alpha.map((_, j) => {
    const up = alpha.slice();
    const down = alpha.slice();
    up[j] += h;
    down[j] -= h;
    return (logDensity(up) - logDensity(down)) / (2 * h);
  });
  assertClose(t, g, expected, {rtol: 1e-4, atol: 1e-5});
  tf.dispose([concentration, g]);
});

/** log Gamma(z) in float64 for z > 0 by recursion to z >= 8 and Stirling's series (error < 1e-12). */
function lgamma64(z: number): number {
  let shift = 0;
  while (z < 8) {
    shift -= Math.log(z);
    z += 1;
  }
  const z2 = z * z;
  return shift + (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + (1 / 12 - (1 / 360 - 1 / (1260 * z2)) / z2) / z;
}

test('KL(Dirichlet || Dirichlet) matches numerical integration', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const p = new Dirichlet({concentration: c.a});
      const q = new Dirichlet({concentration: c.b});
      tf.tidy(() => {
        assertClose(t, klDivergence(p, q), c.kl, {rtol: 2e-5, atol: 2e-6}, `KL [${c.a}] [${c.b}]`);
        assertClose(t, p.crossEntropy(q), c.kl + p.entropy().dataSync()[0], {rtol: 2e-5, atol: 2e-6});
      });
      p.dispose();
      q.dispose();
    });
  }
});

test('shapes: batch excludes the event axis; x broadcasts against the batch', (t) => {
  assertNoLeak(t, () => {
    const d = new Dirichlet({concentration: [[1, 2, 3], [4, 5, 6]]});
    t.deepEqual(d.batchShape, [2]);
    t.deepEqual(d.eventShape, [3]);
    tf.tidy(() => {
      t.deepEqual(d.sample([4, 5], 1).shape, [4, 5, 2, 3]);
      t.deepEqual(d.logProb([0.2, 0.3, 0.5]).shape, [2]);
      t.deepEqual(d.logProb(tf.fill([7, 1, 3], 1 / 3)).shape, [7, 2]);
      t.deepEqual(d.covariance().shape, [2, 3, 3]);
      t.deepEqual(d.entropy().shape, [2]);
    });
    d.dispose();
  });
});

test('bad inputs give errors naming Dirichlet, the parameter and the value', (t) => {
  t.throws(() => new Dirichlet({concentration: [1, -1]}), {message: /Dirichlet: parameter 'concentration' must be positive; received -1 at flat index 1/});
  t.throws(() => new Dirichlet({concentration: 2}), {message: /Dirichlet: parameter 'concentration' must have rank at least 1; received shape \[\]/});
  const d = new Dirichlet({concentration: [1, 2], validateArgs: true});
  t.throws(() => d.logProb([0.5, 0.6]), {message: /Dirichlet: x must lie on the simplex .*received \[0.5,0.6\d*\]/});
  t.throws(() => d.logProb([0.5, 0.5, 0]), {message: /x must have last dimension 2/});
  d.dispose();
});
