import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {betainc} from './betainc';
import {assertNoLeak, assertUlp, loadFixture, onEachBackend} from './internal/testing';

// Value and the three partial derivatives are float64 kernels rounded once to float32 (<= 0.5
// ulp). The continued fraction converges to ~1e-15 relative, and the prefactor is written around
// the mean (Stirling remainders, log1p(t) - t) so that nothing of size a + b cancels: ~1e-13
// relative even at a + b = 4e7, far below float32's 6e-8. So 2 ulp, over a, b in [1e-3, 4e7]
// and x from 1e-6 to 1 - 1e-6 including the mean +- 4 sd.
const MAX_ULP = 2;

test.serial('betainc matches the references in value and in its a, b, x gradients on cpu and wasm', async (t) => {
  const fx = loadFixture('betainc');
  const inputs = {a: fx.a, b: fx.b, x: fx.x};
  await onEachBackend((backend) => {
    const y = tf.tidy(() => betainc(fx.a, fx.b, fx.x).dataSync());
    assertUlp(t, `betainc ${backend}`, y, fx.y, MAX_ULP, inputs);
    const [ga, gb, gx] = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor, x: tf.Tensor) => tf.sum(betainc(a, b, x)))([
          tf.tensor1d(fx.a),
          tf.tensor1d(fx.b),
          tf.tensor1d(fx.x),
        ])
        .map((g) => g.dataSync()),
    );
    assertUlp(t, `dI/da ${backend}`, ga, fx.da, MAX_ULP, inputs);
    assertUlp(t, `dI/db ${backend}`, gb, fx.db, MAX_ULP, inputs);
    assertUlp(t, `dI/dx ${backend}`, gx, fx.dx, MAX_ULP, inputs);
  });
});

test.serial('symmetry I_x(a, b) = 1 - I_(1-x)(b, a), domain edges and NaN outside the domain', (t) => {
  const a = [0.5, 3, 40];
  const b = [2, 0.7, 35];
  const x = [0.25, 0.875, 0.5];
  const left = tf.tidy(() => betainc(a, b, x).dataSync());
  const right = tf.tidy(() => betainc(b, a, x.map((v) => 1 - v)).dataSync());
  left.forEach((v, i) => t.true(Math.abs(v + right[i] - 1) <= 2 ** -22, `${v} + ${right[i]}`));
  t.deepEqual(Array.from(tf.tidy(() => betainc(2, 3, [0, 1]).dataSync())), [0, 1]);
  t.true(
    Array.from(tf.tidy(() => betainc([0, 1, -1, 1, 1], [1, 0, 1, 1, 1], [0.5, 0.5, 0.5, -0.1, 1.5]).dataSync())).every(
      Number.isNaN,
    ),
  );
});

test.serial('broadcasting a [2,1], b [], x [3]; gradient shapes; no leaks', (t) => {
  const a = tf.tensor2d([[1], [2.5]]);
  const b = tf.scalar(4);
  const x = tf.tensor1d([0.1, 0.5, 0.9]);
  t.deepEqual(tf.tidy(() => betainc(a, b, x).shape), [2, 3]);
  const grads = tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => tf.sum(betainc(u, v, w)))([a, b, x]);
  t.deepEqual(
    grads.map((g) => g.shape),
    [[2, 1], [], [3]],
  );
  tf.dispose(grads);
  assertNoLeak(t, 'betainc', () => betainc(a, b, x));
  assertNoLeak(t, 'betainc gradients', () => tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) => tf.sum(betainc(u, v, w)))([a, b, x]));
  t.throws(() => betainc([1, 2], [1, 2, 3], 0.5), {message: /betainc: arguments cannot be broadcast together \(a: \[2\], b: \[3\], x: \[\]\)/});
  tf.dispose([a, b, x]);
});
