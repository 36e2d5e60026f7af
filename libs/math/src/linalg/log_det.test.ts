import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {choleskyLogDeterminant, logAbsDeterminant, logDet, slogdet} from './log_det';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';
const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');

// log-determinants of float32 matrices computed in float64: absolute error ~1e-6 per pivot.
const VALUE_TOL = {atol: 1e-5, rtol: 1e-5};
// Gradient A^-T (slogdet) or through cholesky + log: float32 matmul-level error.
const GRAD_TOL = {atol: 1e-4, rtol: 1e-4};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: slogdet matches numpy, negative determinants included`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const {sign, logAbsDeterminant: value} = slogdet(fixtures.inverse.a);
      assertClose(t, sign, fixtures.inverse.sign, {atol: 0, rtol: 0}, 'sign');
      assertClose(t, value, fixtures.inverse.logAbsDet, VALUE_TOL, 'log|det|');
      assertClose(t, logAbsDeterminant(fixtures.inverse.a), fixtures.inverse.logAbsDet, VALUE_TOL, 'log|det|');
    });
  });

  test.serial(`${backend}: gradient of log|det A| is A^-T (torch)`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const w = tf.tensor(fixtures.inverse.logAbsDetWeights);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(logAbsDeterminant(a), w)))(tf.tensor(fixtures.inverse.a));
      assertClose(t, g, fixtures.inverse.logAbsDetGrad, GRAD_TOL, 'dA');
    });
  });

  test.serial(`${backend}: logDet and choleskyLogDeterminant of SPD matrices match numpy slogdet`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = fixtures.cholesky.a;
      assertClose(t, logDet(a), fixtures.cholesky.logdet, VALUE_TOL, 'logDet');
      assertClose(t, choleskyLogDeterminant(cholesky(a)), fixtures.cholesky.logdet, VALUE_TOL, 'cholesky logdet');
    });
  });

  test.serial(`${backend}: gradient of logDet of an SPD matrix is A^-1`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      // d log det(A) / dA = A^-1 for symmetric A; compare with the slogdet path's A^-T.
      const a = tf.tensor(fixtures.cholesky.a);
      const viaCholesky = tf.grad((x: tf.Tensor) => tf.sum(logDet(x)))(a);
      const viaLu = tf.grad((x: tf.Tensor) => tf.sum(logAbsDeterminant(x)))(a);
      assertClose(t, viaCholesky, viaLu, GRAD_TOL, 'dA');
    });
  });

  test.serial(`${backend}: determinants leak nothing`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(fixtures.cholesky.a);
    assertNoLeak(t, () => tf.dispose(slogdet(a)), 'slogdet');
    assertNoLeak(t, () => logAbsDeterminant(a).dispose(), 'logAbsDeterminant');
    assertNoLeak(t, () => logDet(a).dispose(), 'logDet');
    const l = cholesky(a);
    assertNoLeak(t, () => choleskyLogDeterminant(l).dispose(), 'choleskyLogDeterminant');
    l.dispose();
    assertNoLeak(t, () => tf.grad((x: tf.Tensor) => tf.sum(logAbsDeterminant(x)))(a).dispose(), 'gradient');
    a.dispose();
  });
}

test('slogdet of a singular matrix is (0, -Infinity); bad shapes are named', (t) => {
  tf.tidy(() => {
    const {sign, logAbsDeterminant: value} = slogdet([[1, 2], [2, 4]]);
    t.is(sign.dataSync()[0], 0);
    t.is(value.dataSync()[0], -Infinity);
  });
  tf.tidy(() => {
    // The determinant of a 0 x 0 matrix is 1.
    const {sign, logAbsDeterminant: value} = slogdet(tf.zeros([2, 0, 0]));
    t.deepEqual(Array.from(sign.dataSync()), [1, 1]);
    t.deepEqual(Array.from(value.dataSync()), [0, 0]);
  });
  t.throws(() => slogdet(tf.zeros([3, 2])), {message: /slogdet: x must be a batch of square matrices.*\[3, 2\]/});
});
