import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {fillTriangular, fillTriangularInverse} from './fill_triangular';
import {assertClose, assertNoLeak, TEST_BACKENDS, useBackend} from './test_util';

const EXACT = {atol: 0, rtol: 0};

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: fillTriangular follows TFP's documented clockwise-spiral order`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      // The examples of tfp.math.fill_triangular's documentation.
      assertClose(t, fillTriangular([1, 2, 3, 4, 5, 6]), [[4, 0, 0], [6, 5, 0], [3, 2, 1]], EXACT, 'lower');
      assertClose(t, fillTriangular([1, 2, 3, 4, 5, 6], true), [[1, 2, 3], [0, 5, 6], [0, 0, 4]], EXACT, 'upper');
      assertClose(t, fillTriangularInverse([[4, 0, 0], [6, 5, 0], [3, 2, 1]]), [1, 2, 3, 4, 5, 6], EXACT, 'inverse lower');
      assertClose(t, fillTriangularInverse([[1, 2, 3], [0, 5, 6], [0, 0, 4]], true), [1, 2, 3, 4, 5, 6], EXACT, 'inverse upper');
      assertClose(t, fillTriangular([[7], [8]]), [[[7]], [[8]]], EXACT, '1 x 1 batch');
    });
  });

  test.serial(`${backend}: fillTriangularInverse inverts fillTriangular on a batch, and gradients pass through`, async (t) => {
    await useBackend(backend);
    tf.tidy(() => {
      const x = tf.reshape(tf.range(1, 1 + 2 * 3 * 10), [2, 3, 10]);
      for (const upper of [false, true]) {
        const m = fillTriangular(x, upper);
        t.deepEqual(m.shape, [2, 3, 4, 4]);
        assertClose(t, fillTriangularInverse(m, upper), x, EXACT, `round trip upper=${upper}`);
      }
      // Every vector entry lands in exactly one matrix entry: the gradient of sum is all ones.
      assertClose(t, tf.grad((v: tf.Tensor) => tf.sum(fillTriangular(v)))(x), tf.onesLike(x), EXACT, 'gradient');
    });
  });

  test.serial(`${backend}: fillTriangular and its inverse leak nothing`, async (t) => {
    await useBackend(backend);
    assertNoLeak(t, () => fillTriangular([1, 2, 3]).dispose(), 'fillTriangular');
    assertNoLeak(t, () => fillTriangularInverse([[1, 0], [2, 3]]).dispose(), 'fillTriangularInverse');
  });
}

test('fillTriangular rejects a length that is not triangular', (t) => {
  t.throws(() => fillTriangular([1, 2, 3, 4]), {
    message: /fillTriangular: the last dimension of x must be a triangular number n \(n \+ 1\) \/ 2; got shape \[4\]/,
  });
  t.throws(() => fillTriangularInverse(tf.ones([2, 3])), {message: /fillTriangularInverse: x must be a batch of square matrices/});
});
