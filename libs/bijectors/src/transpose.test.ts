import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Transpose} from './transpose';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Transpose: perm and rightmostTransposedNdims, event shapes, log-det 0', (t) => {
  const b = new Transpose({perm: [1, 0]});
  const y = b.forward([[1, 2, 3], [4, 5, 6]]);
  assertClose(t, y, [[1, 4], [2, 5], [3, 6]], 0);
  y.dispose();
  t.deepEqual(b.forwardEventShape([2, 3]), [3, 2]);
  checkBijector(t, b, [[1, 2, 3], [4, 5, 6]]);
  const c = new Transpose({perm: [2, 0, 1]});
  const x = tf.range(0, 24).reshape([2, 3, 4]);
  const z = c.forward(x);
  t.deepEqual(z.shape, [4, 2, 3]);
  t.deepEqual(c.forwardEventShape([2, 3, 4]), [4, 2, 3]);
  t.deepEqual(c.inverseEventShape([4, 2, 3]), [2, 3, 4]);
  const back = c.inverse(z);
  assertClose(t, back, x, 0);
  tf.dispose([x, z, back]);
  const r = new Transpose({rightmostTransposedNdims: 2});
  t.deepEqual(r.perm, [1, 0]);
  checkBijector(t, r, tf.randomNormal([2, 2, 3], 0, 1, 'float32', 1));
  t.throws(() => new Transpose({perm: [1, 1]}), {message: "Transpose: parameter 'perm' must be a permutation of 0..1, got [1, 1]"});
  t.throws(() => new Transpose({}), {message: /give 'perm' or 'rightmostTransposedNdims'/});
  assertNoLeak(t, () => tf.dispose([b.forward([[1, 2]]), b.inverse([[1], [2]]), b.forwardLogDetJacobian([[1, 2]])]));
});
