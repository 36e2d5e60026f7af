import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {WishartTriL} from './wishart_tril';
import {loadFixtureNonFinite} from './internal/discrete_testing';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';

interface WishartCase {
  dimension: number;
  df: number;
  scaleTril: number[][];
  x: number[][][];
  cholesky: number[][][];
  logProb: number[];
  choleskyLogProb: number[];
  entropy: number;
  mean: number[][];
  mode: number[][];
  variance: number[][];
  gradDf: number;
  gradScaleTril: number[][];
}
const fixture = loadFixtureNonFinite<{cases: WishartCase[]}>('wishart');

test.before(async () => {
  await init();
});

// Tolerances: the Cholesky factor and the triangular solve run in float64 kernels on float32 inputs,
// so log-densities of size < 30 are float32 sums of a few terms: rtol 1e-5, atol 1e-5 (1e-4 for
// the entropy's lgamma/digamma terms at df/2 = 15).
test('logProb, entropy, mean, mode and variance match scipy.stats.wishart', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const label = `d=${c.dimension} df=${c.df}`;
      const d = new WishartTriL({df: c.df, scaleTril: c.scaleTril});
      const chol = new WishartTriL({df: c.df, scaleTril: c.scaleTril, inputOutputCholesky: true});
      t.deepEqual(d.eventShape, [c.dimension, c.dimension]);
      t.deepEqual(d.batchShape, []);
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logProb, {rtol: 1e-5, atol: 1e-5}, `logProb ${label}`);
        assertClose(t, chol.logProb(c.cholesky), c.choleskyLogProb, {rtol: 1e-5, atol: 1e-5}, `logProb(Cholesky) ${label}`);
        assertClose(t, d.entropy(), c.entropy, {rtol: 1e-5, atol: 1e-4}, `entropy ${label}`);
        assertClose(t, d.mean(), c.mean.flat(), {rtol: 1e-5, atol: 1e-6}, `mean ${label}`);
        assertClose(t, d.variance(), c.variance.flat(), {rtol: 1e-5, atol: 1e-6}, `variance ${label}`);
        assertClose(t, d.mode(), c.mode.flat(), {rtol: 1e-5, atol: 1e-6}, `mode ${label}`);
      });
      d.dispose();
      chol.dispose();
    });
  }
});

test('sample means are df S S^T within Monte Carlo error; samples are symmetric positive definite', (t) => {
  for (const c of fixture.cases.filter((k) => [2, 3].includes(k.dimension))) {
    const d = new WishartTriL({df: c.df, scaleTril: c.scaleTril});
    const chol = new WishartTriL({df: c.df, scaleTril: c.scaleTril, inputOutputCholesky: true});
    assertNoLeak(t, () => {
      // Sample means and variances of every entry within 5 Monte Carlo standard errors
      // (sqrt(Var / n) and sqrt((m4 - Var^2) / n)) of df S and df (S_ij^2 + S_ii S_jj).
      assertSampleMoments(t, d, {n: 20000, seed: 3 + c.dimension});
      tf.tidy(() => {
        const x = d.sample(4, 3 + c.dimension);
        t.deepEqual(x.shape, [4, c.dimension, c.dimension]);
        const first = (x.arraySync() as number[][][])[0];
        for (let i = 0; i < c.dimension; i++) for (let j = 0; j < i; j++) t.is(first[i][j], first[j][i]);
        // The same seed gives the Cholesky factor of the same matrix.
        const l = chol.sample(4, 3 + c.dimension);
        assertClose(t, tf.matMul(l, l, false, true), x, {rtol: 1e-5, atol: 1e-5});
        const factor = (l.arraySync() as number[][][])[0];
        for (let i = 0; i < c.dimension; i++) t.true(factor[i][i] > 0, 'positive diagonal');
      });
    });
    d.dispose();
    chol.dispose();
  }
});

test('batches of df and scale broadcast; seeds reproduce samples', (t) => {
  assertNoLeak(t, () => {
    const d = new WishartTriL({df: [[3], [4], [7]], scaleTril: [[[1, 0], [0.5, 2]], [[2, 0], [0, 1]]]});
    t.deepEqual(d.batchShape, [3, 2]);
    tf.tidy(() => {
      t.deepEqual(d.sample([5], 1).shape, [5, 3, 2, 2, 2]);
      t.deepEqual(d.logProb(tf.eye(2)).shape, [3, 2]);
      t.deepEqual(d.mean().shape, [3, 2, 2, 2]);
      t.deepEqual(d.entropy().shape, [3, 2]);
      assertClose(t, d.sample(2, 9), d.sample(2, 9), {rtol: 0, atol: 0});
      t.notDeepEqual(Array.from(d.sample(2, 9).dataSync()), Array.from(d.sample(2, 10).dataSync()));
    });
    d.dispose();
  });
});

test('logProb gradients in df and scaleTril match central differences of scipy', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const df = tf.scalar(c.df);
      const scaleTril = tf.tensor(c.scaleTril);
      const [gDf, gTril] = tf.grads((a: tf.Tensor, l: tf.Tensor) => new WishartTriL({df: a, scaleTril: l}).logProb(c.x[0]))([df, scaleTril]);
      // float32 lgamma/digamma and a float32 solve: rtol 1e-4 on gradients of size up to ~100.
      assertClose(t, gDf, c.gradDf, {rtol: 1e-4, atol: 1e-4}, `d/ddf d=${c.dimension} df=${c.df}`);
      assertClose(t, gTril, c.gradScaleTril.flat(), {rtol: 1e-4, atol: 1e-4}, `d/dscaleTril d=${c.dimension} df=${c.df}`);
      tf.dispose([df, scaleTril, gDf, gTril]);
    });
  }
});

test('samples are reparameterized: pathwise gradients of E[X] = df L L^T', (t) => {
  // df and L tiled over n batch members give one draw each, so gradient entries are per-draw
  // pathwise gradients; their means must be within 5 standard errors of dE[X_00]/ddf = S_00 = L_00^2
  // and dE[X_11]/dL_11 = 2 df L_11 (the other entries of L fixed).
  const n = 20000;
  const df = tf.fill([n], 4.5);
  const scaleTril = tf.tile(tf.tensor3d([[[1.5, 0], [0.4, 0.8]]]), [n, 1, 1]);
  assertNoLeak(t, () => {
    const [gDf] = tf.grads((a: tf.Tensor) => tf.sum(tf.slice(new WishartTriL({df: a, scaleTril}).sample([], 8), [0, 0, 0], [n, 1, 1])))([df]);
    const [gTril] = tf.grads((l: tf.Tensor) => tf.sum(tf.slice(new WishartTriL({df, scaleTril: l}).sample([], 8), [0, 1, 1], [n, 1, 1])))([scaleTril]);
    const check = (values: number[], expected: number, label: string) => {
      const mean = values.reduce((a, b) => a + b) / n;
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      t.true(Math.abs(mean - expected) < (5 * sd) / Math.sqrt(n), `${label}: ${mean} vs ${expected} (se ${sd / Math.sqrt(n)})`);
    };
    check(Array.from(gDf.dataSync()), 1.5 ** 2, 'dE[X_00]/ddf');
    const g = gTril.dataSync();
    check(Array.from({length: n}, (_, i) => g[i * 4 + 3]), 2 * 4.5 * 0.8, 'dE[X_11]/dL_11');
    tf.dispose([gDf, gTril]);
  });
  tf.dispose([df, scaleTril]);
});

test('logProb gradient in X matches the analytic (df - d - 1)/2 X^-1 - S^-1 / 2', (t) => {
  // d/dX log p = (df - d - 1)/2 X^-1 - S^-1 / 2 =: G; on the diagonal, which the Cholesky reads
  // once, the gradient is G_ii (diagonal S and X here, so G_ii = (df - 3)/(2 X_ii) - 1/(2 S_ii)).
  const d = new WishartTriL({df: 5, scaleTril: [[2, 0], [0, 0.5]]});
  const x = tf.tensor2d([[3, 0], [0, 0.4]]);
  const g = tf.grad((v: tf.Tensor) => d.logProb(v))(x);
  const expected = [(5 - 3) / 2 / 3 - 1 / (2 * 4), 0, 0, (5 - 3) / 2 / 0.4 - 1 / (2 * 0.25)];
  const gv = g.dataSync();
  assertClose(t, [gv[0], gv[3]], [expected[0], expected[3]], {rtol: 1e-4});
  tf.dispose([x, g]);
  d.dispose();
});

test('bad inputs give errors naming WishartTriL and what was expected', (t) => {
  t.throws(() => new WishartTriL({df: 1.5, scaleTril: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}), {
    message: /WishartTriL: parameter 'df' must be greater than dimension - 1 = 2; received 1\.5/,
  });
  t.throws(() => new WishartTriL({df: [3, 0.5], scaleTril: [[1, 0], [0, 1]]}), {message: /received 0\.5 at flat index 1/});
  t.throws(() => new WishartTriL({df: 3, scaleTril: [[1, 0], [0, 0]]}), {
    message: /WishartTriL: parameter 'scaleTril' must be a non-singular lower-triangular factor/,
  });
  t.throws(() => new WishartTriL({df: 3, scaleTril: [1, 2]}), {message: /'scaleTril' must have shape batchShape \+ \[d, d\]; received shape \[2\]/});
  const d = new WishartTriL({df: 3, scaleTril: [[1, 0], [0, 1]]});
  t.throws(() => d.logProb([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), {message: /WishartTriL: input must have shape \[\.\.\., 2, 2\]; received \[3,3\]/});
  const strict = new WishartTriL({df: 2.5, scaleTril: [[1, 0], [0, 1]], allowNanStats: false});
  t.throws(() => strict.mode(), {message: /WishartTriL: mode is undefined for some batch members/});
  [d, strict].forEach((x) => x.dispose());
});
