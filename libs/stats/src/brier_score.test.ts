import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {brierScore} from './brier_score';
import fixture from './__fixtures__/metrics.json';

test.before(async () => {
  await init();
});

test('brierScore by hand: mean over examples of sum_k (p_k - y_k)^2', (t) => {
  // Rows: 0.01 + 0.01, 0.64 + 0.64, 0.25 + 0.25.
  t.true(Math.abs(brierScore([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]], [1, 1, 0]) - 0.6) < 1e-15);
  t.is(brierScore([[0, 1, 0], [1, 0, 0]], [1, 0]), 0, 'all correct and certain');
  t.is(brierScore([[0, 1, 0]], [2]), 2, 'certain and wrong: the maximum');
  t.true(Math.abs(brierScore([0.7], [0]) - 2 * 0.49) < 1e-15, 'binary vector counts both classes');
});

test('brierScore matches numpy on the fixture, from tensors, arrays and logits, without leaking', (t) => {
  const ref = fixture.multiclass;
  const probs = tf.tensor2d(ref.probs);
  const before = tf.memory().numTensors;
  t.true(Math.abs(brierScore(probs, ref.labels) - ref.bins10.brier) < 1e-12);
  t.true(Math.abs(brierScore(ref.probs, Float64Array.from(ref.labels)) - ref.bins10.brier) < 1e-12);
  // float64 softmax of the logits vs the float32-rounded probabilities of the fixture: 1e-6.
  t.true(Math.abs(brierScore(ref.logits, ref.labels, {fromLogits: true}) - ref.bins10.brier) < 1e-6);
  t.is(tf.memory().numTensors, before);
  probs.dispose();
  t.true(Math.abs(brierScore(fixture.binary.p1, fixture.binary.labels) - fixture.binary.brier) < 1e-12);
});
