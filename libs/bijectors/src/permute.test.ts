import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Permute} from './permute';
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

test('Permute leaks no tensors', (t) => {
  const b = new Permute({permutation: [1, 2, 0]});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([1, 2, 3]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([1, 2, 3])]));
});
