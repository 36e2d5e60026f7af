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

  for (const [lower, adjoint] of [[true, false], [true, true], [false, false], [false, true]]) {
    test.serial(`${backend}: batched vectors (row kernel, plain and blocked) lower=${lower} adjoint=${adjoint} match float64 substitution, gradients match the column kernel`, async (t) => {
      await useBackend(backend);
      // n = 40 with 600 right-hand sides takes the blocked path (float32 products of the solved
      // columns, ~n u |A| |x| ~ 5e-6 relative here), 5 right-hand sides the plain float64 one.
      // A is diagonally dominant (condition number < 10), so float32 results are within 1e-5.
      const n = 40;
      const random = mulberry(7);
      const a = Array.from({length: n * n}, (_, i) => (i % (n + 1) === 0 ? 2 + random() : (random() - 0.5) * 0.1));
      for (const m of [5, 600]) {
        const rhs = Array.from({length: m * n}, () => random() * 2 - 1);
        const want = substitute(a, rhs, n, lower, adjoint);
        tf.tidy(() => {
          const matrix = tf.tensor2d(a, [n, n]);
          const b = tf.tensor(rhs, [m / 5, 5, n, 1]);
          const x = triangularSolve(matrix, b, lower, adjoint);
          t.deepEqual(x.shape, [m / 5, 5, n, 1]);
          assertClose(t, x.reshape([m * n]), want, {atol: 1e-6, rtol: 1e-5}, `X m=${m}`);
          const w = tf.randomNormal(b.shape, 0, 1, 'float32', 3);
          const f = (mm: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(triangularSolve(mm, bb, lower, adjoint), w));
          const [gm, gb] = tf.grads(f)([matrix, b]);
          // The same through the column kernel: the matrix broadcast to the batch.
          const [gm2, gb2] = tf.grads((mm: tf.Tensor, bb: tf.Tensor) => f(tf.broadcastTo(mm, [m / 5, 5, n, n]), bb))([matrix, b]);
          assertClose(t, gm, gm2, {atol: 1e-4, rtol: 1e-4}, `dMatrix m=${m}`);
          assertClose(t, gb, gb2, GRAD_TOL, `dRhs m=${m}`);
        });
      }
    });
  }

  test.serial(`${backend}: the row kernel has second derivatives and leaks nothing`, async (t) => {
    await useBackend(backend);
    // Hessian of 0.5 |A^-1 b|^2 in b is A^-T A^-1: for A = [[2, 0], [1, 4]] and w = [1, 1],
    // A^-T A^-1 w = [0.234375, 0.03125], here for a batch of two right-hand sides.
    const a = tf.tensor([[2, 0], [1, 4]]);
    const b = tf.tensor([[[0.3], [-0.7]], [[1], [2]]]);
    tf.tidy(() => {
      const gradient = (v: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(triangularSolve(a, u)))))(v);
      const hw = tf.grad((v: tf.Tensor) => tf.sum(gradient(v)))(b);
      assertClose(t, hw, [[[0.234375], [0.03125]], [[0.234375], [0.03125]]], {atol: 1e-7, rtol: 1e-6}, 'H w');
    });
    assertNoLeak(t, () => triangularSolve(a, b, false, true).dispose(), 'row kernel');
    assertNoLeak(
      t,
      () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(triangularSolve(x, y, true, true)))([a, b]).forEach((g) => g.dispose()),
      'row kernel gradient',
    );
    tf.dispose([a, b]);
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

/** Small seeded uniform generator (mulberry32) for the test matrices. */
function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let r = Math.imul(state ^ (state >>> 15), 1 | state);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reference: op(A) x = b for each n-vector of `rhs` by float64 substitution on the float32-rounded inputs. */
function substitute(a: number[], rhs: number[], n: number, lower: boolean, adjoint: boolean): number[] {
  const f = (v: number) => Math.fround(v);
  const op = (i: number, j: number) => f(adjoint ? a[j * n + i] : a[i * n + j]);
  const forward = lower !== adjoint;
  const out: number[] = [];
  for (let r = 0; r < rhs.length / n; r++) {
    const x = new Array<number>(n).fill(0);
    for (let step = 0; step < n; step++) {
      const i = forward ? step : n - 1 - step;
      let s = f(rhs[r * n + i]);
      for (let j = 0; j < n; j++) if (forward ? j < i : j > i) s -= op(i, j) * x[j];
      x[i] = s / op(i, i);
    }
    out.push(...x);
  }
  return out;
}
