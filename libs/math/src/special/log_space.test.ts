import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {log1mexp, logAddExp, logCosh, softplusInverse} from './log_space';
import {assertClose, assertNoLeak, assertUlp, elementwiseGradient, loadFixture, onEachBackend} from './internal/testing';

// float64 kernels rounded once to float32: <= 0.5 ulp, tested at 2 ulp (see gamma.test.ts).
const MAX_ULP = 2;

for (const [name, fixture, fn] of [
  ['log1mexp', 'log1mexp', log1mexp],
  ['softplusInverse', 'softplus_inverse', softplusInverse],
  ['logCosh', 'log_cosh', logCosh],
] as const) {
  test.serial(`${name} matches mpmath in value and gradient on cpu and wasm`, async (t) => {
    const fx = loadFixture(fixture);
    await onEachBackend((backend) => {
      const y = tf.tidy(() => fn(fx.x).dataSync());
      assertUlp(t, `${name} ${backend}`, y, fx.y, MAX_ULP, {x: fx.x});
      const dy = elementwiseGradient(fn, fx.x);
      assertUlp(t, `${name}' ${backend}`, dy, fx.dy, MAX_ULP, {x: fx.x});
    });
  });
}

test.serial('log1mexp is even, -inf at 0; softplusInverse is NaN below 0 and -inf at 0', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => log1mexp([0, 3, -3]).dataSync())), [
    -Infinity,
    Math.fround(Math.log1p(-Math.exp(-3))),
    Math.fround(Math.log1p(-Math.exp(-3))),
  ]);
  t.deepEqual(Array.from(tf.tidy(() => softplusInverse([-1, 0, NaN]).dataSync())), [NaN, -Infinity, NaN]);
  // Round trip through a float64 softplus: only the float32 rounding of y (0.5 ulp, |y| 2^-24
  // absolute) is lost, which softplus turns into a relative error of at most |y| 2^-24.
  const xs = [1e-20, 2, 50];
  const ys = Array.from(tf.tidy(() => softplusInverse(xs).dataSync()));
  xs.forEach((x, i) => {
    const back = Math.log1p(Math.exp(ys[i]));
    t.true(Math.abs(back - x) <= (Math.abs(ys[i]) + 1) * 2 ** -23 * x, `softplus(softplusInverse(${x})) = ${back}`);
  });
});

test.serial('logAddExp: values, infinities, broadcasting and gradients against float64', async (t) => {
  const a = [0, -1e3, 88, 1e-3, -Infinity, Infinity, -Infinity, 3, -50];
  const b = [0, -1e3 - 20, 100, -1e-3, -Infinity, 1, 5, NaN, 40];
  const logAddExp64 = (x: number, y: number) => {
    const m = Math.max(x, y);
    return !Number.isFinite(m) ? m : m + Math.log1p(Math.exp(-Math.abs(x - y)));
  };
  const sigmoid = (d: number) => 1 / (1 + Math.exp(-d));
  await onEachBackend((backend) => {
    const y = tf.tidy(() => logAddExp(a, b).dataSync());
    assertUlp(t, `logAddExp ${backend}`, y, a.map((v, i) => logAddExp64(v, b[i])), MAX_ULP, {a, b});
    // Gradients sigmoid(a - b) are float32 tf ops on the float32 difference a - b: a few ulp of
    // relative error, times the conditioning |d (1 - sigmoid(d))| <= 1 for these points.
    const fa = [0.5, -3, 10, 2];
    const fb = [0.5, 1, 9, -30];
    const [ga, gb] = tf.tidy(() =>
      tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(logAddExp(x, z)))([tf.tensor1d(fa), tf.tensor1d(fb)]).map((g) => g.dataSync()),
    );
    assertClose(t, `dlogAddExp/da ${backend}`, ga, fa.map((v, i) => sigmoid(v - fb[i])), 5e-7, 1e-30, {a: fa, b: fb});
    assertClose(t, `dlogAddExp/db ${backend}`, gb, fa.map((v, i) => sigmoid(fb[i] - v)), 5e-7, 1e-30, {a: fa, b: fb});
  });
  const row = tf.tensor1d([1, 2, 3]);
  const col = tf.tensor2d([[0], [10]]);
  t.deepEqual(tf.tidy(() => logAddExp(row, col).shape), [2, 3]);
  const [gRow, gCol] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(logAddExp(x, z)))([row, col]);
  t.deepEqual(gRow.shape, [3]);
  t.deepEqual(gCol.shape, [2, 1]);
  // Each pair's two partial derivatives sum to 1, so the gradients sum to the number of pairs.
  t.true(Math.abs(tf.tidy(() => tf.add(tf.sum(gRow), tf.sum(gCol)).dataSync()[0]) - 6) < 1e-5);
  tf.dispose([row, col, gRow, gCol]);
});

test.serial('nothing leaks', (t) => {
  const x = tf.tensor1d([0.1, 1, 5]);
  for (const fn of [log1mexp, softplusInverse, logCosh]) {
    assertNoLeak(t, fn.name, () => fn(x));
    assertNoLeak(t, `${fn.name} gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(fn(v)))(x));
  }
  assertNoLeak(t, 'logAddExp', () => logAddExp(x, 2));
  assertNoLeak(t, 'logAddExp gradient', () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(logAddExp(u, v)))([x, x]));
  x.dispose();
});

test.serial('second derivatives of log1mexp, softplusInverse and logCosh against their closed forms', async (t) => {
  const xs = [1e-6, 0.01, 0.5, 0.7, 3, 20, 60];
  const second = (f: (v: tf.Tensor) => tf.Tensor) =>
    tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(f(u)))(v)))(tf.tensor1d(xs)).dataSync());
  // Closed forms in float64 at the float32 inputs: -e^x / (e^x - 1)^2 (log1mexp and
  // softplusInverse, x > 0) and sech^2(x). Each kernel result is within 0.5 ulp and the products
  // add one rounding per factor: 4 ulp.
  const x32 = xs.map(Math.fround);
  const bothForms = x32.map((x) => -1 / (Math.expm1(x) * -Math.expm1(-x)));
  await onEachBackend((backend) => {
    assertUlp(t, `log1mexp'' ${backend}`, second(log1mexp), bothForms, 4, {x: x32});
    assertUlp(t, `softplusInverse'' ${backend}`, second(softplusInverse), bothForms, 4, {x: x32});
    assertUlp(t, `logCosh'' ${backend}`, second(logCosh), x32.map((x) => 1 / Math.cosh(x) ** 2), 4, {x: x32});
  });
});
