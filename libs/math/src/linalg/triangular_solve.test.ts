import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {triangularSolve} from './triangular_solve';
import {assertClose, assertNoLeak, LinalgKernelFixtures, loadFixture, TEST_BACKENDS, useBackend} from './test_util';
const fixtures = loadFixture<LinalgKernelFixtures>('linalg_kernels');

// Solutions: float64 substitution on float32 inputs, diagonally dominant 4 x 4 systems
// (condition number < 5): a few float32 ulps.
const VALUE_TOL = {atol: 1e-6, rtol: 1e-5};
// Gradients: one more float32 solve and a matmul summed over the broadcast batch (3 terms).
const GRAD_TOL = {atol: 1e-5, rtol: 1e-4};

for (const backend of TEST_BACKENDS) {
  for (const c of fixtures.triangularSolve) {
    const label = `lower=${c.lower} adjoint=${c.adjoint}`;
    test.serial(`${backend}: triangularSolve ${label} with broadcast batch [2,1] x [3] matches scipy`, async (t) => {
      await useBackend(backend);
      tf.tidy(() => assertClose(t, triangularSolve(c.matrix, c.rhs, c.lower, c.adjoint), c.x, VALUE_TOL, 'X'));
    });

    test.serial(`${backend}: triangularSolve ${label} gradients wrt matrix and rhs match torch`, async (t) => {
      await useBackend(backend);
      tf.tidy(() => {
        const w = tf.tensor(c.weights);
        const [gm, gb] = tf.grads((m: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(triangularSolve(m, b, c.lower, c.adjoint), w)),
        )([tf.tensor(c.matrix), tf.tensor(c.rhs)]);
        assertClose(t, gm, c.gradMatrix, GRAD_TOL, 'dMatrix');
        assertClose(t, gb, c.gradRhs, GRAD_TOL, 'dRhs');
      });
    });
  }

  test.serial(`${backend}: one matrix for batched rhs (columns folded) agrees with the batched path, gradients too`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const c = fixtures.triangularSolve[1];
      // matrix [2, 1, 4, 4] -> its first member [4, 4]; rhs [3, 4, 2].
      const single = tf.tensor(c.matrix).slice([0, 0, 0, 0], [1, 1, 4, 4]).reshape([4, 4]);
      const rhs = tf.tensor(c.rhs);
      const f = (m: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(triangularSolve(m, b, c.lower, c.adjoint), tf.range(1, 25).reshape([3, 4, 2])));
      const folded = triangularSolve(single, rhs, c.lower, c.adjoint);
      const batched = triangularSolve(tf.broadcastTo(single, [3, 4, 4]), rhs, c.lower, c.adjoint);
      assertClose(t, folded, batched, VALUE_TOL, 'X');
      assertClose(t, folded, (c.x as number[][][][])[0], VALUE_TOL, 'X vs scipy');
      const [gm1, gb1] = tf.grads(f)([single, rhs]);
      const [gm3, gb3] = tf.grads((m: tf.Tensor, b: tf.Tensor) => f(tf.broadcastTo(m, [3, 4, 4]), b))([single, rhs]);
      assertClose(t, gm1, gm3, GRAD_TOL, 'dMatrix');
      assertClose(t, gb1, gb3, GRAD_TOL, 'dRhs');
    });
  });

  test.serial(`${backend}: triangularSolve leaks nothing, gradients included`, async (t) => {
    await useBackend(backend);
    const c = fixtures.triangularSolve[0];
    const m = tf.tensor(c.matrix);
    const b = tf.tensor(c.rhs);
    assertNoLeak(t, () => triangularSolve(m, b).dispose(), 'triangularSolve');
    assertNoLeak(
      t,
      () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(triangularSolve(x, y, false, true)))([m, b]).forEach((g) => g.dispose()),
      'triangularSolve gradient',
    );
    tf.dispose([m, b]);
  });
}

test('triangularSolve has second derivatives: the Hessian of 0.5 |A^-1 b|^2 is A^-T A^-1', (t) => {
  tf.tidy(() => {
    const a = tf.tensor([[2, 0], [1, 4]]);
    const gradient = (b: tf.Tensor) => tf.grad((v: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(triangularSolve(a, v)))))(b);
    // Hessian-vector product with w = [1, 1]: A^-T A^-1 w = [[0.265625, -0.03125], [-0.03125, 0.0625]] w.
    const hw = tf.grad((b: tf.Tensor) => tf.sum(gradient(b)))(tf.tensor([[0.3], [-0.7]]));
    assertClose(t, hw, [[0.234375], [0.03125]], {atol: 1e-7, rtol: 1e-6}, 'H w');
  });
});

test('triangularSolve names mismatched shapes', (t) => {
  t.throws(() => triangularSolve(tf.eye(3), tf.zeros([4, 2])), {
    message: /triangularSolve: rhs must have shape \[\.\.\., 3, K\] for matrix of shape \[3, 3\]; got \[4, 2\]/,
  });
  t.throws(() => triangularSolve(tf.zeros([2, 3, 3]), tf.zeros([4, 3, 1])), {
    message: /triangularSolve: batch shapes \[2\] and \[4\] cannot be broadcast/,
  });
});
