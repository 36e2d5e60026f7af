import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {lbeta} from './lbeta';
import {assertNoLeak, assertUlp, loadFixture, onEachBackend} from './internal/testing';

test.serial('lbeta matches mpmath over a in [1e-6, 1e30], b in [1e-5, 1e25], with gradients', async (t) => {
  const fx = loadFixture('lbeta');
  await onEachBackend((backend) => {
    // float64 kernel (Stirling differences for large arguments, ~1e-14 relative), rounded once: 2 ulp.
    const y = tf.tidy(() => lbeta(fx.a, fx.b).dataSync());
    assertUlp(t, `lbeta ${backend}`, y, fx.y, 2, {a: fx.a, b: fx.b});
    // The gradients are float64 kernels too (digamma differences summed term by term for large
    // arguments, so that b << a keeps its relative accuracy): 2 ulp.
    const [ga, gb] = tf.tidy(() =>
      tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(lbeta(u, v)))([tf.tensor1d(fx.a), tf.tensor1d(fx.b)]).map((g) => g.dataSync()),
    );
    assertUlp(t, `dlbeta/da ${backend}`, ga, fx.da, 2, {a: fx.a, b: fx.b});
    assertUlp(t, `dlbeta/db ${backend}`, gb, fx.db, 2, {a: fx.a, b: fx.b});
  });
});

test.serial('lbeta is symmetric, NaN for negative arguments, broadcasts and does not leak', (t) => {
  const ab = tf.tidy(() => lbeta([0.5, 3, 1e10], [7, 0.25, 2]).dataSync());
  const ba = tf.tidy(() => lbeta([7, 0.25, 2], [0.5, 3, 1e10]).dataSync());
  t.deepEqual(Array.from(ab), Array.from(ba));
  t.true(Number.isNaN(tf.tidy(() => lbeta(-1, 2).dataSync()[0])));
  t.deepEqual(tf.tidy(() => lbeta([[1], [2]], [1, 2, 3]).shape), [2, 3]);
  const a = tf.tensor1d([1, 2]);
  assertNoLeak(t, 'lbeta', () => lbeta(a, 3));
  assertNoLeak(t, 'lbeta gradient', () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(lbeta(u, v)))([a, a]));
  a.dispose();
});
