import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {igamma, igammac} from './igamma';
import {assertNoLeak, assertUlp, loadFixture, onEachBackend} from './internal/testing';

// Values and both partial derivatives are float64 kernels rounded once to float32 (<= 0.5 ulp);
// the float64 series / continued fraction / Temme evaluations agree with the references to
// ~1e-12 relative (measured), so 2 ulp is tight. The fixture covers a from 1e-6 to 1e20 and x
// from 1e-20 to 10 a, including a +- 5 sqrt(a) and tails down to 1e-37.
const MAX_ULP = 2;

test.serial('igamma and igammac match the references in value on cpu and wasm', async (t) => {
  const fx = loadFixture('igamma');
  await onEachBackend((backend) => {
    const p = tf.tidy(() => igamma(fx.a, fx.x).dataSync());
    const q = tf.tidy(() => igammac(fx.a, fx.x).dataSync());
    assertUlp(t, `igamma ${backend}`, p, fx.p, MAX_ULP, {a: fx.a, x: fx.x});
    assertUlp(t, `igammac ${backend}`, q, fx.q, MAX_ULP, {a: fx.a, x: fx.x});
  });
});

test.serial('igamma gradients in a (mpmath derivative / quadrature) and in x (density)', async (t) => {
  const fx = loadFixture('igamma');
  await onEachBackend((backend) => {
    const [ga, gx] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, x: tf.Tensor) => tf.sum(igamma(a, x)))([tf.tensor1d(fx.a), tf.tensor1d(fx.x)]).map((g) =>
        g.dataSync(),
      ),
    );
    assertUlp(t, `dP/da ${backend}`, ga, fx.dpda, MAX_ULP, {a: fx.a, x: fx.x});
    assertUlp(t, `dP/dx ${backend}`, gx, fx.dpdx, MAX_ULP, {a: fx.a, x: fx.x});
    const [gca, gcx] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, x: tf.Tensor) => tf.sum(igammac(a, x)))([tf.tensor1d(fx.a), tf.tensor1d(fx.x)]).map((g) =>
        g.dataSync(),
      ),
    );
    assertUlp(t, `dQ/da ${backend}`, gca, fx.dpda.map((v) => -v), MAX_ULP, {a: fx.a, x: fx.x});
    assertUlp(t, `dQ/dx ${backend}`, gcx, fx.dpdx.map((v) => -v), MAX_ULP, {a: fx.a, x: fx.x});
  });
});

test.serial('the a-gradient agrees with a centred difference of igamma itself (float64 step, float32 values)', (t) => {
  // Independent of the fixtures: (P(a + h) - P(a - h)) / 2h with h = 1e-2 a, evaluated by the op
  // on float32 values. Truncation (h^2 P''' / 6) is ~1e-5 relative here and each P has 2 ulp, so the
  // difference quotient has ~2 * 2.4e-7 * P / (2h) absolute error: a 1e-3 relative check.
  const points: [number, number][] = [
    [0.7, 0.4],
    [2.5, 3],
    [12, 9],
    [40, 45],
  ];
  for (const [a, x] of points) {
    const h = 1e-2 * a;
    const [pPlus, pMinus] = tf.tidy(() => Array.from(igamma([a + h, a - h], [x, x]).dataSync()));
    const fd = (pPlus - pMinus) / (2 * h);
    const g = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(igamma(v, x)))(tf.scalar(a)).dataSync()[0]);
    t.true(Math.abs(g - fd) <= 1e-3 * Math.abs(fd), `a=${a} x=${x}: gradient ${g}, difference ${fd}`);
  }
});

test.serial('domain: NaN for a <= 0 or x < 0; P(a, 0) = 0, P(a, inf) = 1; P + Q = 1', (t) => {
  t.true(Array.from(tf.tidy(() => igamma([0, -1, 1, NaN], [1, 1, -0.5, 1]).dataSync())).every(Number.isNaN));
  t.true(Array.from(tf.tidy(() => igammac([0, -1, 1], [1, 1, -0.5]).dataSync())).every(Number.isNaN));
  t.deepEqual(Array.from(tf.tidy(() => igamma([2, 2], [0, Infinity]).dataSync())), [0, 1]);
  t.deepEqual(Array.from(tf.tidy(() => igammac([2, 2], [0, Infinity]).dataSync())), [1, 0]);
  const a = [0.3, 4, 50, 2e5];
  const x = [0.2, 4.5, 47, 2.001e5];
  const sum = tf.tidy(() => tf.add(igamma(a, x), igammac(a, x)).dataSync());
  sum.forEach((v) => t.true(Math.abs(v - 1) <= 2 ** -23));
});

test.serial('igammac keeps relative accuracy for tiny a where 1 - P would be 0 in float32', (t) => {
  // Q(a, x) ~ a E1(x) for a -> 0: with a = 1e-12, x = 0.5, Q = 5.598e-13 (E1(0.5) = 0.5597736).
  const q = tf.tidy(() => igammac(1e-12, 0.5).dataSync()[0]);
  t.true(Math.abs(q - 0.5597736 * Math.fround(1e-12)) <= 1e-6 * q, `Q = ${q}`);
});

test.serial('broadcasting [2,1] x [3], gradient shapes, and no leaks', (t) => {
  const a = tf.tensor2d([[1], [3]]);
  const x = tf.tensor1d([0.5, 1, 4]);
  t.deepEqual(tf.tidy(() => igamma(a, x).shape), [2, 3]);
  const [ga, gx] = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igammac(u, v)))([a, x]);
  t.deepEqual(ga.shape, [2, 1]);
  t.deepEqual(gx.shape, [3]);
  tf.dispose([ga, gx]);
  assertNoLeak(t, 'igamma', () => igamma(a, x));
  assertNoLeak(t, 'igammac', () => igammac(a, x));
  assertNoLeak(t, 'gradients', () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igamma(u, v)))([a, x]));
  tf.dispose([a, x]);
});

test.serial('second derivatives through the density: d2P/dx2 and d2P/dx da against closed forms', (t) => {
  // f = x^(a-1) e^-x / Gamma(a); df/dx = f ((a-1)/x - 1); df/da = f (log x - digamma(a)).
  // digamma(2.5) = 0.7031566406452432 and Gamma(2.5) = 1.329340388179137 (scipy). The results are
  // float32 products of kernel outputs (and float32 log / digamma, absolute error ~1 ulp of their
  // sum's terms): 1e-5 relative.
  const a = 2.5;
  const xs = [0.5, 2, 6];
  const density = xs.map((x) => (x ** (a - 1) * Math.exp(-x)) / 1.329340388179137);
  const [dxx, dxa] = tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const gradX = (av: tf.Tensor, xv: tf.Tensor) => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igamma(u, v)))([av, xv])[1];
    const [, hxx] = tf.grads((av: tf.Tensor, xv: tf.Tensor) => tf.sum(gradX(av, xv)))([tf.fill([3], a), x]);
    const [hxa] = tf.grads((av: tf.Tensor, xv: tf.Tensor) => tf.sum(gradX(av, xv)))([tf.fill([3], a), x]);
    return [hxx.dataSync(), hxa.dataSync()];
  });
  xs.forEach((x, i) => {
    const wantXX = density[i] * ((a - 1) / x - 1);
    const wantXA = density[i] * (Math.log(x) - 0.7031566406452432);
    t.true(Math.abs(dxx[i] - wantXX) <= 1e-5 * Math.abs(wantXX), `d2P/dx2 at ${x}: ${dxx[i]} vs ${wantXX}`);
    t.true(Math.abs(dxa[i] - wantXA) <= 1e-5 * Math.abs(wantXA), `d2P/dxda at ${x}: ${dxa[i]} vs ${wantXA}`);
  });
});
