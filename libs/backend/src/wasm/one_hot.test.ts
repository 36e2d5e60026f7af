import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';

test.before(async () => {
  await init({backend: 'wasm'});
});

test('oneHot with a float dtype gives on/off values on wasm, int32 is unchanged, no leaks', (t) => {
  const indices = tf.tensor1d([0, 2, 1, -1], 'int32');
  const before = tf.memory().numTensors;
  const float = tf.oneHot(indices, 3, 1, 0, 'float32');
  t.deepEqual(Array.from(float.dataSync()), [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
  const scaled = tf.oneHot(indices, 3, 0.75, -0.5, 'float32');
  t.deepEqual(Array.from(scaled.dataSync()), [0.75, -0.5, -0.5, -0.5, -0.5, 0.75, -0.5, 0.75, -0.5, -0.5, -0.5, -0.5]);
  const ints = tf.oneHot(indices, 3);
  t.is(ints.dtype, 'int32');
  t.deepEqual(Array.from(ints.dataSync()), [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
  tf.dispose([float, scaled, ints]);
  t.is(tf.memory().numTensors, before);
  indices.dispose();
});
