import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LinearOperatorFullMatrix} from '@tfjs-probability/math';
import {klDivergence} from './kl_divergence';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {MultivariateNormalFullCovariance} from './multivariate_normal_full_covariance';
import {MultivariateNormalLinearOperator} from './multivariate_normal_linear_operator';
import {MultivariateNormalTriL} from './multivariate_normal_tril';
import {Normal} from './normal';
import {Independent} from './independent';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';

interface MvnCase {
  d: number;
  loc: number[];
  scaleTril: number[][];
  covariance: number[][];
  x: number[][];
  logProb: number[];
  entropy: number;
}
interface KlCase {
  d: number;
  locA: number[];
  trilA: number[][];
  locB: number[];
  trilB: number[][];
  kl: number;
}
const fixture = loadFixture<{cases: MvnCase[]; kl: KlCase[]}>('multivariate_normal');

test.before(async () => {
  await init();
});

// Tolerances: the Mahalanobis term goes through a float32 triangular solve whose relative error
// grows with the condition number of L (< 1e3 here): rtol 1e-4 on log-densities of size ~10-100.
test('TriL, FullCovariance and LinearOperator forms match scipy.stats.multivariate_normal', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const dists: MultivariateNormalLinearOperator[] = [
        new MultivariateNormalTriL({loc: c.loc, scaleTril: c.scaleTril}),
        new MultivariateNormalFullCovariance({loc: c.loc, covarianceMatrix: c.covariance}),
      ];
      const scale = new LinearOperatorFullMatrix({matrix: c.scaleTril});
      dists.push(new MultivariateNormalLinearOperator({loc: c.loc, scale}));
      for (const d of dists) {
        t.deepEqual(d.eventShape, [c.d]);
        t.deepEqual(d.batchShape, []);
        tf.tidy(() => {
          assertClose(t, d.logProb(c.x), c.logProb, {rtol: 1e-4, atol: 1e-4}, `${d.name} d=${c.d}`);
          assertClose(t, d.entropy(), c.entropy, {rtol: 1e-5, atol: 1e-5}, `${d.name} entropy`);
          assertClose(t, d.mean(), c.loc, {rtol: 1e-6});
          assertClose(t, d.covariance(), c.covariance.flat(), {rtol: 1e-4, atol: 1e-6}, `${d.name} covariance`);
          assertClose(t, d.variance(), c.covariance.map((row, i) => row[i]), {rtol: 1e-4, atol: 1e-7});
        });
        d.dispose();
      }
      scale.dispose();
    });
  }
});

test('MultivariateNormalDiag equals an Independent Normal', (t) => {
  assertNoLeak(t, () => {
    const loc = [[0, 1, -2], [3, 0.5, 1]];
    const scaleDiag = [0.5, 2, 1.5];
    const mvn = new MultivariateNormalDiag({loc, scaleDiag});
    const ind = new Independent({distribution: new Normal({loc, scale: [[0.5, 2, 1.5]]}), reinterpretedBatchNdims: 1});
    t.deepEqual(mvn.batchShape, [2]);
    tf.tidy(() => {
      const x = tf.randomNormal([4, 2, 3], 0, 2, 'float32', 2);
      assertClose(t, mvn.logProb(x), ind.logProb(x), {rtol: 1e-5, atol: 1e-5});
      assertClose(t, mvn.entropy(), ind.entropy(), {rtol: 1e-6});
      assertClose(t, mvn.stddev(), ind.stddev(), {rtol: 1e-6});
      t.deepEqual(mvn.sample([5], 1).shape, [5, 2, 3]);
      const standard = new MultivariateNormalDiag({loc: [0, 0]});
      assertClose(t, standard.stddev(), [1, 1]);
    });
    mvn.dispose();
    ind.distribution.dispose();
  });
});

test('sample mean and covariance match within Monte Carlo error', (t) => {
  const c = fixture.cases[2];
  const d = new MultivariateNormalTriL({loc: c.loc, scaleTril: c.scaleTril});
  const n = 40000;
  tf.tidy(() => {
    const x = d.sample(n, 17);
    const mean = x.mean(0).dataSync();
    const centred = x.sub(x.mean(0));
    const cov = tf.matMul(centred, centred, true, false).div(n).dataSync();
    for (let i = 0; i < c.d; i++) {
      const se = Math.sqrt(c.covariance[i][i] / n);
      t.true(Math.abs(mean[i] - c.loc[i]) < 5 * se, `mean ${i}`);
      for (let j = 0; j < c.d; j++) {
        // Var of a sample covariance entry: (S_ij^2 + S_ii S_jj) / n.
        const seCov = Math.sqrt((c.covariance[i][j] ** 2 + c.covariance[i][i] * c.covariance[j][j]) / n);
        t.true(Math.abs(cov[i * c.d + j] - c.covariance[i][j]) < 5 * seCov, `cov ${i},${j}`);
      }
    }
  });
  d.dispose();
});

test('KL between MVNs matches the dense numpy formula, and is zero for equal arguments', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const a = new MultivariateNormalTriL({loc: c.locA, scaleTril: c.trilA});
      const b = new MultivariateNormalTriL({loc: c.locB, scaleTril: c.trilB});
      const bFull = new MultivariateNormalFullCovariance({
        loc: c.locB,
        covarianceMatrix: tf.tidy(() => tf.matMul(tf.tensor2d(c.trilB), tf.tensor2d(c.trilB), false, true).arraySync()),
      });
      tf.tidy(() => {
        assertClose(t, klDivergence(a, b), c.kl, {rtol: 2e-4, atol: 2e-5}, `d=${c.d}`);
        assertClose(t, klDivergence(a, bFull), c.kl, {rtol: 2e-4, atol: 2e-5}, `full d=${c.d}`);
        assertClose(t, klDivergence(a, a), 0, {atol: 2e-5});
      });
      [a, b, bFull].forEach((x) => x.dispose());
    });
  }
});

test('logProb gradients match the analytic ones: d/dx = -S^-T S^-1 (x - loc)', (t) => {
  const c = fixture.cases[1];
  const x = tf.tensor1d(c.x[0]);
  const g = tf.grad((v: tf.Tensor) => new MultivariateNormalTriL({loc: c.loc, scaleTril: c.scaleTril}).logProb(v))(x);
  // The 2 x 2 covariance inverted in float64 by hand.
  const [[p, q], [r, s]] = c.covariance;
  const det = p * s - q * r;
  const inv = [[s / det, -q / det], [-r / det, p / det]];
  const diff = c.x[0].map((v, i) => v - c.loc[i]);
  const expected = [-(inv[0][0] * diff[0] + inv[0][1] * diff[1]), -(inv[1][0] * diff[0] + inv[1][1] * diff[1])];
  assertClose(t, g, expected, {rtol: 1e-3, atol: 1e-4});
  tf.dispose([x, g]);
});

test('bad parameters are named', (t) => {
  t.throws(() => new MultivariateNormalTriL({loc: [0, 0], scaleTril: [[1, 0], [2, 0]]}), {
    message: /MultivariateNormalTriL: parameter 'scaleTril' must be a non-singular lower-triangular factor .*received diagonal entry 0 at flat index 1/,
  });
  t.throws(() => new MultivariateNormalTriL({loc: [0, 0, 0], scaleTril: [[1, 0], [2, 1]]}), {
    message: /'loc' has event size 3 .*but 'scale' is 2 x 2/,
  });
  t.throws(() => new MultivariateNormalTriL({scaleTril: [1, 2]}), {message: /'scaleTril' must have shape batchShape \+ \[d, d\]; received shape \[2\]/});
  t.throws(() => new MultivariateNormalFullCovariance({covarianceMatrix: [[1, 2], [2, 1]]}), {
    message: /'covarianceMatrix' must be symmetric positive definite; its Cholesky factorisation failed/,
  });
  t.throws(() => new MultivariateNormalFullCovariance({covarianceMatrix: [[2, 1], [0, 2]]}), {message: /it is not symmetric/});
  t.throws(() => new MultivariateNormalDiag({loc: [0, 1], scaleDiag: [1, -1]}), {message: /'scaleDiag' must be positive; received -1 at flat index 1/});
  t.throws(() => new MultivariateNormalDiag({}), {message: /give 'loc', 'scaleDiag' or both/});
});
