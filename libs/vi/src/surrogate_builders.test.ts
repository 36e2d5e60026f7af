import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Softplus} from '@tfjs-probability/bijectors';
import {buildFactoredSurrogatePosterior} from './build_factored_surrogate_posterior';
import {buildAffineSurrogatePosterior} from './build_affine_surrogate_posterior';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const normalLogPdf = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - LOG_SQRT_2PI;

test('factored surrogate: TFP defaults (loc ~ U(-2, 2), scale 1e-2), seeded, sample shapes, logProb = sum of normal log densities', (t) => {
  assertNoLeak(t, () => {
    const q = buildFactoredSurrogatePosterior({eventShape: [3], seed: 4});
    const again = buildFactoredSurrogatePosterior({eventShape: [3], seed: 4});
    const other = buildFactoredSurrogatePosterior({eventShape: [3], seed: 5});
    t.deepEqual(q.eventShape, [3]);
    t.deepEqual(q.batchShape, []);
    t.deepEqual(q.trainableVariables.map((v) => v.shape), [[3], [3]]);
    const loc = Array.from(q.trainableVariables[0].dataSync());
    t.true(loc.every((v) => v >= -2 && v <= 2), `initial loc ${loc}`);
    t.deepEqual(Array.from(again.trainableVariables[0].dataSync()), loc, 'same seed, same start');
    t.notDeepEqual(Array.from(other.trainableVariables[0].dataSync()), loc, 'another seed, another start');
    const sd = q.stddev();
    assertClose(t, sd.dataSync(), [0.01, 0.01, 0.01], {rtol: 1e-5}, 'initial scale');
    const x = q.sample(5, 1);
    t.deepEqual(x.shape, [5, 3]);
    const lp = q.logProb(x);
    const xs = x.arraySync() as number[][];
    const expected = xs.map((row) => row.reduce((a, v, i) => a + normalLogPdf(v, loc[i], 0.01), 0));
    // log densities ~ 10 in magnitude; float32 relative 1e-6 plus the scale's float32 rounding.
    assertClose(t, lp.dataSync(), expected, {rtol: 1e-4, atol: 1e-3}, 'logProb');
    tf.dispose([sd, x, lp]);
    for (const d of [q, again, other]) d.dispose();
  });
});

test('factored surrogate with a constraining bijector: positive samples, change-of-variables log density', (t) => {
  assertNoLeak(t, () => {
    const q = buildFactoredSurrogatePosterior({eventShape: [2], bijector: new Softplus(), initialUnconstrainedLoc: [0.5, -1], initialUnconstrainedScale: 0.7});
    const y = q.sample(50, 3);
    t.true(Array.from(y.dataSync()).every((v) => v > 0), 'samples in (0, inf)');
    const yv = [0.4, 2.5];
    const lp = q.logProb(yv);
    // x = softplus^-1(y) = log(expm1(y)); log|dx/dy| = -log(1 - exp(-y)).
    const expected = yv.reduce((a, v, i) => a + normalLogPdf(Math.log(Math.expm1(v)), [0.5, -1][i], 0.7) - Math.log1p(-Math.exp(-v)), 0);
    assertClose(t, lp.dataSync(), [expected], {rtol: 1e-5}, 'logProb');
    tf.dispose([y, lp]);
    q.dispose();
  });
});

test('affine tril surrogate over a [2, 3] event: loc [6], L of 21 entries starting at 1e-2 I; reshaped samples; density', (t) => {
  assertNoLeak(t, () => {
    const q = buildAffineSurrogatePosterior({eventShape: [2, 3], operators: 'tril', seed: 9});
    t.deepEqual(q.trainableVariables.map((v) => v.shape), [[6], [21]]);
    t.deepEqual(q.eventShape, [2, 3]);
    const x = q.sample([4], 2);
    t.deepEqual(x.shape, [4, 2, 3]);
    const loc = Array.from(q.trainableVariables[0].dataSync());
    const lp = q.logProb(x);
    const flat = tf.tidy(() => x.reshape([4, 6]).arraySync() as number[][]);
    const expected = flat.map((row) => row.reduce((a, v, i) => a + normalLogPdf(v, loc[i], 0.01), 0));
    assertClose(t, lp.dataSync(), expected, {rtol: 1e-4, atol: 2e-3}, 'logProb at L = 1e-2 I');
    const batched = buildAffineSurrogatePosterior({eventShape: [2], operators: 'tril', batchShape: [3], seed: 1});
    t.deepEqual(batched.batchShape, [3]);
    const bs = batched.sample(5, 1);
    t.deepEqual(bs.shape, [5, 3, 2]);
    tf.dispose([x, lp, bs]);
    q.dispose();
    batched.dispose();
  });
});

test('structured surrogates (object and array): parts, shapes, bijectors and the joint log density', (t) => {
  assertNoLeak(t, () => {
    const q = buildFactoredSurrogatePosterior({
      eventShape: {mu: [], sigma: [2]},
      bijector: {sigma: new Exp()},
      initialUnconstrainedLoc: {mu: 0.3, sigma: [0, 1]},
      initialUnconstrainedScale: 0.5,
    });
    t.deepEqual(q.eventShape, {mu: [], sigma: [2]});
    const s = q.sample(6, 2);
    t.deepEqual(s.mu.shape, [6]);
    t.deepEqual(s.sigma.shape, [6, 2]);
    t.true(Array.from(s.sigma.dataSync()).every((v) => v > 0));
    const lp = tf.tidy(() => q.logProb({mu: tf.scalar(0.1), sigma: tf.tensor1d([0.5, 2])}));
    // mu ~ N(0.3, 0.5); log sigma_i ~ N((0, 1), 0.5), plus log|d log y / dy| = -log y.
    const expected = normalLogPdf(0.1, 0.3, 0.5) + normalLogPdf(Math.log(0.5), 0, 0.5) - Math.log(0.5) + normalLogPdf(Math.log(2), 1, 0.5) - Math.log(2);
    assertClose(t, lp.dataSync(), [expected], {rtol: 1e-5}, 'object logProb');
    tf.dispose([s.mu, s.sigma, lp]);
    q.dispose();

    // Full rank over an array structure: the density is the MVN of the concatenated unconstrained values.
    const a = buildAffineSurrogatePosterior({eventShape: [[], [2]], bijector: [null, new Softplus()], operators: 'tril', seed: 3});
    const [a0, a1] = a.sample(3, 5);
    t.deepEqual([a0.shape, a1.shape], [[3], [3, 2]]);
    const lpa = a.logProb([a0, a1]);
    const ref = tf.tidy(() => {
      const flat = tf.concat([a0.reshape([3, 1]), tf.log(tf.expm1(a1))], 1);
      const ildj = tf.neg(tf.sum(tf.log1p(tf.neg(tf.exp(tf.neg(a1)))), 1));
      return tf.add(a.base.logProb(flat), ildj);
    });
    assertClose(t, lpa.dataSync(), ref.dataSync(), {rtol: 1e-4, atol: 1e-3}, 'array logProb');
    tf.dispose([a0, a1, lpa, ref]);
    a.dispose();
    t.true(a.trainableVariables.every((v) => v.isDisposed), 'dispose frees the variables');
  });
});

test('builders: clear errors for bad event shapes, bijector layouts, operators, scales and initial locations', (t) => {
  const before = tf.memory().numTensors;
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: [-1]}), {message: /buildFactoredSurrogatePosterior: eventShape must be an array of positive integers \(a shape\); received \[-1\]/});
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: 'x' as unknown as number[]}), {message: /eventShape must be a shape, an array of shapes or an object of shapes; received x/});
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: {a: [2]}, bijector: new Exp()}), {message: /bijector must be a structure of the same layout/});
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: {a: [2]}, bijector: {b: new Exp()}}), {message: /bijector has parts \["b"\] that eventShape has not/});
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: {a: [2]}, bijector: {a: 3 as unknown as Exp}}), {message: /bijector\["a"\] is not a Bijector; received 3/});
  t.throws(() => buildAffineSurrogatePosterior({eventShape: [2], operators: 'full' as 'tril'}), {message: /buildAffineSurrogatePosterior: operators must be 'diag' or 'tril'; received full/});
  t.throws(() => buildAffineSurrogatePosterior({eventShape: [2], initialUnconstrainedScale: 0}), {message: /initialUnconstrainedScale must be a finite positive number; received 0/});
  t.throws(() => buildFactoredSurrogatePosterior({eventShape: [2], initialUnconstrainedLoc: [1, 2, 3]}), {
    message: /initialUnconstrainedLoc for part "0" has shape \[3\]; expected a shape broadcastable to \[2\]/,
  });
  t.is(tf.memory().numTensors, before, 'failed builds leave nothing allocated');
});
