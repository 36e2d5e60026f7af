import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {MetropolisAdjustedLangevinAlgorithm} from './langevin';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import {sampleChain} from './sample_chain';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const standardNormal = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));

// On N(0, 1), a step of 1e-3 is accepted with probability 1 - O(1e-9) and a step of 100 with
// probability ~exp(-1e6 x^2): the direction of every adaptation step is certain, so the step size
// after k adapted steps is exactly h0 (1.01)^(+-k) up to float32 rounding of k products (rtol 1e-5).
test('the step size grows by (1 + rate) per accepted-enough step, shrinks otherwise, and freezes after numAdaptationSteps', (t) => {
  assertNoLeak(t, () => {
    const x0 = tf.tensor2d([[0.5], [-1]]);
    const perChain = tf.tensor2d([[1e-3], [100]]); // [chains, 1]: adapted per chain
    const kernel = new SimpleStepSizeAdaptation({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: perChain, numLeapfrogSteps: 1}),
      numAdaptationSteps: 10,
    });
    const {trace, states, finalKernelResults} = sampleChain({
      numResults: 15,
      currentState: x0,
      kernel,
      seed: 2,
      traceFn: (_s, r) => ({step: r.step, stepSize: r.newStepSize[0]}),
    });
    t.deepEqual(Array.from(trace.step.dataSync()), Array.from({length: 15}, (_, i) => i + 1));
    const expected: number[] = [];
    for (let k = 1; k <= 15; k++) {
      const m = Math.min(k, 10);
      expected.push(1e-3 * 1.01 ** m, 100 / 1.01 ** m);
    }
    assertClose(t, trace.stepSize.dataSync(), expected, {rtol: 1e-5}, 'step sizes');
    tf.dispose([x0, perChain, trace, states, finalKernelResults]);
  });
});

test('a scalar step size is shared: the chains\' acceptance probabilities are averaged (log-mean-exp)', (t) => {
  // MALA with h = 1e-3 accepts almost surely in every chain: mean acceptance ~1 > 0.75, so the
  // shared step grows 1 % per step.
  const x0 = tf.tensor2d([[0.5], [-1], [2]]);
  const kernel = new SimpleStepSizeAdaptation({
    innerKernel: new MetropolisAdjustedLangevinAlgorithm({targetLogProbFn: standardNormal, stepSize: 1e-3}),
    numAdaptationSteps: 5,
    adaptationRate: 0.05,
  });
  const {trace, states, finalKernelResults} = sampleChain({numResults: 5, currentState: x0, kernel, seed: 4, traceFn: (_s, r) => r.newStepSize[0]});
  t.deepEqual(trace.shape, [5]);
  assertClose(t, trace.dataSync(), [1, 2, 3, 4, 5].map((k) => 1e-3 * 1.05 ** k), {rtol: 1e-5}, 'shared step');
  tf.dispose([x0, trace, states, finalKernelResults]);
});

test('bad adaptation options are errors', (t) => {
  const inner = new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: 0.1, numLeapfrogSteps: 1});
  t.throws(() => new SimpleStepSizeAdaptation({innerKernel: inner, numAdaptationSteps: -1}), {
    message: /SimpleStepSizeAdaptation: numAdaptationSteps must be a non-negative integer; received -1/,
  });
  t.throws(() => new SimpleStepSizeAdaptation({innerKernel: inner, numAdaptationSteps: 5, targetAcceptProb: 1}), {
    message: /targetAcceptProb must be in \(0, 1\); received 1/,
  });
  t.throws(() => new SimpleStepSizeAdaptation({innerKernel: inner, numAdaptationSteps: 5, adaptationRate: 0}), {
    message: /adaptationRate must be a finite positive number; received 0/,
  });
});
