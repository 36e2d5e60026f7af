import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Deterministic} from './deterministic';
import {Laplace} from './laplace';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

test('prob, logProb and cdf are indicators with the atol + rtol |loc| slack', (t) => {
  assertNoLeak(t, () => {
    const exact = new Deterministic({loc: [0, 2]});
    const loose = new Deterministic({loc: [10, -4], atol: 0.1, rtol: 0.01});
    tf.tidy(() => {
      // Slack of loose: 0.1 + 0.01 * 10 = 0.2 and 0.1 + 0.01 * 4 = 0.14.
      assertClose(t, exact.prob([[0, 2], [1e-7, 2.0000002]]), [1, 1, 0, 0]);
      assertClose(t, exact.logProb([0, 3]), [0, -Infinity]);
      assertClose(t, loose.slack(), [0.2, 0.14], {rtol: 1e-6});
      assertClose(t, loose.prob([[10.19, -4.13], [10.21, -3.85]]), [1, 1, 0, 0]);
      assertClose(t, loose.cdf([[9.79, -4.15], [9.81, -4.13]]), [0, 0, 1, 1]);
      assertClose(t, exact.survivalFunction([-1, 2]), [1, 0]);
    });
    exact.dispose();
    loose.dispose();
  });
});

test('statistics: mean and mode are loc, variance and entropy 0; samples repeat loc', (t) => {
  assertNoLeak(t, () => {
    const d = new Deterministic({loc: [[1, 2, 3]]});
    t.deepEqual(d.batchShape, [1, 3]);
    t.is(d.reparameterizationType, 'NOT_REPARAMETERIZED');
    tf.tidy(() => {
      assertClose(t, d.mean(), [1, 2, 3]);
      assertClose(t, d.mode(), [1, 2, 3]);
      assertClose(t, d.variance(), [0, 0, 0]);
      assertClose(t, d.stddev(), [0, 0, 0]);
      assertClose(t, d.entropy(), [0, 0, 0]);
      const x = d.sample([4, 2], 3);
      t.deepEqual(x.shape, [4, 2, 1, 3]);
      assertClose(t, x, tf.tile(tf.tensor1d([1, 2, 3]), [8]), {rtol: 0, atol: 0});
    });
    d.dispose();
  });
});

test('KL(Deterministic || q) is -q.logProb(loc) for any registered q', (t) => {
  assertNoLeak(t, () => {
    const p = new Deterministic({loc: [0.5, -2]});
    const q = new Laplace({loc: 0, scale: 2});
    tf.tidy(() => {
      // Laplace(0, 2) log density: -|x| / 2 - log 4.
      assertClose(t, klDivergence(p, q), [0.25 + Math.log(4), 1 + Math.log(4)], {rtol: 1e-6});
    });
    p.dispose();
    q.dispose();
  });
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Deterministic({loc: 0, atol: -1}), {message: /Deterministic: parameter 'atol' must be non-negative; received -1/});
  t.throws(() => new Deterministic({loc: 0, rtol: -0.5}), {message: /Deterministic: parameter 'rtol' must be non-negative; received -0.5/});
  t.throws(() => new Deterministic({loc: [0, 1, 2], atol: [1, 2]}), {message: /Deterministic: parameter shapes do not broadcast/});
});
