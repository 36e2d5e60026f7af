import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {RandomWalkMetropolis, randomWalkNormalFn} from './random_walk_metropolis';
import {sampleChain} from './sample_chain';
import {assertNoLeak, assertPosteriorMoments, normalNormalModel} from './internal/testing';

test.before(async () => {
  await init();
});

test('RandomWalkMetropolis recovers the exact normal-normal posterior (mean, variance within 5 MC se)', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  assertNoLeak(t, () => {
    const kernel = new RandomWalkMetropolis({targetLogProbFn, scale: 0.8});
    const init0 = tf.linspace(-2, 3, 8);
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 1500,
      numBurninSteps: 200,
      currentState: init0,
      kernel,
      seed: 11,
      traceFn: (_s, r) => r.isAccepted,
    });
    t.deepEqual(states.shape, [1500, 8]);
    t.deepEqual(trace.shape, [1500, 8]);
    assertPosteriorMoments(t, states, posterior, 'RWM');
    const rate = tf.tidy(() => tf.mean(tf.cast(trace, 'float32')).dataSync()[0]);
    t.true(rate > 0.2 && rate < 0.8, `acceptance rate ${rate}`);
    tf.dispose([init0, states, trace, finalKernelResults]);
  });
});

test('a proposal of scale 0 is rejected; a custom symmetric newStateFn is used', (t) => {
  const {targetLogProbFn} = normalNormalModel();
  t.throws(() => new RandomWalkMetropolis({targetLogProbFn, scale: 0}), {
    message: /RandomWalkMetropolis: scale must be a finite positive number; received 0/,
  });
  t.throws(() => randomWalkNormalFn([1, -2]), {message: /randomWalkNormalFn: scale\[1\] must be a finite positive number; received -2/});
  // A uniform symmetric proposal x + U(-0.5, 0.5) never moves a chain by more than 0.5.
  const kernel = new RandomWalkMetropolis({
    targetLogProbFn,
    newStateFn: (parts, seed) => parts.map((p) => tf.add(p, tf.randomUniform(p.shape, -0.5, 0.5, 'float32', seed))),
  });
  const x0 = tf.zeros([4]);
  const {states, finalKernelResults} = sampleChain({numResults: 50, currentState: x0, kernel, seed: 3});
  const v = states.arraySync() as number[][];
  for (let i = 1; i < v.length; i++) {
    for (let c = 0; c < 4; c++) t.true(Math.abs(v[i][c] - v[i - 1][c]) <= 0.5 + 1e-6);
  }
  tf.dispose([x0, states, finalKernelResults]);
});
