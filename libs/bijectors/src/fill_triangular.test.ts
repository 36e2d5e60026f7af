import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {FillTriangular} from './fill_triangular';
import {assertClose, assertNoLeak, checkBijector, lowerIndices} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Inputs are batches of 2: FillTriangular's gradient goes through tf.linalg.bandPart, whose
// gradient fails for a single matrix in tfjs 4.22 (reported to the math package).

test('FillTriangular packs in TFP order and is volume preserving on the triangle', (t) => {
  const b = new FillTriangular();
  const y = b.forward([1, 2, 3, 4, 5, 6]);
  assertClose(t, y, [[4, 0, 0], [6, 5, 0], [3, 2, 1]], 0);
  const u = new FillTriangular({upper: true}).forward([1, 2, 3, 4, 5, 6]);
  assertClose(t, u, [[1, 2, 3], [0, 5, 6], [0, 0, 4]], 0);
  tf.dispose([y, u]);
  checkBijector(t, b, [[1, 2, 3, 4, 5, 6], [-1, 0.5, 2, 0, 3, -2]], {outputIndices: lowerIndices(3)});
  checkBijector(t, b, [[[1, 2, 3], [4, 5, 6]]], {outputIndices: [0, 2, 3, 4, 6, 7], eventNdims: 2});
  t.is(b.forwardMinEventNdims, 1);
  t.is(b.inverseMinEventNdims, 2);
  t.deepEqual(b.forwardEventShape([10]), [4, 4]);
  t.deepEqual(b.inverseEventShape([4, 4]), [10]);
});

test('FillTriangular errors and leaks', (t) => {
  const b = new FillTriangular();
  t.throws(() => b.forward([1, 2, 3, 4]), {message: 'fill_triangular: the event must be a vector of triangular-number length n(n+1)/2, got shape [4]'});
  t.throws(() => b.inverseEventShape([2, 3]), {message: /must be a square matrix \[n, n\], got shape \[2, 3\]/});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([[1, 0], [2, 3]]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([[1, 0], [2, 3]])]));
});
