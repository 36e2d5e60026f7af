import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from '../normal';
import {assertClose, assertNoLeak} from '../internal/testing';
import * as ed from './index';

test.before(async () => {
  await init();
});

const normalLogPdf = (x: number, loc: number, scale: number) =>
  -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);

/** Linear regression: w ~ N(0, 1); b ~ N(0, 10); noise ~ HalfNormal(2); y_i ~ N(w x_i + b, noise). */
function regression(x: number[]): ed.RandomVariable {
  const w = ed.Normal({loc: 0, scale: 1, name: 'w'});
  const b = ed.Normal({loc: 0, scale: 10, name: 'b'});
  const noise = ed.HalfNormal({scale: 2, name: 'noise'});
  const loc = tf.add(tf.mul(tf.expandDims(w.value, -1), x), tf.expandDims(b.value, -1));
  return ed.Independent({
    distribution: new Normal({loc, scale: tf.expandDims(noise.value, -1)}),
    reinterpretedBatchNdims: 1,
    name: 'y',
  });
}

const xs = [0, 1, 2, 3];
const ys = [0.4, 1.9, 4.2, 5.8];

function handLogJoint(w: number, b: number, noise: number): number {
  const halfNormal = Math.log(Math.sqrt(2 / Math.PI) / 2) - noise ** 2 / 8;
  return normalLogPdf(w, 0, 1) + normalLogPdf(b, 0, 10) + halfNormal + xs.reduce((a, x, i) => a + normalLogPdf(ys[i], w * x + b, noise), 0);
}

// Tolerance: float32 sums of terms of size < 100 (rtol 1e-5, atol 1e-4).
test('the log joint equals the hand-written sum of the log densities, for a batch of values too', (t) => {
  const logJoint = ed.makeLogJointFn(regression);
  const points = [[2, 0.3, 0.5], [1.5, -1, 2], [0, 4, 0.1]];
  assertNoLeak(t, () => {
    for (const [w, b, noise] of points) {
      tf.tidy(() => assertClose(t, logJoint({w, b, noise, y: ys}, xs), handLogJoint(w, b, noise), {rtol: 1e-5, atol: 1e-4}));
    }
    // Values with a leading dim of 3 (chains): one log joint per chain.
    tf.tidy(() => {
      const [w, b, noise] = [0, 1, 2].map((i) => points.map((p) => p[i]));
      const lp = logJoint({w, b, noise, y: ys}, xs);
      t.deepEqual(lp.shape, [3]);
      assertClose(t, lp, points.map(([a, c, d]) => handLogJoint(a, c, d)), {rtol: 1e-5, atol: 1e-4});
    });
  });
});

test('the log joint is differentiable in the values (analytic gradient in w)', (t) => {
  const logJoint = ed.makeLogJointFn(regression);
  const [b, noise] = [0.3, 0.5];
  assertNoLeak(t, () => {
    const g = tf.tidy(() => tf.grad((w: tf.Tensor) => logJoint({w, b, noise, y: ys}, xs))(tf.scalar(2)));
    // d/dw = -w + sum_i x_i (y_i - w x_i - b) / noise^2.
    const expected = -2 + xs.reduce((a, x, i) => a + (x * (ys[i] - 2 * x - b)) / noise ** 2, 0);
    assertClose(t, g, expected, {rtol: 1e-4});
    g.dispose();
  });
});

test('missing, unknown, unnamed and duplicated variables are errors naming them', (t) => {
  const logJoint = ed.makeLogJointFn(regression);
  assertNoLeak(t, () => {
    t.throws(() => logJoint({w: 1, b: 0, y: ys}, xs), {message: /no value for the random variable 'noise' \(HalfNormal\); values given: w, b, y/});
    t.throws(() => logJoint({w: 1, b: 0, noise: 1, y: ys, extra: 2}, xs), {message: /values for extra, which the model does not have \(its variables: w, b, noise, y\)/});
    const unnamed = ed.makeLogJointFn(() => ed.Normal({loc: 0, scale: 1}));
    t.throws(() => unnamed({}), {message: /every random variable needs a name; the model's Normal \(variable #0\) has none/});
    const twice = ed.makeLogJointFn(() => {
      ed.Normal({loc: 0, scale: 1, name: 'a'});
      ed.Normal({loc: 0, scale: 1, name: 'a'});
    });
    t.throws(() => twice({a: 0}), {message: /the model has two random variables named 'a'/});
    t.throws(() => logJoint([1, 2] as unknown as Record<string, number>, xs), {message: /values must be an object by random-variable name/});
  });
  t.throws(() => ed.makeLogJointFn(5 as unknown as () => void), {message: /'model' must be a function; received 5/});
});
