import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {choleskySolve} from './cholesky_solve';
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

  test.serial(`${backend}: choleskySolve leaks nothing`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(ref.a);
    const b = tf.tensor(ref.rhs);
    const l = cholesky(a);
    assertNoLeak(t, () => choleskySolve(l, b).dispose(), 'choleskySolve');
    tf.dispose([a, b, l]);
  });
}
