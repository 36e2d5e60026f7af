import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {select} from './select';
import {assertClose, assertNoLeak} from './testing';

test.before(async () => {
  await init();
});

test('select agrees with tf.where in values and gradients for broadcast conditions, branches and scalars', (t) => {
  // Exact agreement is expected: both pick elements; the gradients are sums of picked 1s.
  const cases: [number[], number[], number[]][] = [
    [[4], [4], [4]],
    [[1], [4], []],
    [[2, 1], [3], [2, 3]],
    [[3], [2, 1], [1]],
  ];
  for (const [condShape, aShape, bShape] of cases) {
    tf.tidy(() => {
      const cond = tf.greater(tf.randomNormal(condShape, 0, 1, 'float32', 1), 0);
      const a = tf.randomNormal(aShape, 0, 1, 'float32', 2);
      const b = tf.randomNormal(bShape, 0, 1, 'float32', 3);
      const label = `cond ${condShape} a ${aShape} b ${bShape}`;
      const weights = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)));
      assertClose(t, select(cond, a, b), tf.where(cond, a, b), {rtol: 0, atol: 0}, label);
      const [ga, gb] = tf.grads((u: tf.Tensor, v: tf.Tensor) => weights(select(cond, u, v)))([a, b]);
      const [wa, wb] = tf.grads((u: tf.Tensor, v: tf.Tensor) => weights(tf.where(cond, u, v)))([a, b]);
      t.deepEqual([ga.shape, gb.shape], [aShape, bShape], label);
      assertClose(t, ga, wa, {rtol: 0, atol: 0}, `${label} d/da`);
      assertClose(t, gb, wb, {rtol: 0, atol: 0}, `${label} d/db`);
    });
  }
  tf.tidy(() => assertClose(t, select(tf.tensor1d([1, 0], 'bool'), 2, -Infinity), [2, -Infinity], {rtol: 0, atol: 0}, 'numbers'));
  const cond = tf.tensor1d([1, 0, 1], 'bool');
  const x = tf.tensor1d([1, 2, 3]);
  assertNoLeak(t, () => tf.dispose(select(cond, x, 0)), 'select');
  tf.dispose([cond, x]);
});
