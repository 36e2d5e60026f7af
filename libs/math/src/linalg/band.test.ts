import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {tril, triu} from './band';
import {assertClose, assertNoLeak, TEST_BACKENDS, useBackend} from './test_util';

const EXACT = {atol: 0, rtol: 0};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: tril and triu keep one triangle of every matrix`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      assertClose(t, tril([[1, 2], [3, 4]]), [[1, 0], [3, 4]], EXACT, 'tril');
      assertClose(t, triu([[1, 2], [3, 4]]), [[1, 2], [0, 4]], EXACT, 'triu');
      // Non-finite entries outside the triangle are dropped, not multiplied by zero (NaN).
      assertClose(t, tril([[[1, Infinity], [3, 4]], [[5, NaN], [7, 8]]]), [[[1, 0], [3, 4]], [[5, 0], [7, 8]]], EXACT, 'tril batch');
      assertClose(t, triu([[1, 2, 3], [4, 5, 6]]), [[1, 2, 3], [0, 5, 6]], EXACT, 'triu 2x3');
      assertClose(t, tf.grad((m: tf.Tensor) => tf.sum(tril(m)))(tf.ones([2, 2])), [[1, 0], [1, 1]], EXACT, 'd tril');
    });
  });

  test.serial(`${backend}: tril and triu leak nothing`, async (t) => {
    await useBackend(backend);
    assertNoLeak(t, () => tril([[1, 2], [3, 4]]).dispose(), 'tril');
    assertNoLeak(t, () => triu([[1, 2], [3, 4]]).dispose(), 'triu');
  });
}

test('tril and triu name bad shapes', (t) => {
  t.throws(() => tril(tf.ones([3])), {message: /tril: x must have rank >= 2/});
  t.throws(() => triu(tf.ones([3])), {message: /triu: x must have rank >= 2/});
});
