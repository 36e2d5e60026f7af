import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {choleskySolve} from './cholesky_solve';
import {matrixSolve} from './matrix_solve';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';
const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');

const ref = fixtures.choleskySolve;
// Two float32 triangular solves (each float64 inside, rounded) of SPD 3 x 3 systems with
// condition number < 10: relative error ~ 10 * 2 * 6e-8.
const TOL = {atol: 1e-5, rtol: 1e-5};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: choleskySolve with broadcast rhs [3, 2] against [2, 3, 3] matches scipy`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => assertClose(t, choleskySolve(cholesky(ref.a), ref.rhs), ref.x, TOL, 'X'));
  });

  test.serial(`${backend}: matrixSolve (LU) matches scipy and its rhs gradient is A^-T 1`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      assertClose(t, matrixSolve(ref.a, ref.rhs), ref.x, {atol: 1e-4, rtol: 1e-4}, 'X');
      // d/db sum(A^-1 b) = A^-T 1: compare to choleskySolve of ones (A symmetric).
      const g = tf.grad((b: tf.Tensor) => tf.sum(matrixSolve(ref.a, b)))(tf.tensor(ref.rhs));
      const expected = tf.sum(choleskySolve(cholesky(ref.a), tf.onesLike(tf.tensor(ref.rhs))), 0);
      assertClose(t, g, expected, {atol: 1e-4, rtol: 1e-4}, 'dB');
    });
  });

  test.serial(`${backend}: choleskySolve and matrixSolve leak nothing`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(ref.a);
    const b = tf.tensor(ref.rhs);
    const l = cholesky(a);
    assertNoLeak(t, () => choleskySolve(l, b).dispose(), 'choleskySolve');
    assertNoLeak(t, () => matrixSolve(a, b).dispose(), 'matrixSolve');
    tf.dispose([a, b, l]);
  });
}
