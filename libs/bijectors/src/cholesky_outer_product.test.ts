import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {CholeskyOuterProduct} from './cholesky_outer_product';
import {assertClose, assertNoLeak, checkBijector, lowerIndices} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Cholesky of a well-conditioned 3 x 3 in float32 reproduces L to ~1e-6 relative: 2e-5.

test('CholeskyOuterProduct: Y = L L^T, inverse by Cholesky, log-det on the triangle', (t) => {
  const b = new CholeskyOuterProduct();
  const y = b.forward([[2, 0], [1, 3]]);
  assertClose(t, y, [[4, 2], [2, 10]], 1e-6);
  // n log 2 + n log L00 + (n-1) log L11 = 2 log 2 + 2 log 2 + log 3.
  const l = b.forwardLogDetJacobian([[2, 0], [1, 3]]);
  assertClose(t, l, [4 * Math.LN2 + Math.log(3)], 1e-5);
  tf.dispose([y, l]);
  const x = [
    [[1.5, 0, 0], [0.3, 2, 0], [-0.5, 0.7, 0.8]],
    [[0.9, 0, 0], [-1, 1.2, 0], [0.4, 0.1, 2.5]],
  ];
  checkBijector(t, b, x, {inputIndices: lowerIndices(3), outputIndices: lowerIndices(3), atol: 2e-5, rtol: 2e-5});
  // eventNdims 3 sums the two matrices' log-dets.
  const each = b.forwardLogDetJacobian(x);
  const both = b.forwardLogDetJacobian([x], 3);
  t.deepEqual(both.shape, [1]);
  assertClose(t, both, [each.dataSync()[0] + each.dataSync()[1]], 1e-5, 1e-6);
  tf.dispose([each, both]);
  assertNoLeak(t, () => tf.dispose([b.forward([[1, 0], [2, 3]]), b.inverse([[4, 2], [2, 10]]), b.forwardLogDetJacobian([[1, 0], [2, 3]]), b.inverseLogDetJacobian([[4, 2], [2, 10]])]));
});
