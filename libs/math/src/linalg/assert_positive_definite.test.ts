import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {assertPositiveDefinite} from './assert_positive_definite';

test('assertPositiveDefinite accepts SPD batches and names failing members', (t) => {
  const before = tf.memory().numTensors;
  t.notThrows(() => assertPositiveDefinite([[[2, 1], [1, 2]], [[1, 0], [0, 3]]]));
  t.throws(() => assertPositiveDefinite([[[2, 1], [1, 2]], [[1, 2], [2, 1]]], 'covariance'), {
    message: /assertPositiveDefinite: covariance of shape \[2, 2, 2\] must be symmetric positive definite; failing batch members \(flattened index\): #1 \(not positive definite\)/,
  });
  t.throws(() => assertPositiveDefinite([[2, 1], [0, 2]]), {message: /#0 \(not symmetric: relative asymmetry 5\.00e-1\)/});
  t.throws(() => assertPositiveDefinite([[1, 2, 3]]), {message: /assertPositiveDefinite: matrix must be a batch of square matrices/});
  t.is(tf.memory().numTensors, before);
});
