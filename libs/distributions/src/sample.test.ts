import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Independent} from './independent';
import {Normal} from './normal';
import {Sample} from './sample';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

test('iid draws become event dims placed after the batch', (t) => {
  assertNoLeak(t, () => {
    const base = new Normal({loc: [0, 10, 20], scale: 1});
    const d = new Sample({distribution: base, sampleShape: [4, 2]});
    t.deepEqual(d.batchShape, [3]);
    t.deepEqual(d.eventShape, [4, 2]);
    tf.tidy(() => {
      const x = d.sample([5], 3);
      t.deepEqual(x.shape, [5, 3, 4, 2]);
      // Batch member i draws around 10 i: the batch axis is axis 1, not a sample axis.
      const means = x.mean([0, 2, 3]).dataSync();
      [0, 10, 20].forEach((m, i) => t.true(Math.abs(means[i] - m) < 1.5));
      // log p sums the inner log p over the 8 draws of each event.
      const lp = d.logProb(x);
      t.deepEqual(lp.shape, [5, 3]);
      const inner = base.logProb(tf.transpose(x, [2, 3, 0, 1])).sum([0, 1]);
      assertClose(t, lp, inner, {rtol: 1e-5});
      assertClose(t, d.mean(), tf.broadcastTo(tf.tensor([0, 10, 20]).reshape([3, 1, 1]), [3, 4, 2]));
      assertClose(t, d.entropy(), base.entropy().mul(8), {rtol: 1e-6});
    });
    base.dispose();
  });
});

test('Sample of a scalar equals Independent over a broadcast batch', (t) => {
  assertNoLeak(t, () => {
    const base = new Normal({loc: 1, scale: 2});
    const viaSample = new Sample({distribution: base, sampleShape: 6});
    const wide = new Normal({loc: tf.fill([6], 1), scale: 2});
    const viaIndependent = new Independent({distribution: wide});
    tf.tidy(() => {
      const x = tf.randomNormal([3, 6], 0, 1, 'float32', 4);
      assertClose(t, viaSample.logProb(x), viaIndependent.logProb(x), {rtol: 1e-6});
      const q = new Sample({distribution: new Normal({loc: 0, scale: 1}), sampleShape: 6});
      const klOne = klDivergence(base, new Normal({loc: 0, scale: 1}));
      assertClose(t, klDivergence(viaSample, q), klOne.mul(6), {rtol: 1e-6});
    });
    base.dispose();
    wide.dispose();
    wide.loc.dispose();
  });
});

test('a bad sample shape is named', (t) => {
  const base = new Normal({loc: 0, scale: 1});
  t.throws(() => new Sample({distribution: base, sampleShape: [2, -1]}), {message: /Sample: 'sampleShape' must hold non-negative integers, got \[2,-1\]/});
  base.dispose();
});
