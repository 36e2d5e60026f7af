import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {matmul, matrixTranspose, matvec, outer} from './matmul';
import {assertClose, assertNoLeak, TEST_BACKENDS, useBackend} from './test_util';

const EXACT = {atol: 1e-6, rtol: 1e-6};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: tf.matMul broadcasts batch dims but its gradient does not reduce them; matmul does`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor([[[1, 2], [3, 4]], [[0, 1], [1, 0]]]); // [2, 2, 2]
      const b = tf.tensor([[1, 0, 2], [0, 1, 3]]); // [2, 3]
      t.deepEqual(tf.matMul(a, b).shape, [2, 2, 3]);
      t.throws(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x, y)))([a, b]), {
        message: /gradient of input 'b' has shape '2,2,3'/,
      });
      assertClose(t, matmul(a, b), [[[1, 2, 8], [3, 4, 18]], [[0, 1, 3], [1, 0, 2]]], EXACT, 'a b');
      // d sum(A B) / dB = sum over the batch of A^T 1: column sums of A, summed over both members.
      const [, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matmul(x, y)))([a, b]);
      assertClose(t, gb, [[5, 5, 5], [7, 7, 7]], EXACT, 'dB');
    });
  });

  test.serial(`${backend}: matmul adjoint flags, matvec and outer against hand-computed products`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor([[1, 2], [3, 4], [5, 6]]); // [3, 2]
      assertClose(t, matmul(a, a, true, false), [[35, 44], [44, 56]], EXACT, 'A^T A');
      assertClose(t, matmul(a, a, false, true), [[5, 11, 17], [11, 25, 39], [17, 39, 61]], EXACT, 'A A^T');
      assertClose(t, matvec(a, [[1, 1], [1, -1]]), [[3, 7, 11], [-1, -1, -1]], EXACT, 'matvec broadcast');
      assertClose(t, matvec(a, [1, 0, 1], true), [6, 8], EXACT, 'A^T x');
      assertClose(t, outer([1, 2], [3, 4, 5]), [[3, 4, 5], [6, 8, 10]], EXACT, 'outer');
      assertClose(t, matrixTranspose(tf.ones([2, 3, 4])), tf.ones([2, 4, 3]), EXACT, 'transpose');
    });
  });

  test.serial(`${backend}: single-matrix fast paths agree with explicit broadcasting, gradients too`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const single = tf.tensor([[1, -2, 0.5], [3, 0.25, -1]]); // [2, 3]
      const batch = tf.reshape(tf.range(0, 2 * 3 * 3), [2, 3, 3]).div(7);
      for (const [adjA, adjB] of [[false, false], [true, true], [false, true], [true, false]]) {
        const left = adjA ? tf.transpose(single) : single; // op(left) is [2, 3]
        const viaFast = matmul(left, batch, adjA, adjB);
        const viaBroadcast = tf.matMul(tf.broadcastTo(left, [2, ...left.shape]), batch, adjA, adjB);
        assertClose(t, viaFast, viaBroadcast, {atol: 1e-5, rtol: 1e-6}, `single @ batch (${adjA}, ${adjB})`);
        const right = adjB ? single : tf.transpose(single); // op(right) is [3, 2]
        const fast2 = matmul(batch, right, false, adjB);
        const broad2 = tf.matMul(batch, tf.broadcastTo(right, [2, ...right.shape]), false, adjB);
        assertClose(t, fast2, broad2, {atol: 1e-5, rtol: 1e-6}, `batch @ single (${adjB})`);
      }
      const w = tf.range(0, 12).reshape([2, 2, 3]);
      const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(matmul(a, b), w)))([single, batch]);
      // d/dA sum(W * (A B_i)) = sum_i W_i B_i^T; d/dB_i = A^T W_i.
      assertClose(t, ga, tf.sum(tf.matMul(w, batch, false, true), 0), {atol: 1e-4, rtol: 1e-6}, 'dA');
      assertClose(t, gb, tf.matMul(tf.broadcastTo(single, [2, 2, 3]), w, true, false), {atol: 1e-4, rtol: 1e-6}, 'dB');
    });
  });

  test.serial(`${backend}: matmul, matvec, outer leak nothing`, async (t) => {
    await useBackend(backend);
    assertNoLeak(t, () => matmul([[1, 2]], [[3], [4]]).dispose(), 'matmul');
    assertNoLeak(t, () => matvec([[1, 2]], [3, 4]).dispose(), 'matvec');
    assertNoLeak(t, () => outer([1], [2]).dispose(), 'outer');
    const x = tf.ones([2, 3]);
    assertNoLeak(t, () => matrixTranspose(x).dispose(), 'matrixTranspose');
    x.dispose();
  });
}

test('matmul and matvec name mismatched shapes', (t) => {
  t.throws(() => matmul(tf.ones([2, 3]), tf.ones([2, 3])), {
    message: /matmul: inner dimensions differ: a \[2, 3\] and b \[2, 3\]/,
  });
  t.throws(() => matmul(tf.ones([2, 2, 2]), tf.ones([3, 2, 2])), {message: /matmul: batch shapes \[2\] and \[3\] cannot be broadcast/});
  t.throws(() => matvec(tf.ones([2, 2]), tf.scalar(1)), {message: /matvec: x must have rank >= 1/});
});
