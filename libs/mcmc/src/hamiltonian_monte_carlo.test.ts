import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HamiltonianMonteCarlo, UncalibratedHamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import {sampleChain} from './sample_chain';
import {assertNoLeak, assertPosteriorMoments, mcEstimate, normalNormalModel} from './internal/testing';

test.before(async () => {
  await init();
});

test('HMC recovers the exact normal-normal posterior (mean, variance within 5 MC se)', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  assertNoLeak(t, () => {
    const kernel = new HamiltonianMonteCarlo({targetLogProbFn, stepSize: 0.25, numLeapfrogSteps: 4});
    const init0 = tf.linspace(-2, 3, 8);
    const {states, finalKernelResults} = sampleChain({numResults: 600, numBurninSteps: 100, currentState: init0, kernel, seed: 13});
    t.deepEqual(states.shape, [600, 8]);
    assertPosteriorMoments(t, states, posterior, 'HMC');
    tf.dispose([init0, states, finalKernelResults]);
  });
});

/** x ~ N(0, S), S = [[1, 1.6], [1.6, 4]] (sd 1 and 2, correlation 0.8); state [chains, 2]. */
const cov = [
  [1, 1.6],
  [1.6, 4],
];
const det = cov[0][0] * cov[1][1] - cov[0][1] ** 2;
const precision = [
  [cov[1][1] / det, -cov[0][1] / det],
  [-cov[0][1] / det, cov[0][0] / det],
];
const gaussian2d = (x: tf.Tensor) =>
  tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, tf.tensor2d(precision)), x), 1)));

test('HMC with SimpleStepSizeAdaptation samples a correlated 2-D Gaussian (moments and covariance within 5 MC se)', (t) => {
  assertNoLeak(t, () => {
    const kernel = new SimpleStepSizeAdaptation({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: gaussian2d, stepSize: 0.2, numLeapfrogSteps: 6}),
      numAdaptationSteps: 240,
    });
    const x0 = tf.tensor2d([[-1, 2], [1, -2], [0.5, 0.5], [-0.5, -3]]);
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 800,
      numBurninSteps: 300,
      currentState: x0,
      kernel,
      seed: 21,
      traceFn: (_s, r) => ({stepSize: r.newStepSize[0], accepted: r.innerResults.isAccepted}),
    });
    t.deepEqual(states.shape, [800, 4, 2]);
    tf.tidy(() => {
      const x1 = tf.squeeze(tf.slice(states, [0, 0, 0], [-1, -1, 1]), [2]);
      const x2 = tf.squeeze(tf.slice(states, [0, 0, 1], [-1, -1, 1]), [2]);
      assertPosteriorMoments(t, x1, {mean: 0, variance: 1}, 'x1');
      assertPosteriorMoments(t, x2, {mean: 0, variance: 4}, 'x2');
      const c = mcEstimate(tf.mul(x1, x2));
      t.true(Math.abs(c.mean - 1.6) <= 5 * c.se, `covariance ${c.mean} vs 1.6 (se ${c.se})`);
      // The step size froze after adaptation and grew from 0.2 towards the 0.75-acceptance value.
      const steps = trace.stepSize.dataSync();
      t.is(steps[0], steps[steps.length - 1]);
      t.true(steps[0] > 0.3, `adapted step size ${steps[0]}`);
      const rate = tf.mean(tf.cast(trace.accepted, 'float32')).dataSync()[0];
      // 3200 correlated accept indicators: the rate is within ~0.1 of the 0.75 target.
      t.true(Math.abs(rate - 0.75) < 0.12, `acceptance ${rate}`);
    });
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

test('leapfrog conserves the Hamiltonian to O(h^2) and is exactly reversible', (t) => {
  const kernel = new UncalibratedHamiltonianMonteCarlo({targetLogProbFn: gaussian2d, stepSize: 0.01, numLeapfrogSteps: 20});
  const x = tf.tensor2d([[0.3, -1], [2, 1]]);
  const r0 = kernel.bootstrapResults(x);
  const [x1, r1] = kernel.oneStep(x, r0, 9);
  // -(change of H) = log p(x') - log p(x) + K(p0) - K(pL); its error is O(h^2) ~ 1e-4 here.
  const dH = tf.tidy(() => tf.add(tf.sub(r1.targetLogProb, r0.targetLogProb), r1.logAcceptanceCorrection).dataSync());
  for (const v of dH) t.true(Math.abs(v) < 1e-3, `energy error ${v}`);
  tf.dispose([x, x1, r0, r1]);
});
