import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HamiltonianMonteCarlo, UncalibratedHamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import {sampleChain} from './sample_chain';
import {assertClose, assertNoLeak, assertPosteriorMoments, correlatedGaussian2d, mcEstimate, normalNormalModel} from './internal/testing';

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
const {targetLogProbFn: gaussian2d, precision} = correlatedGaussian2d();

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

test('leapfrog conserves the Hamiltonian to O(h^2)', (t) => {
  const before = tf.memory().numTensors;
  const kernel = new UncalibratedHamiltonianMonteCarlo({targetLogProbFn: gaussian2d, stepSize: 0.01, numLeapfrogSteps: 20});
  const x = tf.tensor2d([[0.3, -1], [2, 1]]);
  const r0 = kernel.bootstrapResults(x);
  const [x1, r1] = kernel.oneStep(x, r0, 9);
  // -(change of H) = log p(x') - log p(x) + K(p0) - K(pL); its error is O(h^2) ~ 1e-4 here.
  const dH = tf.tidy(() => tf.add(tf.sub(r1.targetLogProb, r0.targetLogProb), r1.logAcceptanceCorrection).dataSync());
  for (const v of dH) t.true(Math.abs(v) < 1e-3, `energy error ${v}`);
  t.true(dH.some((v) => v !== 0), 'the proposal moved');
  tf.dispose([x, x1, r0, r1]);
  t.is(tf.memory().numTensors, before);
});

test('kernel results report acceptance, the target log-prob and gradients of the kept state, and the step size', (t) => {
  assertNoLeak(t, () => {
    const kernel = new HamiltonianMonteCarlo({targetLogProbFn: gaussian2d, stepSize: [0.3], numLeapfrogSteps: 3});
    const x0 = tf.tensor2d([[0.2, 0.1], [-1, 1], [0.5, -0.5]]);
    const {states, finalKernelResults: r} = sampleChain({numResults: 5, currentState: x0, kernel, seed: 3});
    tf.tidy(() => {
      t.deepEqual(r.isAccepted.shape, [3]);
      t.is(r.isAccepted.dtype, 'bool');
      t.deepEqual(r.logAcceptRatio.shape, [3]);
      t.deepEqual(r.proposedState[0].shape, [3, 2]);
      t.deepEqual(Array.from(r.acceptedResults.stepSize[0].dataSync()), [Math.fround(0.3)]);
      const last = tf.squeeze(tf.slice(states, [4, 0, 0], [1, -1, -1]), [0]);
      // float32: the log-prob is recomputed from the same state with the same ops (atol 1e-5).
      assertClose(t, r.acceptedResults.targetLogProb.dataSync(), gaussian2d(last).dataSync(), {atol: 1e-5}, 'targetLogProb');
      // grad log p(x) = -P x.
      const grad = tf.neg(tf.matMul(last as tf.Tensor2D, tf.tensor2d(precision)));
      assertClose(t, r.acceptedResults.gradsTargetLogProb[0].dataSync(), grad.dataSync(), {atol: 1e-5}, 'gradient');
    });
    tf.dispose([x0, states, r]);
  });
});

/** N(0, diag(0.01, 4)): sds 0.1 and 2; state [chains, 2]. */
const variances = [0.01, 4];
const diagonalGaussian = (x: tf.Tensor) =>
  tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.square(x), tf.tensor1d(variances.map((v) => 1 / v))), 1)));

test('with inverseMassDiagonal = the variances, HMC samples a badly scaled Gaussian at a step unit mass cannot take', (t) => {
  assertNoLeak(t, () => {
    const mass = tf.tensor1d(variances);
    const x0 = tf.tidy(() => tf.mul(tf.randomNormal([16, 2], 0, 1, 'float32', 4), tf.tensor1d([0.1, 2])));
    const run = (inverseMassDiagonal?: tf.Tensor) => {
      // h = 0.6 exceeds the leapfrog stability limit 2 sd = 0.2 of the first coordinate under unit mass.
      const kernel = new HamiltonianMonteCarlo({targetLogProbFn: diagonalGaussian, stepSize: 0.6, numLeapfrogSteps: 3, inverseMassDiagonal});
      return sampleChain({numResults: 100, numBurninSteps: 10, currentState: x0, kernel, seed: 31, traceFn: (_s, r) => r.isAccepted});
    };
    const withMass = run(mass);
    const unit = run();
    tf.tidy(() => {
      const x1 = tf.squeeze(tf.slice(withMass.states, [0, 0, 0], [-1, -1, 1]), [2]);
      const x2 = tf.squeeze(tf.slice(withMass.states, [0, 0, 1], [-1, -1, 1]), [2]);
      assertPosteriorMoments(t, x1, {mean: 0, variance: 0.01}, 'x1', 4);
      assertPosteriorMoments(t, x2, {mean: 0, variance: 4}, 'x2', 4);
      const rate = (r: tf.Tensor) => tf.mean(tf.cast(r, 'float32')).dataSync()[0];
      t.true(rate(withMass.trace) > 0.7, `acceptance with the mass ${rate(withMass.trace)}`);
      t.true(rate(unit.trace) < 0.05, `acceptance with unit mass ${rate(unit.trace)}`);
    });
    tf.dispose([mass, x0, withMass.states, withMass.trace, withMass.finalKernelResults, unit.states, unit.trace, unit.finalKernelResults]);
  });
});

test('leapfrog with a mass matrix conserves H = -log p + (1/2) sum m p^2 to O(h^2)', (t) => {
  assertNoLeak(t, () => {
    const mass = tf.tensor1d(variances);
    const kernel = new UncalibratedHamiltonianMonteCarlo({targetLogProbFn: diagonalGaussian, stepSize: 0.02, numLeapfrogSteps: 25, inverseMassDiagonal: mass});
    const x = tf.tensor2d([[0.05, -1], [0.2, 3]]);
    const r0 = kernel.bootstrapResults(x);
    const [x1, r1] = kernel.oneStep(x, r0, 5);
    // In the preconditioned coordinates the target is N(0, I), so the energy error is O(h^2) ~ 1e-4.
    const dH = tf.tidy(() => tf.add(tf.sub(r1.targetLogProb, r0.targetLogProb), r1.logAcceptanceCorrection).dataSync());
    for (const v of dH) t.true(Math.abs(v) < 1e-3, `energy error ${v}`);
    t.deepEqual(Array.from(r1.inverseMassDiagonal[0].dataSync()), variances.map(Math.fround));
    tf.dispose([mass, x, r0, x1, r1]);
  });
});
