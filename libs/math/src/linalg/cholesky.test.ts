import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';
const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');

const ref = fixtures.cholesky;
// Factors are computed in float64 from float32 inputs and rounded once: a few float32 ulps.
const VALUE_TOL = {atol: 1e-6, rtol: 1e-5};
// The gradient goes through float32 triangular solves and matmuls of well-conditioned 4 x 4
// matrices (condition number < 20): about 20 * 4 * 6e-8 relative, so 1e-4 leaves headroom.
const GRAD_TOL = {atol: 1e-5, rtol: 1e-4};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: cholesky of a [2, 3] batch matches numpy`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => assertClose(t, cholesky(ref.a), ref.l, VALUE_TOL, 'L'));
  });

  test.serial(`${backend}: cholesky reads only the lower triangle`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor(ref.a);
      const garbageAbove = tf.add(a, tf.linalg.bandPart(tf.fill(a.shape, 7), 0, -1).sub(tf.linalg.bandPart(tf.fill(a.shape, 7), 0, 0)));
      assertClose(t, cholesky(garbageAbove), ref.l, VALUE_TOL, 'L');
    });
  });

  test.serial(`${backend}: cholesky gradient matches torch autograd (symmetric gradient)`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(cholesky(a), tf.tensor(ref.weights))))(tf.tensor(ref.a));
      assertClose(t, g, ref.grad, GRAD_TOL, 'dA');
    });
  });

  test.serial(`${backend}: a matrix that is not positive definite gives NaN, its batch neighbours do not`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const l = cholesky([[[4, 2], [2, 3]], [[1, 2], [2, 1]], [[NaN, 0], [0, 1]]]).arraySync() as number[][][];
      t.deepEqual(l[0], [[2, 0], [1, Math.sqrt(2)]].map((r) => r.map((v) => Math.fround(v))));
      t.true(l[1].flat().every(Number.isNaN));
      t.true(l[2].flat().every(Number.isNaN));
    });
  });

  test.serial(`${backend}: cholesky leaks nothing, gradient included`, async (t) => {
    await useBackend(backend);
    const a = tf.tensor(ref.a);
    assertNoLeak(t, () => cholesky(a).dispose(), 'cholesky');
    assertNoLeak(t, () => tf.grad((x: tf.Tensor) => tf.sum(cholesky(x)))(a).dispose(), 'cholesky gradient');
    a.dispose();
  });
}

test('cholesky rejects non-square input naming the shape', (t) => {
  t.throws(() => cholesky(tf.zeros([2, 3, 4])), {message: /cholesky: x must be a batch of square matrices .*\[2, 3, 4\]/});
  t.throws(() => cholesky(tf.zeros([3])), {message: /cholesky: x must have rank >= 2.*\[3\]/});
});
