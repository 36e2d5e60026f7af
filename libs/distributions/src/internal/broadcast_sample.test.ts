import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {MultivariateNormalDiag} from '../multivariate_normal_diag';
import {Normal} from '../normal';
import {sampleBroadcastBatch} from './broadcast_sample';
import {assertClose, assertNoLeak} from './testing';

test.before(async () => {
  await init();
});

/** Sample correlation of two equally long columns. */
function correlation(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const ca = tf.sub(a, tf.mean(a));
    const cb = tf.sub(b, tf.mean(b));
    return tf.div(tf.sum(tf.mul(ca, cb)), tf.sqrt(tf.mul(tf.sum(tf.square(ca)), tf.sum(tf.square(cb))))).dataSync()[0];
  });
}

test('size-1 and missing batch dims are filled with independent draws, in place', (t) => {
  // loc [2, 1] broadcast to [4, 2, 3]: a leading dim and an inner size-1 dim. Means follow loc's row;
  // draws that share a parameter are uncorrelated (|corr| < 5 / sqrt(n)).
  const d = new Normal({loc: [[-5], [5]], scale: 1});
  const n = 5000;
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const x = sampleBroadcastBatch(d, n, [4, 2, 3], 7);
      t.deepEqual(x.shape, [n, 4, 2, 3]);
      const mean = tf.mean(x, 0);
      assertClose(t, mean, Array.from({length: 24}, (_, i) => (Math.floor(i / 3) % 2 === 0 ? -5 : 5)), {rtol: 0, atol: 5 / Math.sqrt(n)});
      const column = (a: number, b: number, c: number) => tf.reshape(tf.slice(x, [0, a, b, c], [n, 1, 1, 1]), [n]);
      for (const [p, q] of [[[0, 0, 0], [0, 0, 1]], [[0, 1, 2], [3, 1, 2]], [[1, 0, 0], [1, 1, 0]]]) {
        const r = correlation(column(p[0], p[1], p[2]), column(q[0], q[1], q[2]));
        t.true(Math.abs(r) < 5 / Math.sqrt(n), `corr(${p}, ${q}) = ${r}`);
      }
      // No broadcasting needed: the distribution's own draws, reshaped.
      assertClose(t, sampleBroadcastBatch(d, 3, [2, 1], 9), d.sample(3, 9), {rtol: 0, atol: 0});
    });
  });
  d.dispose();
});

test('event dims stay last', (t) => {
  const d = new MultivariateNormalDiag({loc: [0, 10, 20], scaleDiag: [1, 1, 1]});
  tf.tidy(() => {
    const x = sampleBroadcastBatch(d, 2000, [2], 3);
    t.deepEqual(x.shape, [2000, 2, 3]);
    assertClose(t, tf.mean(x, 0), [0, 10, 20, 0, 10, 20], {rtol: 0, atol: 5 / Math.sqrt(2000)});
  });
  d.dispose();
});

test('shapes that do not broadcast are refused', (t) => {
  const d = new Normal({loc: [1, 2], scale: 1});
  t.throws(() => sampleBroadcastBatch(d, 1, [3], 1), {message: /Normal: batch shape \[2\] does not broadcast to \[3\]/});
  t.throws(() => sampleBroadcastBatch(d, 1, [], 1), {message: /Normal: batch shape \[2\] does not broadcast to \[\]/});
  d.dispose();
});
