import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {matmul} from '@tfjs-probability/math';
import {CorrelationCholesky} from './correlation_cholesky';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('CorrelationCholesky: unit-diagonal L L^T, lower triangular with positive diagonal', (t) => {
  const b = new CorrelationCholesky();
  const y = b.forward([[0.5, -1, 2], [0, 0, 0]]);
  t.deepEqual(y.shape, [2, 3, 3]);
  const corr = matmul(y, y, false, true);
  assertClose(t, tf.tidy(() => tf.stack([0, 1, 2].map((i) => tf.slice(corr, [0, i, i], [2, 1, 1])))), [1, 1, 1, 1, 1, 1], 1e-6);
  // x = 0 gives the identity.
  assertClose(t, tf.tidy(() => tf.slice(y, [1, 0, 0], [1, 3, 3])), [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]], 1e-7);
  // First row is e_0; the (1, 0) entry is x_k / sqrt(1 + x_k^2) for the entry fill_triangular puts there.
  const vals = Array.from(y.dataSync()).slice(0, 9);
  t.true(vals[1] === 0 && vals[2] === 0 && vals[5] === 0 && vals[4] > 0 && vals[8] > 0);
  tf.dispose([y, corr]);
});

test('CorrelationCholesky log-det against autodiff on the strictly-lower coordinates', (t) => {
  const b = new CorrelationCholesky();
  t.is(b.forwardMinEventNdims, 1);
  t.is(b.inverseMinEventNdims, 2);
  t.deepEqual(b.forwardEventShape([6]), [4, 4]);
  t.deepEqual(b.inverseEventShape([4, 4]), [6]);
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]], {outputIndices: [3, 6, 7], atol: 2e-5, rtol: 2e-5});
  checkBijector(t, b, [[0.5, -1, 2, 0.2, 0.3, -0.4], [0.1, 0.3, -0.7, 1.5, -2, 0.8]], {outputIndices: [4, 8, 9, 12, 13, 14], atol: 2e-5, rtol: 2e-5});
  t.throws(() => b.forward([1, 2]), {message: /correlation_cholesky: the event must be a vector of length n\(n-1\)\/2, got shape \[2\]/});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([[1, 0], [0.6, 0.8]]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([[1, 0], [0.6, 0.8]])]));
});
