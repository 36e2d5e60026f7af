import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Independent} from './independent';
import {Normal} from './normal';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

test('reinterprets trailing batch dims as event dims', (t) => {
  assertNoLeak(t, () => {
    const loc = tf.zeros([2, 3, 4]);
    const inner = new Normal({loc, scale: 1});
    const all = new Independent({distribution: inner});
    t.deepEqual(all.batchShape, []);
    t.deepEqual(all.eventShape, [2, 3, 4]);
    const one = new Independent({distribution: inner, reinterpretedBatchNdims: 1});
    t.deepEqual(one.batchShape, [2, 3]);
    t.deepEqual(one.eventShape, [4]);
    tf.tidy(() => {
      const x = tf.randomNormal([5, 2, 3, 4], 0, 1, 'float32', 3);
      t.deepEqual(one.logProb(x).shape, [5, 2, 3]);
      assertClose(t, one.logProb(x), inner.logProb(x).sum(-1), {rtol: 1e-6});
      assertClose(t, all.logProb(x), inner.logProb(x).sum([1, 2, 3]), {rtol: 1e-6});
      t.deepEqual(one.sample([6], 1).shape, [6, 2, 3, 4]);
      t.deepEqual(one.mean().shape, [2, 3, 4]);
      assertClose(t, one.entropy(), inner.entropy().sum(-1), {rtol: 1e-6});
    });
    inner.dispose();
    loc.dispose();
  });
});

test('KL of Independent Normals is the sum of the inner KLs', (t) => {
  assertNoLeak(t, () => {
    const p = new Independent({distribution: new Normal({loc: [[0, 1, 2]], scale: [1, 2, 3]}), reinterpretedBatchNdims: 1});
    const q = new Independent({distribution: new Normal({loc: [[1, 1, 1]], scale: [2, 2, 2]}), reinterpretedBatchNdims: 1});
    tf.tidy(() => {
      // Closed form per dim: log(sq/sp) + (sp^2 + (mp-mq)^2)/(2 sq^2) - 1/2.
      const expected = [0, 1, 2].reduce((s, i) => {
        const [mp, sp, mq, sq] = [i, i + 1, 1, 2];
        return s + Math.log(sq / sp) + (sp * sp + (mp - mq) ** 2) / (2 * sq * sq) - 0.5;
      }, 0);
      const kl = klDivergence(p, q);
      t.deepEqual(kl.shape, [1]);
      assertClose(t, kl, expected, {rtol: 1e-6});
    });
    p.distribution.dispose();
    q.distribution.dispose();
  });
});

test('bad reinterpretedBatchNdims names the inner batch rank', (t) => {
  const inner = new Normal({loc: [0, 1], scale: 1});
  t.throws(() => new Independent({distribution: inner, reinterpretedBatchNdims: 2}), {
    message: /Independent: 'reinterpretedBatchNdims' must be an integer in \[0, 1\].*received 2/,
  });
  inner.dispose();
});
