import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Distribution} from './distribution';
import {Exponential} from './exponential';
import {CoroutineGenerator, JointDistributionCoroutine, Root} from './joint_distribution_coroutine';
import {JointDistributionSequential} from './joint_distribution_sequential';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {Normal} from './normal';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const normalLogPdf = (x: number, loc: number, scale: number) =>
  -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

/** mu ~ N(0, 5); x | mu ~ N(mu, 1); z | x, mu ~ N(x - 2 mu, 0.5), as a generator. */
function model(): JointDistributionCoroutine {
  return new JointDistributionCoroutine({
    name: 'M',
    model: function* (): CoroutineGenerator {
      const mu = yield Root(new Normal({loc: 0, scale: 5}));
      const x = yield new Normal({loc: mu, scale: 1});
      yield new Normal({loc: tf.sub(x, tf.mul(2, mu)), scale: 0.5});
    },
  });
}

// Tolerances: float32 log-densities of size < 30 (rtol 1e-5, atol 1e-5).
test('logProb is the sum of the parts, each built from the values yielded back', (t) => {
  const jd = model();
  const points = [[0.3, -1.2, 2.5], [-2, 1, -0.5], [4, 3.5, -4]];
  assertNoLeak(t, () => {
    for (const [mu, x, z] of points) {
      const parts = [normalLogPdf(mu, 0, 5), normalLogPdf(x, mu, 1), normalLogPdf(z, x - 2 * mu, 0.5)];
      tf.tidy(() => {
        const got = jd.logProbParts([mu, x, z]);
        t.is(got.length, 3);
        got.forEach((lp, i) => assertClose(t, lp, parts[i], {rtol: 1e-5, atol: 1e-5}, `part ${i} at ${[mu, x, z]}`));
        assertClose(t, jd.logProb([mu, x, z]), parts[0] + parts[1] + parts[2], {rtol: 1e-5, atol: 1e-5});
      });
    }
    // Values with a leading dim of 3 (e.g. chains) give 3 log-densities.
    tf.tidy(() => {
      const columns = [0, 1, 2].map((i) => tf.tensor1d(points.map((p) => p[i])));
      const expected = points.map(([mu, x, z]) => normalLogPdf(mu, 0, 5) + normalLogPdf(x, mu, 1) + normalLogPdf(z, x - 2 * mu, 0.5));
      assertClose(t, jd.logProb(columns), expected, {rtol: 1e-5, atol: 1e-5});
    });
  });
});

test('Root parts take the sample shape; the draws equal the Sequential model with the same seed', (t) => {
  const jd = model();
  const root = new Normal({loc: 0, scale: 5});
  // The same name salts both seed streams alike.
  const seq = new JointDistributionSequential({
    name: 'M',
    model: [root, (mu) => new Normal({loc: mu, scale: 1}), (x, mu) => new Normal({loc: tf.sub(x, tf.mul(2, mu)), scale: 0.5})],
  });
  assertNoLeak(t, () => {
    t.deepEqual(jd.batchShape, [[], [], []]);
    t.deepEqual(jd.eventShape, [[], [], []]);
    t.deepEqual(jd.dtype, ['float32', 'float32', 'float32']);
    const a = jd.sample([4, 3], 21);
    t.deepEqual(a.map((v) => v.shape), [[4, 3], [4, 3], [4, 3]]);
    const b = seq.sample([4, 3], 21);
    a.forEach((v, i) => assertClose(t, v, b[i], {rtol: 0, atol: 0}, `part ${i}`));
    const c = jd.sample([4, 3], 21);
    a.forEach((v, i) => assertClose(t, v, c[i], {rtol: 0, atol: 0}, `seeded part ${i}`));
    tf.dispose([...a, ...b, ...c]);
  });
  root.dispose();
});

test('sampled dependencies: residuals have the conditional moments', (t) => {
  const jd = model();
  assertNoLeak(t, () => {
    const n = 20000;
    const [mu, x, z] = jd.sample(n, 5);
    tf.tidy(() => {
      // x - mu ~ N(0, 1), z - (x - 2 mu) ~ N(0, 0.25): means within 5 standard errors, variances within
      // 5 standard errors (sqrt(2/n) var); mu ~ N(0, 25).
      for (const [label, r, v] of [
        ['mu', mu, 25],
        ['x', tf.sub(x, mu), 1],
        ['z', tf.sub(z, tf.sub(x, tf.mul(2, mu))), 0.25],
      ] as [string, tf.Tensor, number][]) {
        const m = tf.mean(r).dataSync()[0];
        const s2 = tf.mean(tf.square(tf.sub(r, m))).dataSync()[0];
        t.true(Math.abs(m) < 5 * Math.sqrt(v / n), `${label} mean ${m}`);
        t.true(Math.abs(s2 - v) < 5 * v * Math.sqrt(2 / n), `${label} variance ${s2} vs ${v}`);
      }
    });
    tf.dispose([mu, x, z]);
  });
});

test('vector parts, several roots and sampleDistributions', (t) => {
  const jd = new JointDistributionCoroutine({
    model: function* (): CoroutineGenerator {
      const w = yield Root(new MultivariateNormalDiag({loc: [0, 1, 2], scaleDiag: [1, 1, 1]}));
      const s = yield Root(new Exponential({rate: 1}));
      yield new Normal({loc: tf.sum(w, -1), scale: s});
    },
  });
  assertNoLeak(t, () => {
    t.deepEqual(jd.eventShape, [[3], [], []]);
    const [w, s, y] = jd.sample([5], 2);
    t.deepEqual([w.shape, s.shape, y.shape], [[5, 3], [5], [5]]);
    tf.tidy(() => {
      const lp = jd.logProb([w, s, y]);
      t.deepEqual(lp.shape, [5]);
      const parts = jd.logProbParts([w, s, y]);
      assertClose(t, lp, tf.addN(parts), {rtol: 1e-6, atol: 1e-5});
    });
    tf.dispose([w, s, y]);
    const result = jd.sampleDistributions([2], 3);
    t.deepEqual(result.distributions.map((d) => d.batchShape), [[], [], [2]]);
    tf.tidy(() => assertClose(t, result.distributions[2].mean(), tf.sum(result.values[0], -1), {rtol: 1e-6, atol: 1e-6}));
    result.dispose();
  });
});

test('bad models and values give errors naming the yield and what was expected', (t) => {
  t.throws(() => new JointDistributionCoroutine({model: 3 as unknown as () => CoroutineGenerator}), {
    message: /JointDistributionCoroutine: 'model' must be a generator function/,
  });
  t.throws(() => Root(5 as unknown as Distribution), {message: /Root: expected a Distribution; received 5/});
  const notGenerator = new JointDistributionCoroutine({model: (() => 7) as unknown as () => CoroutineGenerator});
  t.throws(() => notGenerator.sample(), {message: /calling it returned 7/});
  const bad = new JointDistributionCoroutine({
    model: function* (): CoroutineGenerator {
      const mu = yield Root(new Normal({loc: 0, scale: 1}));
      yield tf.add(mu, 1) as unknown as Distribution;
    },
  });
  assertNoLeak(t, () => {
    t.throws(() => bad.sample(), {message: /JointDistributionCoroutine: the model's yield #1 yielded a tensor of shape \[\]; expected a Distribution or Root\(distribution\)/});
    t.throws(() => bad.logProb([0, 1]), {message: /yield #1 yielded/});
  });
  const noRoot = new JointDistributionCoroutine({
    model: function* (): CoroutineGenerator {
      yield new Normal({loc: 0, scale: 1});
    },
  });
  assertNoLeak(t, () => {
    t.throws(() => noRoot.sample([3]), {message: /sample shape \[3\] needs the first yielded distribution wrapped in Root/});
    const one = noRoot.sample();
    t.deepEqual(one[0].shape, []);
    tf.dispose(one);
  });
  const empty = new JointDistributionCoroutine({model: function* (): CoroutineGenerator {}});
  t.throws(() => empty.sample(), {message: /the model yielded no distributions/});
  const jd = model();
  t.throws(() => jd.logProb([1, 2]), {message: /M: values must be an array with one value per yielded distribution \(3\); received an array of 2/});
  t.throws(() => jd.resolveGraph(), {message: /resolveGraph is not available for a generator model/});
});
