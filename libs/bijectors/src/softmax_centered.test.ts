import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {SoftmaxCentered} from './softmax_centered';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('SoftmaxCentered: y = softmax([x, 0]) in R^(n+1), log-det over the first n coordinates', (t) => {
  const b = new SoftmaxCentered();
  const y = b.forward([Math.log(2), Math.log(3)]);
  assertClose(t, y, [2 / 6, 3 / 6, 1 / 6], 1e-6);
  y.dispose();
  t.deepEqual(b.forwardEventShape([3]), [4]);
  t.deepEqual(b.inverseEventShape([4]), [3]);
  checkBijector(t, b, [[0.5, -1, 2], [0, 0.3, -0.7]], {outputIndices: [0, 1, 2]});
  checkBijector(t, b, [[[0.5, -1], [2, 0]], [[0, 0.3], [-0.7, 1]]], {outputIndices: [0, 1, 3, 4], eventNdims: 2});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.3, 0.7]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.3, 0.7])]));
});
