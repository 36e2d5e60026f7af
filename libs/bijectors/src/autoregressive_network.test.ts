import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {AutoregressiveNetwork} from './autoregressive_network';
import {assertNoLeak, jacobian} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

/** d output[i, p] / d input[j] must vanish unless degree(j) < degree(i). */
function checkMasking(t: import('ava').ExecutionContext, made: AutoregressiveNetwork, d: number): void {
  const x = tf.randomNormal([d], 0, 1, 'float32', 3);
  const J = jacobian((v) => made.call(v), x); // rows: D * params outputs
  x.dispose();
  const deg = made.degrees as number[];
  let dependent = 0;
  for (let i = 0; i < d; i++) {
    for (let p = 0; p < made.params; p++) {
      for (let j = 0; j < d; j++) {
        const g = J[i * made.params + p][j];
        if (deg[j] >= deg[i]) t.is(g, 0, `output ${i}/${p} depends on input ${j} (degrees ${deg[i]}, ${deg[j]})`);
        else if (g !== 0) dependent++;
      }
    }
  }
  // Some allowed connections must be live, or the check would pass for a network of zeros.
  t.true(dependent > 0);
}

test('AutoregressiveNetwork output i depends only on earlier inputs (left-to-right, right-to-left, random, explicit)', (t) => {
  const d = 5;
  for (const inputOrder of ['left-to-right', 'right-to-left', 'random', [3, 1, 5, 2, 4]] as const) {
    const made = new AutoregressiveNetwork({params: 2, eventShape: [d], hiddenUnits: [12, 12], activation: 'tanh', inputOrder: inputOrder as never, seed: 1});
    checkMasking(t, made, d);
    made.dispose();
  }
  const random = new AutoregressiveNetwork({params: 3, eventShape: 4, hiddenUnits: [10], hiddenDegrees: 'random', activation: 'relu', seed: 2});
  checkMasking(t, random, 4);
  random.dispose();
  const linear = new AutoregressiveNetwork({params: 2, eventShape: 3, seed: 4});
  checkMasking(t, linear, 3);
  linear.dispose();
});

test('AutoregressiveNetwork shapes, lazy build, variables, errors and leaks', (t) => {
  const made = new AutoregressiveNetwork({params: 2, hiddenUnits: [8], activation: 'relu', seed: 5});
  t.is(made.trainableVariables.length, 0);
  const x = tf.randomNormal([4, 3, 6], 0, 1, 'float32', 1);
  const out = made.call(x);
  t.deepEqual(out.shape, [4, 3, 6, 2]);
  t.is(made.trainableVariables.length, 4);
  t.deepEqual(made.degrees, [1, 2, 3, 4, 5, 6]);
  const wrong = tf.zeros([2, 5]);
  t.throws(() => made.call(wrong), {message: /autoregressive_network: input must have event size 6 on its last axis, got shape \[2,5\]/});
  assertNoLeak(t, () => made.call(x).dispose());
  tf.dispose([x, out, wrong]);
  made.dispose();
  t.throws(() => new AutoregressiveNetwork({params: 0}), {message: "AutoregressiveNetwork: parameter 'params' must be a positive integer, got 0"});
  t.throws(() => new AutoregressiveNetwork({params: 2, eventShape: 3, inputOrder: [1, 1, 2]}), {message: /'inputOrder' must be a permutation of 1..3, got \[1, 1, 2\]/});
  t.throws(() => new AutoregressiveNetwork({params: 2, eventShape: 3, activation: 'swish' as never}), {message: /AutoregressiveNetwork: unknown activation 'swish'/});
});
