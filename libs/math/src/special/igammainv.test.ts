import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {igamma, igammac} from './igamma';
import {igammacinv, igammainv} from './igammainv';
import {assertNoLeak, assertUlp, loadFixture, onEachBackend} from './internal/testing';

// The value and both derivatives are float64 kernels rounded once to float32 (<= 0.5 ulp). The
// float64 root is converged to ~1e-14 in log x, and P, Q and dP/da are accurate to ~1e-12
// relative, which moves x by ~1e-12 / (x f(x) / P) <= 1e-9 relative even at a = 1e-3: far below
// float32's 6e-8, so 2 ulp. The fixture spans a from 1e-3 to 1e6 and p from 1.2e-38 to 1 - 2^-24
// (mpmath-refined roots; rows whose root is below float64's range expect 0).
const MAX_ULP = 2;

test.serial('igammainv matches the mpmath-refined roots on cpu and wasm', async (t) => {
  const fx = loadFixture('igammainv');
  await onEachBackend((backend) => {
    const x = tf.tidy(() => igammainv(fx.a, fx.p).dataSync());
    assertUlp(t, `igammainv ${backend}`, x, fx.x, MAX_ULP, {a: fx.a, p: fx.p});
  });
});

test.serial('igammainv gradients: dx/dp = 1 / f(x) and dx/da = -(dP/da) / f(x) against mpmath', async (t) => {
  const fx = loadFixture('igammainv');
  await onEachBackend((backend) => {
    const [ga, gp] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, p: tf.Tensor) => tf.sum(igammainv(a, p)))([tf.tensor1d(fx.a), tf.tensor1d(fx.p)]).map((g) => g.dataSync()),
    );
    assertUlp(t, `dx/da ${backend}`, ga, fx.dxda, MAX_ULP, {a: fx.a, p: fx.p});
    assertUlp(t, `dx/dp ${backend}`, gp, fx.dxdp, MAX_ULP, {a: fx.a, p: fx.p});
  });
});

test.serial('igammacinv and its gradients match mpmath for q down to 1e-38 (where 1 - q rounds to 1)', async (t) => {
  // Same kernels and error budget as igammainv: 2 ulp.
  const fx = loadFixture('igammacinv');
  const inputs = {a: fx.a, q: fx.q};
  await onEachBackend((backend) => {
    const x = tf.tidy(() => igammacinv(fx.a, fx.q).dataSync());
    assertUlp(t, `igammacinv ${backend}`, x, fx.x, MAX_ULP, inputs);
    const [ga, gq] = tf.tidy(() =>
      tf.grads((a: tf.Tensor, q: tf.Tensor) => tf.sum(igammacinv(a, q)))([tf.tensor1d(fx.a), tf.tensor1d(fx.q)]).map((g) => g.dataSync()),
    );
    assertUlp(t, `igammacinv dx/da ${backend}`, ga, fx.dxda, MAX_ULP, inputs);
    assertUlp(t, `igammacinv dx/dq ${backend}`, gq, fx.dxdq, MAX_ULP, inputs);
  });
  t.deepEqual(Array.from(tf.tidy(() => igammacinv(2, [0, 1]).dataSync())), [Infinity, 0]);
  t.true(Number.isNaN(tf.tidy(() => igammacinv(-1, 0.5).dataSync()[0])));
  const [a, q] = [tf.tensor1d([2, 0.5]), tf.tensor1d([0.3, 1e-20])];
  assertNoLeak(t, 'igammacinv', () => igammacinv(a, q));
  assertNoLeak(t, 'igammacinv gradients', () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igammacinv(u, v)))([a, q]));
  tf.dispose([a, q]);
});

test.serial('the gradients agree with centred differences of igammainv itself', (t) => {
  // Independent of the fixture: (x(a + h) - x(a - h)) / 2h with h = 1e-2 a (and likewise in p with
  // h = 1e-3 min(p, 1 - p)), from the op's float32 outputs. Truncation is ~h^2 x''' / 6, ~1e-5
  // relative here, and the two outputs' 0.5 ulp roundings add ~6e-8 x / (h / scale): 2e-3 relative.
  const points: [number, number][] = [
    [0.4, 0.3],
    [2.5, 0.9],
    [12, 0.05],
    [80, 0.6],
  ];
  for (const [a, p] of points) {
    const ha = 1e-2 * a;
    const hp = 1e-3 * Math.min(p, 1 - p);
    const [xa1, xa0, xp1, xp0] = tf.tidy(() => Array.from(igammainv([a + ha, a - ha, a, a], [p, p, p + hp, p - hp]).dataSync()));
    const [ga, gp] = tf.tidy(() =>
      tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igammainv(u, v)))([tf.scalar(a), tf.scalar(p)]).map((g) => g.dataSync()[0]),
    );
    const fda = (xa1 - xa0) / (2 * ha);
    const fdp = (xp1 - xp0) / (2 * hp);
    t.true(Math.abs(ga - fda) <= 2e-3 * Math.abs(fda), `a=${a} p=${p}: dx/da ${ga} vs ${fda}`);
    t.true(Math.abs(gp - fdp) <= 2e-3 * Math.abs(fdp), `a=${a} p=${p}: dx/dp ${gp} vs ${fdp}`);
  }
});

test.serial('round trip: igamma(a, igammainv(a, p)) = p and igammac(a, igammainv(a, p)) = 1 - p', (t) => {
  // x is rounded to float32 (relative 2^-24), which moves P by f(x) x 2^-24: the bound used is
  // that plus 2 ulp of p, with f(x) x from the gradient (x f(x) = x / (dx/dp)).
  const a = [0.05, 0.05, 1, 3, 3, 40, 40, 1000];
  const p = [0.2, 0.4, 0.5, 1e-6, 0.999, 0.2, 0.9999, 0.7];
  const [x, dxdp, back, backQ] = tf.tidy(() => {
    const xs = igammainv(a, p);
    const g = tf.grad((v: tf.Tensor) => tf.sum(igammainv(a, v)))(tf.tensor1d(p));
    return [xs.dataSync(), g.dataSync(), igamma(a, xs).dataSync(), igammac(a, xs).dataSync()];
  });
  p.forEach((pi, i) => {
    const moved = (x[i] / dxdp[i]) * 2 ** -24;
    const p32 = Math.fround(pi);
    const lower = Math.min(p32, 1 - p32);
    const got = pi <= 0.5 ? back[i] : backQ[i];
    t.true(Math.abs(got - lower) <= moved + 2 * 2 ** -24 * lower, `a=${a[i]} p=${pi}: x=${x[i]} gives ${got}, want ${lower}`);
  });
});

test.serial('domain: 0 at p = 0, +inf at p = 1, NaN for a <= 0, p outside [0, 1] or NaN', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => igammainv([2, 0.1], [0, 1]).dataSync())), [0, Infinity]);
  const bad = tf.tidy(() => igammainv([0, -1, 2, 2, NaN, 2], [0.5, 0.5, -0.1, 1.1, 0.5, NaN]).dataSync());
  t.true(Array.from(bad).every(Number.isNaN));
  // The root underflows: a = 1e-4, p = 0.5 gives x = (0.5 Gamma(1.0001))^10000 ~ 1e-3011.
  t.is(tf.tidy(() => igammainv(1e-4, 0.5).dataSync()[0]), 0);
});

test.serial('broadcasting a [2,1] with p [3], gradient shapes, no leaks and a clear error', (t) => {
  const a = tf.tensor2d([[0.5], [4]]);
  const p = tf.tensor1d([0.1, 0.5, 0.9]);
  t.deepEqual(tf.tidy(() => igammainv(a, p).shape), [2, 3]);
  const [ga, gp] = tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igammainv(u, v)))([a, p]);
  t.deepEqual([ga.shape, gp.shape], [[2, 1], [3]]);
  tf.dispose([ga, gp]);
  assertNoLeak(t, 'igammainv', () => igammainv(a, p));
  assertNoLeak(t, 'igammainv gradients', () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(igammainv(u, v)))([a, p]));
  t.throws(() => igammainv([1, 2], [0.1, 0.2, 0.3]), {message: /igammainv: arguments cannot be broadcast together \(a: \[2\], p: \[3\]\)/});
  tf.dispose([a, p]);
});
