import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {negativeLogLikelihood} from './negative_log_likelihood';
import fixture from './__fixtures__/metrics.json';

test.before(async () => {
  await init();
});

test('negativeLogLikelihood by hand, with clipping at epsilon', (t) => {
  const nll = negativeLogLikelihood([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]], [1, 1, 0]);
  t.true(Math.abs(nll - -(Math.log(0.9) + Math.log(0.2) + Math.log(0.5)) / 3) < 1e-15);
  t.is(negativeLogLikelihood([[1, 0]], [1]), -Math.log(1e-7), 'p = 0 is clipped to 1e-7');
  t.is(negativeLogLikelihood([[1, 0]], [1], {epsilon: 1e-3}), -Math.log(1e-3));
  t.is(negativeLogLikelihood([[0, 1, 0]], [1]), 0, 'certain and right');
  t.throws(() => negativeLogLikelihood([[1, 0]], [1], {epsilon: 0}), {message: /negativeLogLikelihood: epsilon is 0, expected a number in \(0, 1\)/});
});

test('negativeLogLikelihood matches numpy/scipy from float32 probabilities and from logits, without leaking', (t) => {
  const ref = fixture.multiclass;
  const probs = tf.tensor2d(ref.probs);
  const logits = tf.tensor2d(ref.logits);
  const before = tf.memory().numTensors;
  // The fixture rounds probabilities to float32 too; only summation order differs: 1e-12 relative.
  t.true(Math.abs(negativeLogLikelihood(probs, ref.labels) - ref.bins10.nll) < 1e-12 * ref.bins10.nll);
  // Logits are read as float32 (relative rounding 6e-8 of values up to ~10): 1e-6 absolute.
  t.true(Math.abs(negativeLogLikelihood(logits, ref.labels, {fromLogits: true}) - ref.nllFromLogits) < 1e-6);
  // Logits as float64 JS arrays: exact log-softmax, 1e-12 relative.
  t.true(Math.abs(negativeLogLikelihood(ref.logits, ref.labels, {fromLogits: true}) - ref.nllFromLogits) < 1e-12 * ref.nllFromLogits);
  t.is(tf.memory().numTensors, before);
  tf.dispose([probs, logits]);
});

test('binary logits: -log sigmoid(z) for y = 1 and -log sigmoid(-z) for y = 0, stable for large |z|', (t) => {
  const nll = negativeLogLikelihood([2, -800], [1, 1], {fromLogits: true});
  t.true(Math.abs(nll - (Math.log1p(Math.exp(-2)) + 800) / 2) < 1e-12);
});
