import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';

test.before(async () => {
  await init({backend: 'wasm'});
});

test('reductions over an empty axis give the identity on wasm, as TF', (t) => {
  const x = tf.zeros([0, 3]);
  const before = tf.memory().numTensors;
  const cases: [string, tf.Tensor, number][] = [
    ['sum', tf.sum(x, 0), 0],
    ['prod', tf.prod(x, 0), 1],
    ['max', tf.max(x, 0), -Infinity],
    ['min', tf.min(x, 0), Infinity],
    ['mean', tf.mean(x, 0), NaN],
  ];
  for (const [name, value, expected] of cases) {
    t.deepEqual(value.shape, [3], name);
    t.deepEqual(Array.from(value.dataSync()), [expected, expected, expected], name);
  }
  t.deepEqual(tf.sum(x, 0, true).shape, [1, 3]);
  t.deepEqual(Array.from(tf.all(tf.zeros([2, 0], 'bool'), 1).dataSync()), [1, 1]);
  t.deepEqual(Array.from(tf.any(tf.zeros([2, 0], 'bool'), 1).dataSync()), [0, 0]);
  // Non-empty inputs go to the stock kernels.
  t.deepEqual(Array.from(tf.max(tf.tensor2d([[1, 5], [3, 2]]), 0).dataSync()), [3, 5]);
  tf.dispose(cases.map((c) => c[1]));
  t.true(tf.memory().numTensors >= before);
  x.dispose();
});
