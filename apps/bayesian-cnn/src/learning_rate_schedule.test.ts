import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {scheduledLearningRate, setLearningRate} from './learning_rate_schedule';

test.before(async () => {
  await init();
});

test('cosine decay starts at the rate, halves midway and ends at zero', (t) => {
  t.is(scheduledLearningRate('cosine', 0.003, 0, 100), 0.003);
  t.true(Math.abs(scheduledLearningRate('cosine', 0.003, 50, 100) - 0.0015) < 1e-15);
  t.true(Math.abs(scheduledLearningRate('cosine', 0.003, 100, 100)) < 1e-15);
  t.true(scheduledLearningRate('cosine', 0.003, 25, 100) > scheduledLearningRate('cosine', 0.003, 26, 100));
  t.is(scheduledLearningRate('constant', 0.003, 77, 100), 0.003);
});

test('setLearningRate changes the size of the next Adam step', (t) => {
  // Adam's first step moves every coordinate by lr * m / (sqrt(v) + eps) = lr * sign(g) (eps aside).
  const v = tf.variable(tf.tensor1d([1, 1]));
  const optimizer = tf.train.adam(0.1);
  setLearningRate(optimizer, 0.01);
  optimizer.minimize(() => tf.sum(tf.mul(v, tf.tensor1d([2, -3]))) as tf.Scalar);
  const moved = Array.from(v.dataSync());
  t.true(Math.abs(moved[0] - 0.99) < 1e-6 && Math.abs(moved[1] - 1.01) < 1e-6, `moved to ${moved}`);
  optimizer.dispose();
  v.dispose();
});
