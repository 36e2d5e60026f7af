import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {digamma, lgamma, polygamma, trigamma} from './gamma';
import {assertNoLeak, assertUlp, elementwiseGradient, loadFixture, onEachBackend} from './internal/testing';

// Tolerances: the kernels evaluate in float64 (relative error below 1e-13 for these algorithms)
// and round once to float32, which costs at most 0.5 ulp. 2 ulp leaves room for the reference's
// own float64 error and never hides a real defect (a float32-precision algorithm would be off by
// many ulps near the poles, the root of digamma and for large arguments, all in the fixtures).
const MAX_ULP = 2;

for (const [name, fn, gradientMaxUlp] of [
  ['lgamma', lgamma, 2],
  ['digamma', digamma, 2],
] as const) {
  test.serial(`${name} matches scipy in value and gradient on cpu and wasm`, async (t) => {
    const fx = loadFixture(name);
    await onEachBackend((backend) => {
      const y = tf.tidy(() => fn(fx.x).dataSync());
      assertUlp(t, `${name} ${backend}`, y, fx.y, MAX_ULP, {x: fx.x});
      // The gradient is a kernel too (digamma, trigamma), so the same float32 rounding bound holds.
      const dy = elementwiseGradient(fn, fx.x);
      assertUlp(t, `${name}' ${backend}`, dy, fx.dy, gradientMaxUlp, {x: fx.x});
    });
  });
}

test.serial('polygamma matches scipy for n = 1..12, positive and negative x, with its x-gradient', async (t) => {
  const fx = loadFixture('polygamma');
  await onEachBackend((backend) => {
    const y = tf.tidy(() => polygamma(fx.n, fx.x).dataSync());
    assertUlp(t, `polygamma ${backend}`, y, fx.y, MAX_ULP, {n: fx.n, x: fx.x});
    const dx = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(polygamma(fx.n, x)))(tf.tensor1d(fx.x)).dataSync());
    assertUlp(t, `polygamma' ${backend}`, dx, fx.dy, MAX_ULP, {n: fx.n, x: fx.x});
  });
});

test.serial('trigamma is polygamma(1, x) and polygamma(0, x) is digamma', async (t) => {
  const x = [0.25, 1, 3.5, -2.5, 1e4];
  const tri = tf.tidy(() => trigamma(x).dataSync());
  const viaPoly = tf.tidy(() => polygamma(1, x).dataSync());
  t.deepEqual(Array.from(tri), Array.from(viaPoly));
  const di = tf.tidy(() => digamma(x).dataSync());
  const poly0 = tf.tidy(() => polygamma(0, x).dataSync());
  t.deepEqual(Array.from(poly0), Array.from(di));
});

test.serial('poles and invalid orders: lgamma +inf, digamma NaN, polygamma NaN for bad n', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => lgamma([0, -1, -7, Infinity, -Infinity, NaN]).dataSync())), [
    Infinity,
    Infinity,
    Infinity,
    Infinity,
    Infinity,
    NaN,
  ]);
  t.true(Array.from(tf.tidy(() => digamma([0, -1, -3, NaN, -Infinity]).dataSync())).every(Number.isNaN));
  t.is(tf.tidy(() => digamma(Infinity).dataSync()[0]), Infinity);
  t.true(Array.from(tf.tidy(() => polygamma([-1, 1.5, NaN], 2).dataSync())).every(Number.isNaN));
  t.deepEqual(Array.from(tf.tidy(() => polygamma([1, 3], [0, -2]).dataSync())), [Infinity, Infinity]);
});

test.serial('polygamma broadcasts n [3,1] against x [4] and reduces the gradient to x.shape', (t) => {
  const n = tf.tensor2d([[1], [2], [3]]);
  const x = tf.tensor1d([0.5, 1, 2, 10]);
  const y = polygamma(n, x);
  t.deepEqual(y.shape, [3, 4]);
  const expected = tf.tidy(() => polygamma(tf.tensor1d([2, 2, 2, 2]), x).dataSync());
  t.deepEqual(Array.from(y.dataSync().slice(4, 8)), Array.from(expected));
  const g = tf.grad((xx: tf.Tensor) => tf.sum(polygamma(n, xx)))(x);
  t.deepEqual(g.shape, [4]);
  tf.dispose([n, x, y, g]);
  t.throws(() => polygamma([1, 2], [1, 2, 3]), {message: /polygamma: arguments cannot be broadcast together \(n: \[2\], x: \[3\]\)/});
});

test.serial('int32 inputs are cast, and nothing leaks (ops and gradients)', (t) => {
  const xi = tf.tensor1d([1, 2, 3], 'int32');
  t.deepEqual(Array.from(tf.tidy(() => lgamma(xi).dataSync())), [0, 0, Math.fround(Math.log(2))]);
  const x = tf.tensor1d([0.5, 2.5, 7]);
  assertNoLeak(t, 'lgamma', () => lgamma(x));
  assertNoLeak(t, 'digamma', () => digamma(x));
  assertNoLeak(t, 'polygamma', () => polygamma(2, x));
  assertNoLeak(t, 'trigamma', () => trigamma(x));
  assertNoLeak(t, 'gradients', () => [
    tf.grad((v: tf.Tensor) => tf.sum(lgamma(v)))(x),
    tf.grad((v: tf.Tensor) => tf.sum(digamma(v)))(x),
    tf.grad((v: tf.Tensor) => tf.sum(polygamma(3, v)))(x),
  ]);
  tf.dispose([xi, x]);
});
