import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {choleskySolve} from './cholesky_solve';
import {matrixSolve} from './matrix_solve';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';

const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');
// Solutions through the float32-rounded inverse of a 3 x 3 system (condition number < 30):
// relative error ~ 30 * 3 * 6e-8, so 1e-4 leaves headroom.
const TOL = {atol: 1e-4, rtol: 1e-4};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: matrixSolve (LU) matches scipy and its rhs gradient is A^-T 1`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      assertClose(t, matrixSolve(fixtures.choleskySolve.a, fixtures.choleskySolve.rhs), fixtures.choleskySolve.x, TOL, 'X');
      // d/db sum(A^-1 b) = A^-T 1: compare to choleskySolve of ones (A symmetric).
      const g = tf.grad((b: tf.Tensor) => tf.sum(matrixSolve(fixtures.choleskySolve.a, b)))(tf.tensor(fixtures.choleskySolve.rhs));
      const expected = tf.sum(choleskySolve(cholesky(fixtures.choleskySolve.a), tf.onesLike(tf.tensor(fixtures.choleskySolve.rhs))), 0);
      assertClose(t, g, expected, TOL, 'dB');
    });
  });

  test.serial(`${backend}: matrixSolve with adjoint solves A^T X = B (numpy inverse of a general matrix)`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor(fixtures.inverse.a);
      const b = tf.ones([3, 3, 1]);
      // A^T X = 1  <=>  X = A^-T 1, whose entries are the column sums of numpy's A^-1.
      const expected = tf.sum(tf.transpose(tf.tensor(fixtures.inverse.inv), [0, 2, 1]), -1, true);
      assertClose(t, matrixSolve(a, b, true), expected, TOL, 'X');
    });
  });

  test.serial(`${backend}: matrixSolve leaks nothing`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(fixtures.choleskySolve.a);
    const b = tf.tensor(fixtures.choleskySolve.rhs);
    assertNoLeak(t, () => matrixSolve(a, b).dispose(), 'matrixSolve');
    tf.dispose([a, b]);
  });
}
