import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Categorical} from './categorical';
import {Distribution} from './distribution';
import {Exponential} from './exponential';
import {JointDistributionNamed} from './joint_distribution_named';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {Normal} from './normal';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const normalLogPdf = (x: number, loc: number, scale: number) =>
  -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

/**
 * scale ~ Exponential(2); loc ~ N(1, 3); y | loc, scale ~ N(loc, scale); z | y ~ N(2 y, 1), with y's
 * function destructured and z's plain, and y listed before loc (sorted by dependencies).
 */
function model(): {jd: JointDistributionNamed; fixed: Distribution[]} {
  const scale = new Exponential({rate: 2});
  const loc = new Normal({loc: 1, scale: 3});
  const jd = new JointDistributionNamed({
    model: {
      scale,
      y: ({loc: mean, scale: s}: {loc: tf.Tensor; scale: tf.Tensor}) => new Normal({loc: mean, scale: s}),
      loc,
      z: (y: tf.Tensor) => new Normal({loc: tf.mul(2, y), scale: 1}),
    },
  });
  return {jd, fixed: [scale, loc]};
}

// Tolerances: float32 log-densities of size < 20 (rtol 1e-5, atol 1e-5).
test('logProb is the sum of the parts computed by hand; parts keep the model keys', (t) => {
  const {jd, fixed} = model();
  t.deepEqual(jd.resolveGraph(), [['scale', []], ['loc', []], ['y', ['loc', 'scale']], ['z', ['y']]]);
  const points = [{scale: 0.7, y: 1.4, loc: 0.2, z: 3}, {scale: 2.5, y: -3, loc: -1, z: -5.5}];
  assertNoLeak(t, () => {
    for (const v of points) {
      const expected = {
        scale: Math.log(2) - 2 * v.scale,
        y: normalLogPdf(v.y, v.loc, v.scale),
        loc: normalLogPdf(v.loc, 1, 3),
        z: normalLogPdf(v.z, 2 * v.y, 1),
      };
      tf.tidy(() => {
        const parts = jd.logProbParts(v);
        t.deepEqual(Object.keys(parts), ['scale', 'y', 'loc', 'z']);
        for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
          assertClose(t, parts[key], expected[key], {rtol: 1e-5, atol: 1e-5}, `${key} at ${JSON.stringify(v)}`);
        }
        const total = expected.scale + expected.y + expected.loc + expected.z;
        assertClose(t, jd.logProb(v), total, {rtol: 1e-5, atol: 1e-5});
        assertClose(t, jd.prob(v), Math.exp(total), {rtol: 1e-4});
      });
    }
  });
  fixed.forEach((d) => d.dispose());
});

test('samples are objects with the model keys; dependencies are wired by name', (t) => {
  const {jd, fixed} = model();
  assertNoLeak(t, () => {
    t.deepEqual(jd.batchShape, {scale: [], y: [], loc: [], z: []});
    t.deepEqual(jd.eventShape, {scale: [], y: [], loc: [], z: []});
    const n = 20000;
    const s = jd.sample(n, 5);
    t.deepEqual(Object.keys(s), ['scale', 'y', 'loc', 'z']);
    Object.values(s).forEach((x) => t.deepEqual(x.shape, [n]));
    tf.tidy(() => {
      // (y - loc) / scale ~ N(0, 1) and z - 2 y ~ N(0, 1): means within 5 standard errors of 0
      // (se 1/sqrt(n)) and variances within 5 standard errors (sqrt(2/n)) of 1.
      for (const [label, r] of [
        ['y', tf.div(tf.sub(s.y, s.loc), s.scale)],
        ['z', tf.sub(s.z, tf.mul(2, s.y))],
      ] as [string, tf.Tensor][]) {
        const mean = tf.mean(r).dataSync()[0];
        const variance = tf.mean(tf.square(tf.sub(r, mean))).dataSync()[0];
        t.true(Math.abs(mean) < 5 / Math.sqrt(n), `${label} residual mean ${mean}`);
        t.true(Math.abs(variance - 1) < 5 * Math.sqrt(2 / n), `${label} residual variance ${variance}`);
      }
      // scale ~ Exponential(2): mean 1/2, se 1/(2 sqrt(n)).
      t.true(Math.abs(tf.mean(s.scale).dataSync()[0] - 0.5) < 5 / (2 * Math.sqrt(n)));
    });
    tf.dispose(Object.values(s));
    const again = jd.sample([2, 3], 9);
    const same = jd.sample([2, 3], 9);
    for (const key of Object.keys(again)) {
      t.deepEqual(again[key].shape, [2, 3]);
      assertClose(t, again[key], same[key], {rtol: 0, atol: 0}, `seeded ${key}`);
    }
    tf.dispose([...Object.values(again), ...Object.values(same)]);
  });
  fixed.forEach((d) => d.dispose());
});

test('sampleDistributions, structured shapes and dtypes with vector and integer parts', (t) => {
  const mvn = new MultivariateNormalDiag({loc: [[0, 1], [2, 3]], scaleDiag: [1, 1]});
  const jd = new JointDistributionNamed({
    model: {
      w: mvn,
      k: ({w}: {w: tf.Tensor}) => new Categorical({logits: w}),
      u: (k: tf.Tensor, w: tf.Tensor) => new Normal({loc: tf.add(tf.cast(k, 'float32'), tf.sum(w, -1)), scale: 0.1}),
    },
  });
  assertNoLeak(t, () => {
    t.deepEqual(jd.batchShape, {w: [2], k: [2], u: [2]});
    t.deepEqual(jd.eventShape, {w: [2], k: [], u: []});
    t.deepEqual(jd.dtype, {w: 'float32', k: 'int32', u: 'float32'});
    const result = jd.sampleDistributions([5], 3);
    t.is(result.distributions.w, mvn);
    t.deepEqual(result.values.w.shape, [5, 2, 2]);
    t.deepEqual(result.values.k.shape, [5, 2]);
    t.is(result.values.k.dtype, 'int32');
    tf.tidy(() => {
      const expectedLoc = tf.add(tf.cast(result.values.k, 'float32'), tf.sum(result.values.w, -1));
      assertClose(t, result.distributions.u.mean(), expectedLoc, {rtol: 1e-6, atol: 1e-6});
      const lp = jd.logProb(result.values);
      t.deepEqual(lp.shape, [5, 2]);
      const parts = jd.logProbParts(result.values);
      assertClose(t, lp, tf.add(tf.add(parts.w, parts.k), parts.u), {rtol: 1e-6, atol: 1e-6});
    });
    result.dispose();
  });
  mvn.dispose();
});

test('bad models and values give errors naming the part and what was expected', (t) => {
  const n = new Normal({loc: 0, scale: 1});
  t.throws(() => new JointDistributionNamed({model: {}}), {message: /JointDistributionNamed: 'model' must be a non-empty object/});
  t.throws(() => new JointDistributionNamed({model: {a: n, b: ({c}: {c: tf.Tensor}) => new Normal({loc: c, scale: 1})}}), {
    message: /JointDistributionNamed: model\.b depends on 'c', which is not a part of the model \(parts: a, b\)/,
  });
  t.throws(() => new JointDistributionNamed({model: {b: (b: tf.Tensor) => new Normal({loc: b, scale: 1})}}), {
    message: /model\.b depends on 'b', itself/,
  });
  t.throws(
    () =>
      new JointDistributionNamed({
        model: {a: (b: tf.Tensor) => new Normal({loc: b, scale: 1}), b: ({a}: {a: tf.Tensor}) => new Normal({loc: a, scale: 1})},
      }),
    {message: /JointDistributionNamed: the model's dependencies form a cycle among a, b/},
  );
  t.throws(() => new JointDistributionNamed({model: {a: n, b: (...xs: tf.Tensor[]) => new Normal({loc: xs[0], scale: 1})}}), {
    message: /cannot read the parameter names of model\.b: rest parameter/,
  });
  t.throws(() => new JointDistributionNamed({model: {a: 'n' as unknown as Distribution}}), {
    message: /model\.a must be a Distribution or a function returning one; received n/,
  });
  const jd = new JointDistributionNamed({model: {a: n, b: (a: tf.Tensor) => new Normal({loc: a, scale: 1})}});
  t.throws(() => jd.logProb({a: 1}), {message: /values must have exactly the parts a, b; received a \(missing b\)/});
  t.throws(() => jd.logProb({a: 1, b: 2, c: 3}), {message: /received a, b, c \(unknown c\)/});
  t.throws(() => jd.logProb([1, 2] as unknown as Record<string, number>), {message: /values must be an object with one value per part \(a, b\)/});
  n.dispose();
});
