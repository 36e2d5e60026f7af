import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {CholeskyLKJ} from './cholesky_lkj';
import {LKJ} from './lkj';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';

interface LKJCase {
  dimension: number;
  concentration: number;
  logNormalizer: number;
  x: number[][][];
  cholesky: number[][][];
  logProb: number[];
  choleskyLogProb: number[];
  gradConcentration: number[];
}
interface Marginal {
  dimension: number;
  concentration: number;
  r: number[];
  cdf: number[];
  variance: number;
}
const fixture = loadFixture<{cases: LKJCase[]; marginals: Marginal[]}>('lkj');

test.before(async () => {
  await init();
});

// Tolerances: log det of well-conditioned float32 correlation matrices (~1e-6 absolute) times
// |c - 1| < 50, plus float32 lgamma differences of arguments up to 52 (~2e-5 absolute).
test('LKJ and CholeskyLKJ log-densities match the LKJ 2009 normaliser (eq. 16) and a numerical Jacobian', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const label = `d=${c.dimension} c=${c.concentration}`;
      const tol = {rtol: 1e-5, atol: 5e-5 * Math.max(1, Math.abs(c.concentration - 1))};
      const lkj = new LKJ({dimension: c.dimension, concentration: c.concentration});
      const lkjChol = new LKJ({dimension: c.dimension, concentration: c.concentration, inputOutputCholesky: true});
      const chol = new CholeskyLKJ({dimension: c.dimension, concentration: c.concentration});
      t.deepEqual(lkj.eventShape, [c.dimension, c.dimension]);
      t.deepEqual(lkj.batchShape, []);
      tf.tidy(() => {
        assertClose(t, lkj.logProb(c.x), c.logProb, tol, `LKJ ${label}`);
        assertClose(t, lkjChol.logProb(c.cholesky), c.logProb, tol, `LKJ (Cholesky input) ${label}`);
        assertClose(t, chol.logProb(c.cholesky), c.choleskyLogProb, tol, `CholeskyLKJ ${label}`);
        const eye = Array.from({length: c.dimension}, (_, i) => Array.from({length: c.dimension}, (_, j) => (i === j ? 1 : 0)));
        assertClose(t, lkj.mean(), eye.flat(), {rtol: 0, atol: 0});
      });
      [lkj, lkjChol, chol].forEach((d) => d.dispose());
    });
  }
});

test('the gradient in the concentration matches log det R - d/dc log Z (finite differences of eq. 16)', (t) => {
  for (const c of fixture.cases.filter((k) => k.dimension > 1)) {
    assertNoLeak(t, () => {
      const concentration = tf.fill([c.x.length], c.concentration);
      const g = tf.grad((conc: tf.Tensor) => new LKJ({dimension: c.dimension, concentration: conc}).logProb(c.x).sum())(concentration);
      // float32 digamma differences and log det: ~1e-5 absolute.
      assertClose(t, g, c.gradConcentration, {rtol: 1e-4, atol: 5e-5}, `d=${c.dimension} c=${c.concentration}`);
      tf.dispose([g, concentration]);
    });
  }
});

test('in d = 2 the density integrates to 1 over the correlation in (-1, 1)', (t) => {
  for (const concentration of [1, 1.5, 2.5, 6]) {
    const lkj = new LKJ({dimension: 2, concentration});
    const chol = new CholeskyLKJ({dimension: 2, concentration});
    // Midpoint rule on r = sin(theta), dr = cos(theta) dtheta, theta in (-pi/2, pi/2): the
    // integrand (cos theta)^(2c - 1) is smooth, so the error is far below float32 resolution.
    const n = 2000;
    const h = Math.PI / n;
    const theta = Array.from({length: n}, (_, i) => -Math.PI / 2 + (i + 0.5) * h);
    const r = theta.map(Math.sin);
    const [p, q] = tf.tidy(() => [
      lkj.prob(r.map((v) => [[1, v], [v, 1]])).dataSync(),
      chol.prob(r.map((v) => [[1, 0], [v, Math.sqrt(1 - v * v)]])).dataSync(),
    ]);
    let totalP = 0;
    let totalQ = 0;
    for (let i = 0; i < n; i++) {
      totalP += p[i] * Math.cos(theta[i]) * h;
      totalQ += q[i] * Math.cos(theta[i]) * h;
    }
    // float32 densities: ~1e-6 relative per term.
    assertClose(t, totalP, 1, {rtol: 0, atol: 2e-5}, `LKJ c=${concentration}`);
    assertClose(t, totalQ, 1, {rtol: 0, atol: 2e-5}, `CholeskyLKJ c=${concentration}`);
    lkj.dispose();
    chol.dispose();
  }
});

/** Checks n draws of one correlation against the Beta marginal at the fixture's points. */
function assertMarginal(t: import('ava').ExecutionContext, values: ArrayLike<number>, m: Marginal, label: string): void {
  const n = values.length;
  m.r.forEach((r, i) => {
    let below = 0;
    for (let k = 0; k < n; k++) if (values[k] <= r) below++;
    const p = m.cdf[i];
    // The empirical cdf at a point is Binomial(n, p) / n: standard error sqrt(p (1 - p) / n).
    const se = Math.sqrt((p * (1 - p)) / n);
    t.true(Math.abs(below / n - p) < 5 * se, `${label}: empirical cdf at ${r} is ${below / n}, expected ${p} (se ${se})`);
  });
}

test('sampled correlations follow the Beta marginal 2B - 1, B ~ Beta(c - 1 + d/2, c - 1 + d/2)', (t) => {
  for (const m of fixture.marginals) {
    const d = m.dimension;
    const lkj = new LKJ({dimension: d, concentration: m.concentration});
    const chol = new CholeskyLKJ({dimension: d, concentration: m.concentration});
    assertNoLeak(t, () => {
      const n = 4000;
      tf.tidy(() => {
        const x = lkj.sample(n, 13 + d);
        t.deepEqual(x.shape, [n, d, d]);
        const values = x.arraySync() as number[][][];
        // Every pair (i, j) has the same marginal; check the first and the last.
        assertMarginal(t, values.map((v) => v[1][0]), m, `LKJ d=${d} r[1][0]`);
        assertMarginal(t, values.map((v) => v[d - 1][d - 2]), m, `LKJ d=${d} r[${d - 1}][${d - 2}]`);
        // Unit diagonal, symmetric, positive definite (Cholesky of the sample exists).
        const sample = values[0];
        for (let i = 0; i < d; i++) {
          t.is(sample[i][i], 1);
          for (let j = 0; j < i; j++) t.true(Math.abs(sample[i][j] - sample[j][i]) < 1e-6);
        }
        const l = chol.sample(n, 29 + d);
        const products = tf.matMul(l, l, false, true).arraySync() as number[][][];
        assertMarginal(t, products.map((v) => v[d - 1][0]), m, `CholeskyLKJ d=${d} (L L^T)[${d - 1}][0]`);
        // Factors are lower triangular with a positive diagonal and unit-norm rows.
        const factor = (l.arraySync() as number[][][])[0];
        for (let i = 0; i < d; i++) {
          t.true(factor[i][i] > 0);
          for (let j = i + 1; j < d; j++) t.is(factor[i][j], 0);
          assertClose(t, products[0][i][i], 1, {rtol: 0, atol: 1e-5});
        }
      });
    });
    lkj.dispose();
    chol.dispose();
  }
});

test('seeds, batch shapes and Cholesky output', (t) => {
  assertNoLeak(t, () => {
    const concentration = tf.tensor1d([1, 2, 5]);
    const lkj = new LKJ({dimension: 3, concentration});
    const chol = new LKJ({dimension: 3, concentration, inputOutputCholesky: true});
    t.deepEqual(lkj.batchShape, [3]);
    tf.tidy(() => {
      t.deepEqual(lkj.sample([2, 4], 1).shape, [2, 4, 3, 3, 3]);
      assertClose(t, lkj.sample(3, 5), lkj.sample(3, 5), {rtol: 0, atol: 0});
      t.notDeepEqual(Array.from(lkj.sample(3, 5).dataSync()), Array.from(lkj.sample(3, 6).dataSync()));
      // The same seed gives the factor of the same matrix.
      const l = chol.sample(3, 5);
      assertClose(t, tf.matMul(l, l, false, true), lkj.sample(3, 5), {rtol: 0, atol: 2e-6});
      t.deepEqual(lkj.logProb(tf.eye(3)).shape, [3]);
      t.deepEqual(lkj.mean().shape, [3, 3, 3]);
      const one = new LKJ({dimension: 1, concentration: 2});
      assertClose(t, one.sample(2, 1), [1, 1], {rtol: 0, atol: 0});
      one.dispose();
    });
    lkj.dispose();
    chol.dispose();
    concentration.dispose();
  });
});

test('bad inputs give errors naming the distribution and what was expected', (t) => {
  t.throws(() => new LKJ({dimension: 0, concentration: 1}), {message: /LKJ: 'dimension' must be a positive integer; received 0/});
  t.throws(() => new CholeskyLKJ({dimension: 2.5, concentration: 1}), {message: /CholeskyLKJ: 'dimension' must be a positive integer; received 2.5/});
  t.throws(() => new LKJ({dimension: 3, concentration: -1}), {message: /LKJ: parameter 'concentration' must be positive; received -1/});
  const lkj = new LKJ({dimension: 3, concentration: 2});
  t.throws(() => lkj.logProb([[1, 0], [0, 1]]), {message: /LKJ: input must have shape \[\.\.\., 3, 3\]; received \[2,2\]/});
  const strict = new LKJ({dimension: 2, concentration: 2, validateArgs: true});
  t.throws(() => strict.logProb([[1, 0.5], [0.4, 1]]), {
    message: /LKJ: input must be a correlation matrix \(entries in \[-1, 1\], unit diagonal, symmetric\) \(validateArgs\); received 0\.5 at \[0, 1\] of matrix 0/,
  });
  t.throws(() => strict.logProb([[[1, 0], [0, 1]], [[1, 1.5], [1.5, 1]]]), {message: /received 1\.5 at \[0, 1\] of matrix 1/});
  t.throws(() => strict.logProb([[2, 0], [0, 1]]), {message: /received 2 at \[0, 0\]/});
  const strictChol = new CholeskyLKJ({dimension: 2, concentration: 2, validateArgs: true});
  t.throws(() => strictChol.logProb([[1, 0.1], [0, 1]]), {
    message: /CholeskyLKJ: input must be lower triangular with a positive diagonal \(validateArgs\); received 0\.1\d* at \[0, 1\]/,
  });
  t.notThrows(() => tf.tidy(() => strictChol.logProb([[1, 0], [0.6, 0.8]])));
  [lkj, strict, strictChol].forEach((d) => d.dispose());
});
