import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {accuracy} from './accuracy';
import fixture from './__fixtures__/metrics.json';

test.before(async () => {
  await init();
});

test('accuracy by hand: the first class wins a tie, like tf.argMax', (t) => {
  t.is(accuracy([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]], [1, 1, 0]), 2 / 3);
  t.is(accuracy([[0.5, 0.5]], [1]), 0);
  t.is(accuracy([[0, 1, 0], [0, 0, 1]], [1, 2]), 1, 'all correct');
});

test('accuracy matches numpy on tensors, typed arrays and logits, without leaking tensors', (t) => {
  const ref = fixture.multiclass;
  const probs = tf.tensor2d(ref.probs);
  const labels = tf.tensor1d(ref.labels, 'int32');
  const logits = tf.tensor2d(ref.logits);
  const before = tf.memory().numTensors;
  t.is(accuracy(probs, labels), ref.bins10.accuracy);
  t.is(accuracy(ref.probs.map((r) => Float32Array.from(r)), Int32Array.from(ref.labels)), ref.bins10.accuracy);
  t.is(accuracy(logits, labels, {fromLogits: true}), ref.bins10.accuracy);
  t.is(tf.memory().numTensors, before);
  tf.dispose([probs, labels, logits]);
});

test('a binary classifier may give P(y = 1) as a vector', (t) => {
  t.is(accuracy(fixture.binary.p1, fixture.binary.labels), fixture.binary.accuracy);
  t.is(accuracy([0.2, 0.7, 0.6], [0, 1, 0]), 2 / 3);
  t.is(accuracy([-1, 2], [0, 1], {fromLogits: true}), 1);
});

test('accuracy rejects bad probabilities and labels, naming them', (t) => {
  t.throws(() => accuracy([[0.5, 0.6]], [0]), {message: /accuracy: probs row 0 sums to 1.1, expected 1/});
  t.throws(() => accuracy([[1.5, -0.5]], [0]), {message: /accuracy: probs\[0, 0\] is 1.5, expected a probability in \[0, 1\]/});
  t.throws(() => accuracy([[0.5, 0.5]], [2]), {message: /accuracy: labels: label 0 is 2, expected an integer class index in \[0, 2\)/});
  t.throws(() => accuracy([[0.5, 0.5]], [0, 1]), {message: /labels has 2 entries but probs has 1 rows/});
  t.throws(() => accuracy([], []), {message: /accuracy: probs is empty/});
  t.throws(() => accuracy([[NaN, 1]], [0], {fromLogits: true}), {message: /accuracy: logits\[0, 0\] is NaN, expected a finite number/});
  const cube = tf.zeros([2, 2, 2]);
  t.throws(() => accuracy(cube, [0, 1]), {message: /expected a tensor of shape \[N, K\], got shape \[2, 2, 2\]/});
  cube.dispose();
});
