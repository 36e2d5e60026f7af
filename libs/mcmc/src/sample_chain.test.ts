import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import type {TransitionKernel} from './kernel';
import {sampleChain} from './sample_chain';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {RandomWalkMetropolis} from './random_walk_metropolis';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import type {State} from './internal/state';
import {assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

/** A user kernel: x <- x + 1 (every part), results count the steps. */
class CountingKernel implements TransitionKernel<{count: tf.Tensor}> {
  readonly isCalibrated = true;
  bootstrapResults(): {count: tf.Tensor} {
    return {count: tf.scalar(0)};
  }
  oneStep<S extends State>(state: S, previous: {count: tf.Tensor}): [S, {count: tf.Tensor}] {
    const next = Array.isArray(state) ? state.map((p) => tf.add(p, 1)) : tf.add(state, 1);
    return [next as S, {count: tf.add(previous.count, 1)}];
  }
}

test('burn-in and thinning follow TFP: kept states after burnin + 1 + k (between + 1) steps', (t) => {
  assertNoLeak(t, () => {
    const x0 = tf.tensor1d([0, 10]);
    const progress: number[] = [];
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 4,
      numBurninSteps: 3,
      numStepsBetweenResults: 2,
      currentState: x0,
      kernel: new CountingKernel(),
      traceFn: (s, r) => ({count: r.count, sum: tf.sum(s)}),
      onProgress: (done, total) => progress.push(done * 100 + total),
    });
    t.deepEqual(Array.from(states.dataSync()), [4, 14, 7, 17, 10, 20, 13, 23]);
    t.deepEqual(Array.from(trace.count.dataSync()), [4, 7, 10, 13]);
    t.deepEqual(Array.from(trace.sum.dataSync()), [18, 24, 30, 36]);
    t.deepEqual(progress, Array.from({length: 13}, (_, i) => (i + 1) * 100 + 13));
    t.is(finalKernelResults.count.dataSync()[0], 13);
    t.false(x0.isDisposed);
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

test('a list of state parts gives a list of stacked states; the same seed gives the same chains', (t) => {
  const target = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.add(tf.mul(-0.5, tf.square(a)), tf.mul(-0.5, tf.sum(tf.square(b), 1))));
  const kernel = new RandomWalkMetropolis({targetLogProbFn: target, scale: [0.5, 1]});
  const a0 = tf.zeros([3]);
  const b0 = tf.zeros([3, 2]);
  assertNoLeak(t, () => {
    const run = (seed: number) => sampleChain({numResults: 20, currentState: [a0, b0], kernel, seed});
    const r1 = run(5);
    const r2 = run(5);
    const r3 = run(6);
    t.deepEqual(r1.states.map((s) => s.shape), [[20, 3], [20, 3, 2]]);
    t.deepEqual(Array.from(r1.states[1].dataSync()), Array.from(r2.states[1].dataSync()));
    t.notDeepEqual(Array.from(r1.states[1].dataSync()), Array.from(r3.states[1].dataSync()));
    tf.dispose([r1, r2, r3].map((r) => [r.states, r.finalKernelResults]));
  });
  tf.dispose([a0, b0]);
});

test('no tensor leak over 2000 HMC steps with step-size adaptation', (t) => {
  const target = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));
  const kernel = new SimpleStepSizeAdaptation({
    innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: 0.5, numLeapfrogSteps: 2}),
    numAdaptationSteps: 1000,
  });
  const x0 = tf.ones([4, 3]);
  const before = tf.memory().numTensors;
  const counts = new Map<number, number>();
  const {states, finalKernelResults} = sampleChain({
    numResults: 1,
    numBurninSteps: 1999,
    currentState: x0,
    kernel,
    seed: 1,
    onProgress: (done) => {
      if (done === 10 || done === 1000 || done === 2000) counts.set(done, tf.memory().numTensors);
    },
  });
  t.is(counts.get(1000), counts.get(10), 'live tensors constant during sampling');
  t.is(counts.get(2000), counts.get(10), 'live tensors constant during sampling');
  tf.dispose([states, finalKernelResults]);
  t.is(tf.memory().numTensors, before, 'nothing left after disposing the outputs');
  x0.dispose();
});

test('bad sampleChain options give clear errors and leak nothing', (t) => {
  const x0 = tf.zeros([2]);
  const kernel = new CountingKernel();
  t.throws(() => sampleChain({numResults: 0, currentState: x0, kernel}), {message: /sampleChain: numResults must be an integer >= 1; received 0/});
  t.throws(() => sampleChain({numResults: 2, numBurninSteps: -1, currentState: x0, kernel}), {message: /numBurninSteps must be an integer >= 0; received -1/});
  t.throws(() => sampleChain({numResults: 2, numStepsBetweenResults: 1.5, currentState: x0, kernel}), {message: /numStepsBetweenResults must be an integer >= 0; received 1.5/});
  // A kernel that throws mid-run: the run's tensors are released, the caller's state is kept.
  const before = tf.memory().numTensors;
  let calls = 0;
  const failing: TransitionKernel<{count: tf.Tensor}> = {
    isCalibrated: true,
    bootstrapResults: () => ({count: tf.scalar(0)}),
    oneStep: (s, r) => {
      if (++calls === 5) throw new Error('boom');
      return kernel.oneStep(s, r);
    },
  };
  t.throws(() => sampleChain({numResults: 10, currentState: x0, kernel: failing}), {message: 'boom'});
  t.is(tf.memory().numTensors, before);
  t.false(x0.isDisposed);
  x0.dispose();
});
