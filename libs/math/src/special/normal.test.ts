import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {erfinv, logNdtr, ndtr, ndtri} from './normal';
import {assertNoLeak, assertUlp, elementwiseGradient, loadFixture, onEachBackend} from './internal/testing';

// Values and derivatives are float64 kernels rounded once to float32 (<= 0.5 ulp); the float64
// algorithms (series, continued fraction, Halley-refined quantiles) are good to ~1e-14, so 2 ulp
// is a tight bound that a float32 algorithm would break in the tails (logNdtr at x = -1e18,
// ndtri at p = 1e-45, erfinv at 1 - 6e-8 are in the fixtures).
const MAX_ULP = 2;

for (const [name, fixture, fn] of [
  ['ndtr', 'ndtr', ndtr],
  ['logNdtr', 'log_ndtr', logNdtr],
  ['ndtri', 'ndtri', ndtri],
  ['erfinv', 'erfinv', erfinv],
] as const) {
  test.serial(`${name} matches scipy in value and gradient on cpu and wasm`, async (t) => {
    const fx = loadFixture(fixture);
    await onEachBackend((backend) => {
      const y = tf.tidy(() => fn(fx.x).dataSync());
      assertUlp(t, `${name} ${backend}`, y, fx.y, MAX_ULP, {x: fx.x});
      const dy = elementwiseGradient(fn, fx.x);
      assertUlp(t, `${name}' ${backend}`, dy, fx.dy, MAX_ULP, {x: fx.x});
    });
  });
}

test.serial('logNdtr is the asymptotic -x^2/2 - log(-x sqrt(2 pi)) far in the lower tail', (t) => {
  // At x = -1e4 the asymptotic series' next term is 1/x^2 = 1e-8, below float32 resolution.
  const x = -1e4;
  const y = tf.tidy(() => logNdtr(x).dataSync()[0]);
  const ref = -0.5 * x * x - Math.log(-x * Math.sqrt(2 * Math.PI));
  t.true(Math.abs(y - ref) <= 1e-7 * Math.abs(ref), `${y} vs ${ref}`);
});

test.serial('domain edges: ndtri and erfinv are NaN outside their domain and infinite at its ends', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => ndtri([0, 1, -0.1, 1.1, NaN]).dataSync())), [-Infinity, Infinity, NaN, NaN, NaN]);
  t.deepEqual(Array.from(tf.tidy(() => erfinv([-1, 1, -1.5, 2, 0]).dataSync())), [-Infinity, Infinity, NaN, NaN, 0]);
  t.deepEqual(Array.from(tf.tidy(() => ndtr([-Infinity, Infinity, NaN]).dataSync())), [0, 1, NaN]);
  t.deepEqual(Array.from(tf.tidy(() => logNdtr([-Infinity, Infinity]).dataSync())), [-Infinity, 0]);
});

test.serial('ndtri inverts ndtr and erfinv inverts erf (tf.erf) to float32 accuracy', (t) => {
  const p = [1e-30, 1e-6, 0.02, 0.3, 0.5, 0.77, 0.999];
  const back = tf.tidy(() => ndtr(ndtri(p)).dataSync());
  // ndtri's float32 rounding (0.5 ulp of x, i.e. |x| 2^-24 absolute) moves ndtr by a relative
  // phi(x)/ndtr(x) * |x| 2^-24 ~ (x^2 + 1) 2^-24; allow twice that plus ndtr's own 2 ulp.
  const x = tf.tidy(() => ndtri(p).dataSync());
  p.forEach((v, i) => {
    const tol = ((x[i] * x[i] + 1) * 2 ** -23 + 2 ** -22) * v;
    t.true(Math.abs(back[i] - v) <= tol, `ndtr(ndtri(${v})) = ${back[i]}`);
  });
  const y = [-0.9, -0.2, 0.01, 0.5, 0.95];
  const erfBack = tf.tidy(() => tf.erf(erfinv(y)).dataSync());
  // tf.erf is a float32 approximation (absolute error ~1e-6 on both backends).
  y.forEach((v, i) => t.true(Math.abs(erfBack[i] - v) <= 2e-6, `erf(erfinv(${v})) = ${erfBack[i]}`));
});

test.serial('shapes are preserved and nothing leaks', (t) => {
  const x = tf.tensor2d([
    [-3, 0.5],
    [0.1, 2],
  ]);
  const p = tf.tensor2d([
    [0.1, 0.5],
    [0.9, 0.99],
  ]);
  for (const fn of [ndtr, logNdtr]) {
    assertNoLeak(t, fn.name, () => fn(x));
    assertNoLeak(t, `${fn.name} gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(fn(v)))(x));
    t.deepEqual(tf.tidy(() => fn(x).shape), [2, 2]);
  }
  for (const fn of [ndtri, erfinv]) {
    assertNoLeak(t, fn.name, () => fn(p));
    assertNoLeak(t, `${fn.name} gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(fn(v)))(p));
    t.deepEqual(tf.tidy(() => fn(p).shape), [2, 2]);
  }
  tf.dispose([x, p]);
});

test.serial('second derivatives: ndtr, logNdtr, ndtri and erfinv against closed forms of the fixtures', async (t) => {
  const second = (f: (v: tf.Tensor) => tf.Tensor, xs: number[]) =>
    tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(f(u)))(v)))(tf.tensor1d(xs)).dataSync());
  const ndtrFx = loadFixture('ndtr');
  const logFx = loadFixture('log_ndtr');
  const ndtriFx = loadFixture('ndtri');
  const erfinvFx = loadFixture('erfinv');
  // logNdtr'' = -m (x + m) with m = phi / ndtr cancels for x << 0 (x + m ~ -1/x), amplifying
  // float32 rounding by ~x^2, so it is checked on |x| <= 3 only; the others are products of
  // kernel outputs (each <= 0.5 ulp) with a rounding per factor: 4 ulp everywhere.
  const moderate = logFx.x.map((x) => Math.abs(x) <= 3);
  const pick = (v: number[]) => v.filter((_, i) => moderate[i]);
  const [lx, lm] = [pick(logFx.x), pick(logFx.dy)];
  await onEachBackend((backend) => {
    assertUlp(t, `ndtr'' ${backend}`, second(ndtr, ndtrFx.x), ndtrFx.x.map((x, i) => -x * ndtrFx.dy[i]), 4, {x: ndtrFx.x});
    assertUlp(t, `logNdtr'' ${backend}`, second(logNdtr, lx), lx.map((x, i) => -lm[i] * (x + lm[i])), 8, {x: lx});
    assertUlp(t, `ndtri'' ${backend}`, second(ndtri, ndtriFx.x), ndtriFx.y.map((y, i) => y * ndtriFx.dy[i] ** 2), 4, {p: ndtriFx.x});
    assertUlp(t, `erfinv'' ${backend}`, second(erfinv, erfinvFx.x), erfinvFx.y.map((x, i) => 2 * x * erfinvFx.dy[i] ** 2), 4, {y: erfinvFx.x});
  });
});
