import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Permute} from './permute';
import {Transpose} from './transpose';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Permute: y[..., i] = x[..., permutation[i]], log-det 0', (t) => {
  const b = new Permute({permutation: [2, 0, 1]});
  const y = b.forward([[10, 11, 12], [20, 21, 22]]);
  assertClose(t, y, [[12, 10, 11], [22, 20, 21]], 0);
  y.dispose();
  checkBijector(t, b, [[1, 2, 3], [4, 5, 6]]);
  checkBijector(t, b, [[1, 2, 3], [4, 5, 6]], {eventNdims: 2});
});

test('Permute along axis -2', (t) => {
  const b = new Permute({permutation: [1, 0], axis: -2});
  t.is(b.forwardMinEventNdims, 2);
  const y = b.forward([[1, 2, 3], [4, 5, 6]]);
  assertClose(t, y, [[4, 5, 6], [1, 2, 3]], 0);
  y.dispose();
  checkBijector(t, b, [[1, 2, 3], [4, 5, 6]]);
});

test('Permute errors: not a permutation, bad axis, wrong size', (t) => {
  t.throws(() => new Permute({permutation: [0, 0, 1]}), {message: "Permute: parameter 'permutation' must be a permutation of 0..2, got [0, 0, 1]"});
  t.throws(() => new Permute({permutation: [0, 3, 1]}), {message: /permutation of 0..2, got \[0, 3, 1\]/});
  t.throws(() => new Permute({permutation: [0, 1], axis: 0}), {message: /'axis' must be a negative integer, got 0/});
  const b = new Permute({permutation: [1, 0]});
  t.throws(() => b.forward([1, 2, 3]), {message: 'permute.forward: input of shape [3] must have size 2 along axis -1'});
});

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
