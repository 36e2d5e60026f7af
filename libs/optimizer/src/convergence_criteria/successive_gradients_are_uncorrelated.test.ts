import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {SuccessiveGradientsAreUncorrelated} from './successive_gradients_are_uncorrelated';
import {firstConvergedStep} from './testing';

test.before(async () => {
  await init();
});

const LOSSES = Array.from({length: 80}, () => 0);

test('SuccessiveGradientsAreUncorrelated: gradients of constant direction never converge; alternating ones do at minNumSteps', (t) => {
  const before = tf.memory().numTensors;
  t.is(firstConvergedStep(new SuccessiveGradientsAreUncorrelated(), LOSSES, () => [1, -2]), -1);
  t.is(firstConvergedStep(new SuccessiveGradientsAreUncorrelated(), LOSSES, (s) => [(-1) ** s, 0.5]), 20);
  t.is(tf.memory().numTensors, before, 'no leak');
});

test('SuccessiveGradientsAreUncorrelated: the moving average of inner products turns negative when the sign flips', (t) => {
  // g_t = +1 for t <= 10, then alternating: c_t = +1 for t <= 10, -1 afterwards. With decay d,
  // m_t = 1 - d^t up to 10, then m_t = -1 + d^(t - 10) (1 + m_10), negative once d^k (1 + m_10) < 1.
  const grads = (s: number) => [s <= 10 ? 1 : (-1) ** (s - 10)];
  for (const windowSize of [10, 100]) {
    const d = 1 - 1 / windowSize;
    const m10 = 1 - d ** 10;
    const expected = 10 + Math.floor(Math.log(1 / (1 + m10)) / Math.log(d)) + 1;
    t.is(firstConvergedStep(new SuccessiveGradientsAreUncorrelated({minNumSteps: 0, windowSize}), LOSSES, grads), expected, `window ${windowSize}`);
  }
});

test('SuccessiveGradientsAreUncorrelated: errors', (t) => {
  t.throws(() => new SuccessiveGradientsAreUncorrelated({windowSize: Infinity}), {message: /windowSize must be a finite number >= 1; received Infinity/});
});
