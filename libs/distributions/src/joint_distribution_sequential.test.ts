import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Distribution} from './distribution';
import {JointDistributionSequential} from './joint_distribution_sequential';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {Normal} from './normal';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const normalLogPdf = (x: number, loc: number, scale: number) =>
  -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

/**
 * x0 ~ N(0, 1); x1 | x0 ~ N(x0, 2); x2 | x1, x0 ~ N(x1 - 3 x0, 0.5). The last function's arguments
 * arrive most recent first, so swapping them would change every value.
 */
function chain(root: Distribution): JointDistributionSequential {
  return new JointDistributionSequential({
    model: [
      root,
      (x0) => new Normal({loc: x0, scale: 2}),
      (x1, x0) => new Normal({loc: tf.sub(x1, tf.mul(3, x0)), scale: 0.5}),
    ],
  });
}

// Tolerances: float32 log-densities of size < 20 (rtol 1e-5, atol 1e-5).
test('logProb is the sum of the parts, computed by hand with the reverse-order arguments', (t) => {
  const root = new Normal({loc: 0, scale: 1});
  const jd = chain(root);
  const points = [[0.3, -1.2, 2.5], [-2, 1, -0.5], [1.5, 1.5, -3]];
  assertNoLeak(t, () => {
    for (const [x0, x1, x2] of points) {
      const parts = [normalLogPdf(x0, 0, 1), normalLogPdf(x1, x0, 2), normalLogPdf(x2, x1 - 3 * x0, 0.5)];
      tf.tidy(() => {
        const got = jd.logProbParts([x0, x1, x2]);
        t.is(got.length, 3);
        got.forEach((lp, i) => assertClose(t, lp, parts[i], {rtol: 1e-5, atol: 1e-5}, `part ${i} at ${[x0, x1, x2]}`));
        assertClose(t, jd.logProb([x0, x1, x2]), parts[0] + parts[1] + parts[2], {rtol: 1e-5, atol: 1e-5});
        assertClose(t, jd.prob([x0, x1, x2]), Math.exp(parts[0] + parts[1] + parts[2]), {rtol: 1e-4});
      });
    }
    // Vectorised over a batch of points: values of shape [3] give logProb of shape [3].
    tf.tidy(() => {
      const columns = [0, 1, 2].map((i) => tf.tensor1d(points.map((p) => p[i])));
      const expected = points.map(([x0, x1, x2]) => normalLogPdf(x0, 0, 1) + normalLogPdf(x1, x0, 2) + normalLogPdf(x2, x1 - 3 * x0, 0.5));
      assertClose(t, jd.logProb(columns), expected, {rtol: 1e-5, atol: 1e-5});
    });
  });
  root.dispose();
});

test('samples have the sample shape on root parts and follow the dependencies', (t) => {
  const root = new Normal({loc: [1, -1], scale: 1});
  const jd = chain(root);
  assertNoLeak(t, () => {
    t.deepEqual(jd.batchShape, [[2], [2], [2]]);
    t.deepEqual(jd.eventShape, [[], [], []]);
    t.deepEqual(jd.dtype, ['float32', 'float32', 'float32']);
    const n = 20000;
    const [x0, x1, x2] = jd.sample([n], 4);
    t.deepEqual([x0.shape, x1.shape, x2.shape], [[n, 2], [n, 2], [n, 2]]);
    tf.tidy(() => {
      // x1 - x0 ~ N(0, 2) and x2 - (x1 - 3 x0) ~ N(0, 0.5), independent of x0: sample means within
      // 5 standard errors of 0 and sample variances within 5 standard errors (sqrt(2/n) var) of 4, 0.25.
      const r1 = tf.sub(x1, x0);
      const r2 = tf.sub(x2, tf.sub(x1, tf.mul(3, x0)));
      for (const [r, v] of [[r1, 4], [r2, 0.25]] as [tf.Tensor, number][]) {
        const mean = tf.mean(r, 0).dataSync();
        const variance = tf.mean(tf.square(tf.sub(r, tf.mean(r, 0))), 0).dataSync();
        mean.forEach((m) => t.true(Math.abs(m) < 5 * Math.sqrt(v / n), `residual mean ${m}`));
        variance.forEach((s) => t.true(Math.abs(s - v) < 5 * v * Math.sqrt(2 / n), `residual variance ${s} vs ${v}`));
        // Uncorrelated with x0: |corr| < 5 / sqrt(n).
        const c0 = tf.sub(x0, tf.mean(x0, 0));
        const corr = tf.div(tf.mean(tf.mul(c0, tf.sub(r, tf.mean(r, 0))), 0), tf.sqrt(tf.mul(tf.mean(tf.square(c0), 0), variance)));
        corr.dataSync().forEach((c) => t.true(Math.abs(c) < 5 / Math.sqrt(n), `correlation with x0 ${c}`));
      }
    });
    tf.dispose([x0, x1, x2]);
    const small = jd.sample([4, 3], 1);
    t.deepEqual(small.map((x) => x.shape), [[4, 3, 2], [4, 3, 2], [4, 3, 2]]);
    tf.dispose(small);
  });
  root.dispose();
});

test('the same seed gives the same draws, different seeds different ones', (t) => {
  const root = new Normal({loc: 0, scale: 1});
  const jd = chain(root);
  assertNoLeak(t, () => {
    const a = jd.sample(5, 11);
    const b = jd.sample(5, 11);
    const c = jd.sample(5, 12);
    a.forEach((x, i) => assertClose(t, x, b[i], {rtol: 0, atol: 0}, `part ${i}`));
    t.notDeepEqual(Array.from(a[2].dataSync()), Array.from(c[2].dataSync()));
    tf.dispose([...a, ...b, ...c]);
  });
  root.dispose();
});

test('sampleDistributions returns the parts built from the sampled values; dispose frees them', (t) => {
  const root = new Normal({loc: 0, scale: 1});
  const jd = chain(root);
  assertNoLeak(t, () => {
    const {distributions, values, dispose} = jd.sampleDistributions([3], 7);
    t.is(distributions[0], root);
    t.deepEqual(distributions.map((d) => d.batchShape), [[], [3], [3]]);
    tf.tidy(() => {
      assertClose(t, distributions[1].mean(), values[0], {rtol: 0, atol: 0});
      assertClose(t, distributions[2].mean(), tf.sub(values[1], tf.mul(3, values[0])), {rtol: 1e-6, atol: 1e-6});
      // The same seed gives the same values as sample().
      jd.sample([3], 7).forEach((x, i) => assertClose(t, x, values[i], {rtol: 0, atol: 0}));
    });
    dispose();
  });
  t.false(root.loc.isDisposed, 'a distribution given in the model is borrowed');
  root.dispose();
});

test('vector parts, sample shapes and logProb broadcasting', (t) => {
  const jd = new JointDistributionSequential({
    model: [
      new MultivariateNormalDiag({loc: [0, 1, 2], scaleDiag: [1, 1, 1]}),
      (z) => new Normal({loc: tf.sum(z, -1), scale: 1}),
    ],
  });
  assertNoLeak(t, () => {
    t.deepEqual(jd.eventShape, [[3], []]);
    t.deepEqual(jd.batchShape, [[], []]);
    const [z, y] = jd.sample([4, 2], 3);
    t.deepEqual([z.shape, y.shape], [[4, 2, 3], [4, 2]]);
    tf.tidy(() => {
      const lp = jd.logProb([z, y]);
      t.deepEqual(lp.shape, [4, 2]);
      const [l0, l1] = jd.logProbParts([z, y]);
      assertClose(t, lp, tf.add(l0, l1), {rtol: 1e-6, atol: 1e-6});
    });
    tf.dispose([z, y]);
  });
  jd.model.forEach((part) => part instanceof Distribution && part.dispose());
});

test('logProb is differentiable through the model functions', (t) => {
  // d/dx0 of log N(x1; x0, 2) + log N(x2; x1 - 3 x0, 0.5) + log N(x0; 0, 1).
  const root = new Normal({loc: 0, scale: 1});
  const jd = chain(root);
  const [x0, x1, x2] = [0.4, -0.3, 1.1];
  const g = tf.grad((v: tf.Tensor) => jd.logProb([v, x1, x2]))(tf.scalar(x0));
  const m2 = x1 - 3 * x0;
  const expected = -x0 + (x1 - x0) / 4 + (-3 * (x2 - m2)) / 0.25;
  assertClose(t, g, expected, {rtol: 1e-5});
  g.dispose();
  root.dispose();
});

test('bad models and values give errors naming the part and what was expected', (t) => {
  const n = new Normal({loc: 0, scale: 1});
  t.throws(() => new JointDistributionSequential({model: []}), {message: /JointDistributionSequential: 'model' must be a non-empty array/});
  t.throws(() => new JointDistributionSequential({model: [n, (a: tf.Tensor, b: tf.Tensor) => new Normal({loc: tf.add(a, b), scale: 1})]}), {
    message: /JointDistributionSequential: model\[1\] takes 2 arguments \(the previous values, most recent first\) but only 1 parts precede it/,
  });
  t.throws(() => new JointDistributionSequential({model: [n, 3 as unknown as Distribution]}), {
    message: /model\[1\] must be a Distribution or a function returning one; received 3/,
  });
  const jd = new JointDistributionSequential({model: [n, (() => 'not a distribution') as unknown as () => Distribution]});
  assertNoLeak(t, () => {
    t.throws(() => jd.sample(), {message: /JointDistributionSequential: model\[1\] returned not a distribution; expected a Distribution/});
  });
  const ok = new JointDistributionSequential({model: [n, (x: tf.Tensor) => new Normal({loc: x, scale: 1})]});
  t.throws(() => ok.logProb([1]), {message: /values must be an array with one value per part \(2\); received an array of 1/});
  n.dispose();
});
