import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {jacobian, logAbsDet, lowerIndices, submatrix} from './testing';
import {useBackend} from './setup_tests';

useBackend();

// The reference the bijector tests rely on must itself be right.

test('jacobian: reverse-mode rows match the analytic Jacobian of a coupled map', (t) => {
  // f(a, b) = [a b, sin a, a + 2 b]: J = [[b, a], [cos a, 0], [1, 2]].
  const x = tf.tensor1d([0.7, -1.3]);
  const J = jacobian((v) => {
    const [a, b] = tf.unstack(v);
    return tf.stack([tf.mul(a, b), tf.sin(a), tf.add(a, tf.mul(2, b))]);
  }, x);
  x.dispose();
  const expected = [[-1.3, 0.7], [Math.cos(0.7), 0], [1, 2]];
  J.forEach((row, i) => row.forEach((v, j) => t.true(Math.abs(v - expected[i][j]) < 1e-6, `J[${i}][${j}] = ${v}`)));
});

test('logAbsDet: known determinants, pivoting, singular matrices', (t) => {
  t.true(Math.abs(logAbsDet([[2, 0], [0, 3]]) - Math.log(6)) < 1e-12);
  // Needs a row swap (zero leading pivot); det = -(1*4 - ... ) -> |det| = 2.
  t.true(Math.abs(logAbsDet([[0, 1], [2, 3]]) - Math.log(2)) < 1e-12);
  t.true(Math.abs(logAbsDet([[4, 2, 0.6], [2, 3, 0.4], [0.6, 0.4, 5]]) - Math.log(4 * (15 - 0.16) - 2 * (10 - 0.24) + 0.6 * (0.8 - 1.8))) < 1e-12);
  t.is(logAbsDet([[1, 2], [2, 4]]), -Infinity);
  t.throws(() => logAbsDet([[1, 2, 3], [4, 5, 6]]), {message: /not square/});
  t.deepEqual(submatrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [0, 2], [1, 2]), [[2, 3], [8, 9]]);
  t.deepEqual(lowerIndices(3), [0, 3, 4, 6, 7, 8]);
  t.deepEqual(lowerIndices(3, false), [3, 6, 7]);
});
