import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {broadcastValues} from './broadcast_values';
import {hostElementwise} from './host_elementwise';
import {assertClose, assertNoLeak} from './testing';

test.before(async () => {
  await init();
});

const cases: Array<[number[], number[]]> = [
  [[], [3]],
  [[1], [2, 3]],
  [[3], [2, 3]],
  [[2, 1], [2, 3]],
  [[4, 1, 3], [2, 4, 5, 3]],
  [[1, 1], [1, 1]],
  [[2, 3], [2, 3]],
];

test('broadcastValues matches tf.broadcastTo (numpy rules, ranks 0-4, size-1 axes; empty targets)', (t) => {
  for (const [shape, target] of cases) {
    const size = tf.util.sizeFromShape(shape);
    const values = Float32Array.from({length: size}, (_, i) => i * 1.5 - 2);
    const expected = tf.tidy(() => tf.broadcastTo(tf.tensor(values, shape), target).dataSync());
    t.deepEqual(Array.from(broadcastValues(values, shape, target)), Array.from(expected), `[${shape}] -> [${target}]`);
  }
  // An empty target has no elements (tfjs 4.22's broadcastTo returns the 3 source values here).
  t.is(broadcastValues([1, 2, 3], [3], [0, 3]).length, 0);
});

test('broadcastValues rejects shapes that do not broadcast', (t) => {
  t.throws(() => broadcastValues([1, 2], [2], [3]), {message: /shape \[2\] does not broadcast to \[3\]/});
  t.throws(() => broadcastValues([1, 2, 3, 4, 5, 6], [2, 3], [3]), {message: /shape \[2,3\] does not broadcast to \[3\]/});
});

test('hostElementwise: broadcast inputs, several outputs, float32 tensors of the broadcast shape, no leak', (t) => {
  assertNoLeak(t, () => {
    const a = tf.tensor2d([[0.5], [-1.25]]);
    const b = tf.tensor1d([2, 3, 4]);
    const [sum, product] = hostElementwise([a, b], 2, ([x, y], out) => {
      out[0] = x + Math.exp(y);
      out[1] = x * y;
    });
    t.deepEqual(sum.shape, [2, 3]);
    t.is(sum.dtype, 'float32');
    tf.tidy(() => {
      // float32 results of float64 arithmetic on exact inputs: within one float32 ulp (rtol 1e-7).
      assertClose(t, sum.dataSync(), tf.add(a, tf.exp(b)).dataSync(), {rtol: 1e-6}, 'x + exp(y)');
      assertClose(t, product.dataSync(), tf.mul(a, b).dataSync(), {rtol: 1e-7}, 'x y');
    });
    tf.dispose([a, b, sum, product]);
  });
  t.throws(() => tf.tidy(() => hostElementwise([tf.zeros([2]), tf.zeros([3])], 1, () => undefined)), {message: /2.*3|broadcast/});
});
