import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {matrixDiag, matrixDiagPart, setDiag} from './diag';
import {assertClose, assertNoLeak, TEST_BACKENDS, useBackend} from './test_util';

const EXACT = {atol: 0, rtol: 0};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: matrixDiag, matrixDiagPart (square and rectangular, batched) and setDiag`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      assertClose(t, matrixDiag([[1, 2], [3, 4]]), [[[1, 0], [0, 2]], [[3, 0], [0, 4]]], EXACT, 'matrixDiag');
      const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
      assertClose(t, matrixDiagPart(x), [1, 5], EXACT, 'diagPart 2x3');
      assertClose(t, matrixDiagPart(tf.transpose(x)), [1, 5], EXACT, 'diagPart 3x2');
      assertClose(t, matrixDiagPart(tf.stack([x, tf.neg(x)])), [[1, 5], [-1, -5]], EXACT, 'diagPart batch');
      assertClose(t, setDiag(x, [9, 8]), [[9, 2, 3], [4, 8, 6]], EXACT, 'setDiag 2x3');
      assertClose(t, setDiag(tf.transpose(x), [9, 8]), [[9, 4], [2, 8], [3, 6]], EXACT, 'setDiag 3x2');
      assertClose(t, setDiag(tf.stack([x, x]), [7, 7]), [[[7, 2, 3], [4, 7, 6]], [[7, 2, 3], [4, 7, 6]]], EXACT, 'setDiag broadcast');
    });
  });

  test.serial(`${backend}: gradients of matrixDiagPart and setDiag route to the right entries`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor([[1, 2, 3], [4, 5, 6]]);
      assertClose(t, tf.grad((m: tf.Tensor) => tf.sum(tf.mul(matrixDiagPart(m), [10, 20])))(x), [[10, 0, 0], [0, 20, 0]], EXACT, 'd diagPart');
      const [gx, gd] = tf.grads((m: tf.Tensor, d: tf.Tensor) => tf.sum(setDiag(m, d)))([x, tf.tensor([0, 0])]);
      assertClose(t, gx, [[0, 1, 1], [1, 0, 1]], EXACT, 'd setDiag / dx');
      assertClose(t, gd, [1, 1], EXACT, 'd setDiag / ddiag');
    });
  });

  test.serial(`${backend}: diag helpers leak nothing`, async (t) => {
    await useBackend(backend);
    assertNoLeak(t, () => matrixDiag([1, 2]).dispose(), 'matrixDiag');
    assertNoLeak(t, () => matrixDiagPart([[1, 2], [3, 4]]).dispose(), 'matrixDiagPart');
    assertNoLeak(t, () => setDiag([[1, 2, 3]], [0]).dispose(), 'setDiag');
  });
}

test('diag helpers name bad shapes', (t) => {
  t.throws(() => setDiag(tf.ones([2, 3]), [1, 2, 3]), {message: /setDiag: diag must have shape \[\.\.\., 2\] for x of shape \[2, 3\]; got \[3\]/});
  t.throws(() => matrixDiagPart(tf.ones([3])), {message: /matrixDiagPart: x must have rank >= 2/});
  t.throws(() => matrixDiag(tf.scalar(1)), {message: /matrixDiag: diag must have rank >= 1/});
});
