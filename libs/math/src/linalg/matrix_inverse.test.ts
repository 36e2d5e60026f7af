import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {matrixInverse} from './matrix_inverse';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';
const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');

const ref = fixtures.inverse;
// Inverses of 3 x 3 matrices with condition number < 30, computed in float64 from float32
// inputs: error ~ one rounding, well inside 1e-5 relative.
const VALUE_TOL = {atol: 1e-5, rtol: 1e-5};
// Gradient -A^-T G A^-T: two float32 matmuls of inverse entries up to ~3: 1e-4 relative.
const GRAD_TOL = {atol: 1e-4, rtol: 1e-4};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: matrixInverse matches numpy (incl. a matrix needing row pivoting)`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => assertClose(t, matrixInverse(ref.a), ref.inv, VALUE_TOL, 'inv'));
  });

  test.serial(`${backend}: matrixInverse gradient matches torch`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(matrixInverse(a), tf.tensor(ref.weights))))(tf.tensor(ref.a));
      assertClose(t, g, ref.grad, GRAD_TOL, 'dA');
    });
  });

  test.serial(`${backend}: an exactly singular matrix gives NaN`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => t.true(Array.from(matrixInverse([[1, 2], [2, 4]]).dataSync()).every(Number.isNaN)));
  });

  test.serial(`${backend}: matrixInverse leaks nothing`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(ref.a);
    assertNoLeak(t, () => matrixInverse(a).dispose(), 'matrixInverse');
    assertNoLeak(t, () => tf.grad((x: tf.Tensor) => tf.sum(matrixInverse(x)))(a).dispose(), 'gradient');
    a.dispose();
  });
}

test('matrixInverse rejects non-square input', (t) => {
  t.throws(() => matrixInverse(tf.zeros([2, 3])), {message: /matrixInverse: x must be a batch of square matrices.*\[2, 3\]/});
});
