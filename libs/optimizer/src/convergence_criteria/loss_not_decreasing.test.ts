import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LossNotDecreasing} from './loss_not_decreasing';
import {firstConvergedStep} from './testing';

test.before(async () => {
  await init();
});

// Loss falls by 1 per step for 30 steps, then stays flat. The average decrease is 1 - d^t while
// falling (d = decay = 0.9 for windowSize 10) and (1 - d^30) d^(t - 30) afterwards.
const LOSSES = Array.from({length: 120}, (_, t) => 100 - Math.min(t, 30));
const D = 0.9;

test('LossNotDecreasing(atol) converges when the moving average of the decrease drops below atol', (t) => {
  const before = tf.memory().numTensors;
  const atol = 0.1;
  const expected = 30 + Math.ceil(Math.log(atol / (1 - D ** 30)) / Math.log(D));
  t.is(firstConvergedStep(new LossNotDecreasing({atol}), LOSSES), expected);
  t.is(tf.memory().numTensors, before, 'no leak over the run');
});

test('LossNotDecreasing(rtol) uses the average decrease at step windowSize (1 - 0.9^10) as the scale', (t) => {
  const rtol = 0.05;
  const threshold = rtol * (1 - D ** 10);
  const expected = 30 + Math.ceil(Math.log(threshold / (1 - D ** 30)) / Math.log(D));
  t.is(firstConvergedStep(new LossNotDecreasing({rtol}), LOSSES), expected);
  // Both given: the larger threshold (here atol) decides.
  const atolExpected = 30 + Math.ceil(Math.log(0.2 / (1 - D ** 30)) / Math.log(D));
  t.is(firstConvergedStep(new LossNotDecreasing({rtol, atol: 0.2}), LOSSES), atolExpected);
});

test('LossNotDecreasing: a flat loss converges exactly at minNumSteps; batches of losses give batches of flags', (t) => {
  const flat = Array.from({length: 40}, () => 1);
  t.is(firstConvergedStep(new LossNotDecreasing({atol: 1e-3}), flat), 20);
  t.is(firstConvergedStep(new LossNotDecreasing({atol: 1e-3, minNumSteps: 5}), flat), 5);
  const c = new LossNotDecreasing({atol: 0.5, minNumSteps: 0});
  tf.tidy(() => {
    const s0 = c.bootstrap(tf.tensor1d([5, 5]), [], []);
    const out = c.oneStep(1, tf.tensor1d([5, -5]), [], [], s0);
    // decrease [0, 10], average = decrease (1 - 0.9) = [0, 1]: first converged, second not.
    t.deepEqual(Array.from(out.hasConverged.dataSync()), [1, 0]);
  });
});

test('LossNotDecreasing: errors for no tolerance, bad tolerances, windows and steps', (t) => {
  t.throws(() => new LossNotDecreasing({}), {message: /LossNotDecreasing: specify at least one of atol and rtol/});
  t.throws(() => new LossNotDecreasing({atol: -1}), {message: /LossNotDecreasing: atol must be a non-negative number; received -1/});
  t.throws(() => new LossNotDecreasing({atol: 1, windowSize: 0}), {message: /windowSize must be a finite number >= 1; received 0/});
  t.throws(() => new LossNotDecreasing({atol: 1, minNumSteps: 2.5}), {message: /minNumSteps must be a non-negative integer; received 2.5/});
  const c = new LossNotDecreasing({atol: 1});
  const loss = tf.scalar(1);
  const s = c.bootstrap(loss, [], []);
  t.throws(() => c.oneStep(0, loss, [], [], s), {message: /LossNotDecreasing: oneStep needs an integer step >= 1/});
  tf.dispose([loss, ...Object.values(s)]);
});
