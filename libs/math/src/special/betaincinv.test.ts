import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {betainc} from './betainc';
import {betaincinv} from './betaincinv';
import {assertNoLeak, assertUlp, loadFixture, onEachBackend} from './internal/testing';

// The value and the three derivatives are float64 kernels rounded once to float32 (<= 0.5 ulp).
// The float64 root is converged to ~1e-14 in log x (or log(1 - x) above the median) and I_x and
// its derivatives are accurate to ~1e-13 relative, which moves x by far less than float32's 6e-8:
// 2 ulp. The fixture spans a, b from 1e-3 to 3e3 and p from 1.2e-38 to 1 - 2^-24, with roots at
// both ends of (0, 1) (mpmath-refined; rows below float64's range expect 0 or 1).
const MAX_ULP = 2;

test.serial('betaincinv matches the mpmath-refined roots on cpu and wasm', async (t) => {
  const fx = loadFixture('betaincinv');
  await onEachBackend((backend) => {
    const x = tf.tidy(() => betaincinv(fx.a, fx.b, fx.p).dataSync());
    assertUlp(t, `betaincinv ${backend}`, x, fx.x, MAX_ULP, {a: fx.a, b: fx.b, p: fx.p});
  });
});

test.serial('betaincinv gradients in a, b and p against mpmath implicit derivatives', async (t) => {
  const fx = loadFixture('betaincinv');
  const inputs = {a: fx.a, b: fx.b, p: fx.p};
  await onEachBackend((backend) => {
    const [ga, gb, gp] = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor, p: tf.Tensor) => tf.sum(betaincinv(a, b, p)))([
          tf.tensor1d(fx.a),
          tf.tensor1d(fx.b),
          tf.tensor1d(fx.p),
        ])
        .map((g) => g.dataSync()),
    );
    assertUlp(t, `dx/da ${backend}`, ga, fx.dxda, MAX_ULP, inputs);
    assertUlp(t, `dx/db ${backend}`, gb, fx.dxdb, MAX_ULP, inputs);
    assertUlp(t, `dx/dp ${backend}`, gp, fx.dxdp, MAX_ULP, inputs);
  });
});

test.serial('the gradients agree with centred differences of betaincinv itself', (t) => {
  // Independent of the fixture: steps h = 1e-2 a, 1e-2 b and 1e-3 min(p, 1 - p) on the op's float32
  // outputs. Truncation ~h^2 x''' / 6 is ~1e-5 relative; the outputs' roundings add ~6e-8 x / h
  // relative to the slope: 2e-3 relative.
  const points: [number, number, number][] = [
    [0.6, 2, 0.3],
    [3, 4, 0.8],
    [15, 0.9, 0.1],
    [50, 70, 0.55],
  ];
  for (const [a, b, p] of points) {
    const ha = 1e-2 * a;
    const hb = 1e-2 * b;
    const hp = 1e-3 * Math.min(p, 1 - p);
    const x = tf.tidy(() =>
      Array.from(betaincinv([a + ha, a - ha, a, a, a, a], [b, b, b + hb, b - hb, b, b], [p, p, p, p, p + hp, p - hp]).dataSync()),
    );
    const grads = tf.tidy(() =>
      tf
        .grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => tf.sum(betaincinv(u, v, w)))([tf.scalar(a), tf.scalar(b), tf.scalar(p)])
        .map((g) => g.dataSync()[0]),
    );
    const fd = [(x[0] - x[1]) / (2 * ha), (x[2] - x[3]) / (2 * hb), (x[4] - x[5]) / (2 * hp)];
    ['a', 'b', 'p'].forEach((name, i) => {
      t.true(Math.abs(grads[i] - fd[i]) <= 2e-3 * Math.abs(fd[i]), `a=${a} b=${b} p=${p}: dx/d${name} ${grads[i]} vs ${fd[i]}`);
    });
  }
});

test.serial('round trip: betainc(a, b, betaincinv(a, b, p)) = p', (t) => {
  // x is rounded to float32 (half an ulp of x), which moves I by f(x) ulp(x) / 2; betainc adds 2 ulp
  // of its own. f(x) = 1 / (dx/dp) from the gradient.
  const a = [0.2, 0.5, 2, 2, 30, 30, 0.05, 7];
  const b = [0.2, 3, 5, 5, 30, 2, 0.8, 0.05];
  const p = [0.3, 1e-5, 0.5, 0.9, 0.01, 0.75, 0.6, 0.2];
  const [x, dxdp, back] = tf.tidy(() => {
    const xs = betaincinv(a, b, p);
    const g = tf.grad((v: tf.Tensor) => tf.sum(betaincinv(a, b, v)))(tf.tensor1d(p));
    return [xs.dataSync(), g.dataSync(), betainc(a, b, xs).dataSync()];
  });
  p.forEach((pi, i) => {
    const p32 = Math.fround(pi);
    const ulpX = 2 ** (Math.floor(Math.log2(x[i])) - 23);
    const moved = (0.5 * ulpX) / dxdp[i];
    t.true(Math.abs(back[i] - p32) <= moved + 2 * 2 ** -24, `a=${a[i]} b=${b[i]} p=${pi}: x=${x[i]} gives ${back[i]}`);
  });
});

test.serial('domain: 0 at p = 0, 1 at p = 1, NaN for a <= 0, b <= 0, p outside [0, 1]; symmetry', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => betaincinv(2, 3, [0, 1]).dataSync())), [0, 1]);
  const bad = tf.tidy(() => betaincinv([0, 1, -1, 1, 1, NaN], [1, 0, 1, 1, 1, 1], [0.5, 0.5, 0.5, -0.1, 1.5, 0.5]).dataSync());
  t.true(Array.from(bad).every(Number.isNaN));
  // x(a, b, p) = 1 - x(b, a, 1 - p); p values whose complements are float32 values.
  const p = [0.125, 0.25, 0.875];
  const left = tf.tidy(() => betaincinv(0.7, 4, p).dataSync());
  const right = tf.tidy(() => betaincinv(4, 0.7, p.map((v) => 1 - v)).dataSync());
  left.forEach((v, i) => t.true(Math.abs(v + right[i] - 1) <= 2 ** -23, `${v} + ${right[i]}`));
});

test.serial('broadcasting a [2,1], b [], p [3]; gradient shapes; no leaks; a clear error', (t) => {
  const a = tf.tensor2d([[0.5], [4]]);
  const b = tf.scalar(2);
  const p = tf.tensor1d([0.1, 0.5, 0.9]);
  t.deepEqual(tf.tidy(() => betaincinv(a, b, p).shape), [2, 3]);
  const grads = tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => tf.sum(betaincinv(u, v, w)))([a, b, p]);
  t.deepEqual(
    grads.map((g) => g.shape),
    [[2, 1], [], [3]],
  );
  tf.dispose(grads);
  assertNoLeak(t, 'betaincinv', () => betaincinv(a, b, p));
  assertNoLeak(t, 'betaincinv gradients', () => tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => tf.sum(betaincinv(u, v, w)))([a, b, p]));
  t.throws(() => betaincinv([1, 2], [1, 2, 3], 0.5), {message: /betaincinv: arguments cannot be broadcast together \(a: \[2\], b: \[3\], p: \[\]\)/});
  tf.dispose([a, b, p]);
});
