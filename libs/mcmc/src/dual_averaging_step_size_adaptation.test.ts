import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {reduceLogMeanExp} from './internal/step_size_adaptation';
import {sampleChain} from './sample_chain';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

const standardNormal = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));

/**
 * Hoffman & Gelman's recursion in float64, written from the paper's form (running mean error
 * Hbar_t, not TFP's error sum): Hbar_t = (1 - 1/(t + t0)) Hbar_{t-1} + (delta - a_t) / (t + t0),
 * log h_t = mu - sqrt(t) / gamma Hbar_t, log hbar_t = t^-kappa log h_t + (1 - t^-kappa) log hbar_{t-1}.
 * Returns the step size used after each of `steps` steps when every acceptance is `accept`.
 */
function hoffmanGelman(h0: number, accept: number, steps: number, numAdaptationSteps: number): number[] {
  const [delta, gamma, t0, kappa] = [0.75, 0.05, 10, 0.75];
  const mu = Math.log(10 * h0);
  let hBar = 0;
  let logAvg = 0;
  let current = h0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    if (t <= numAdaptationSteps) {
      hBar = (1 - 1 / (t + t0)) * hBar + (delta - accept) / (t + t0);
      const logH = mu - (Math.sqrt(t) / gamma) * hBar;
      logAvg = t ** -kappa * logH + (1 - t ** -kappa) * logAvg;
      current = Math.exp(t < numAdaptationSteps ? logH : logAvg);
    }
    out.push(current);
  }
  return out;
}

// Per-chain step sizes [[1e-3], [100]] on N(0, 1) with one leapfrog step: the first chain's
// steps stay below 0.04 during the 3 adapted steps, where the acceptance is 1 - O(1e-5); the
// second chain's steps (100, 256, 29) give |Delta H| > 1e3 from x = -1, acceptance exp(-1e3) = 0
// and the state never moves. So a_t is 1 and 0 exactly up to 1e-5, which moves log h by at most
// 1e-5 sqrt(3) / (13 * 0.05) < 3e-5 and float32 adds ~1e-6 per operation: rtol 1e-4.
test('the step size follows Hoffman & Gelman\'s recursion, ends on the averaged step and then stays', (t) => {
  assertNoLeak(t, () => {
    const x0 = tf.tensor2d([[0.5], [-1]]);
    const h0 = tf.tensor2d([[1e-3], [100]]);
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: h0, numLeapfrogSteps: 1}),
      numAdaptationSteps: 3,
    });
    const {trace, states, finalKernelResults} = sampleChain({
      numResults: 6,
      currentState: x0,
      kernel,
      seed: 5,
      traceFn: (_s, r) => ({step: r.step, stepSize: r.newStepSize[0]}),
    });
    t.deepEqual(Array.from(trace.step.dataSync()), [1, 2, 3, 4, 5, 6]);
    const a = hoffmanGelman(1e-3, 1, 6, 3);
    const b = hoffmanGelman(100, 0, 6, 3);
    assertClose(t, trace.stepSize.dataSync(), a.flatMap((v, i) => [v, b[i]]), {rtol: 1e-4}, 'step sizes');
    t.deepEqual(Array.from(tf.tidy(() => tf.squeeze(tf.slice(states, [0, 1, 0], [-1, 1, 1])).dataSync())), new Array(6).fill(-1));
    tf.dispose([x0, h0, trace, states, finalKernelResults]);
  });
});

// Dual averaging drives the average acceptance probability to the target. The 2-D correlated
// Gaussian (sd 1 and 2, correlation 0.8) with 5 leapfrog steps, 8 chains, 400 adapted steps;
// then 400 draws. The mean over 3200 acceptance probabilities of one fixed step size has a Monte
// Carlo error ~0.01; the averaged step of a finite adaptation leaves a bias of a few hundredths
// (Hoffman & Gelman, fig. 2): tolerance 0.05.
test('HMC with dual averaging reaches the target acceptance probability (0.75 within 0.05) and freezes the step', (t) => {
  const precision = tf.tensor2d([
    [1 / 0.36, -0.4 / 0.36],
    [-0.4 / 0.36, 0.25 / 0.36],
  ]);
  const gaussian2d = (x: tf.Tensor) => tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, precision), x), 1)));
  assertNoLeak(t, () => {
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: gaussian2d, stepSize: 1, numLeapfrogSteps: 5}),
      numAdaptationSteps: 400,
    });
    const x0 = tf.randomNormal([8, 2], 0, 1, 'float32', 3);
    const {trace, states, finalKernelResults} = sampleChain({
      numResults: 400,
      numBurninSteps: 400,
      currentState: x0,
      kernel,
      seed: 8,
      traceFn: (_s, r) => ({stepSize: r.newStepSize[0], logAcceptRatio: r.innerResults.logAcceptRatio}),
    });
    const steps = trace.stepSize.dataSync();
    t.true(steps.every((s) => s === steps[0]), 'the step size is frozen after adaptation');
    const accept = tf.tidy(() => tf.mean(tf.exp(tf.minimum(trace.logAcceptRatio, 0))).dataSync()[0]);
    t.true(Math.abs(accept - 0.75) < 0.05, `mean acceptance ${accept} with step ${steps[0]}`);
    tf.dispose([x0, trace, states, finalKernelResults]);
  });
  precision.dispose();
});

test('a custom reduceFn combines the chains: with the minimum, the worst chain sets a shared step', (t) => {
  // Two chains share one scalar step h0 = 0.01 on N(0, 1e8) and N(0, 1e-6) respectively (one leapfrog
  // step). One step: log h_1 = log(10 h0) - (0.75 - a) / (11 * 0.05) with a the reduced acceptance.
  // Chain 1 accepts with probability 1 - O(1e-10); chain 2 (h sqrt(1e6) = 10 > 2, x = -1) jumps to
  // x ~ 50 where Delta H ~ 1e9: rejected. So a = 1/2 with log-mean-exp and 0 with the minimum;
  // rtol 1e-5 (float32).
  const x0 = tf.tensor2d([[0.5], [-1]]);
  const logMin = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.min(x, axes, keepDims);
  const run = (reduceFn?: typeof logMin) => {
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new HamiltonianMonteCarlo({
        targetLogProbFn: (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.mul(tf.square(x), tf.tensor2d([[1e-8], [1e6]])), 1)),
        stepSize: 1e-2,
        numLeapfrogSteps: 1,
      }),
      numAdaptationSteps: 5,
      reduceFn,
    });
    const {trace, states, finalKernelResults} = sampleChain({numResults: 1, currentState: x0, kernel, seed: 1, traceFn: (_s, r) => r.newStepSize[0]});
    const h = trace.dataSync()[0];
    tf.dispose([trace, states, finalKernelResults]);
    return h;
  };
  assertClose(t, [run(), run(logMin)], [0.1 * Math.exp(-(0.75 - 0.5) / 0.55), 0.1 * Math.exp(-0.75 / 0.55)], {rtol: 1e-5}, 'h_1');
  x0.dispose();
});

// A NUTS step that diverges at once reports logAcceptRatio -inf in every chain: the mean
// acceptance is 0 (log -inf), not NaN, or the dual-averaging error sum would turn NaN for good.
test('reduceLogMeanExp is log(mean(exp)) and stays -inf (not NaN) when every value is -inf', (t) => {
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const x = tf.log(tf.tensor2d([[0.2, 0.6], [0.1, 0.5]]));
      assertClose(t, reduceLogMeanExp(x, [0], false).dataSync(), [Math.log(0.15), Math.log(0.55)], {atol: 1e-6}, 'axis 0');
      const kept = reduceLogMeanExp(x, [0, 1], true);
      t.deepEqual(kept.shape, [1, 1]);
      assertClose(t, kept.dataSync(), [Math.log(0.35)], {atol: 1e-6}, 'all axes');
      t.deepEqual(Array.from(reduceLogMeanExp(tf.tensor1d([-Infinity, -Infinity]), [0], false).dataSync()), [-Infinity]);
      // Any axes of a rank-3 tensor, against tfjs's logSumExp - log n (float32: atol 1e-6 on O(1) values).
      const y = tf.randomUniform([3, 4, 5], -3, 0, 'float32', 1);
      for (const axes of [[1], [0, 2], [2], [0, 1, 2]]) {
        const n = axes.reduce((a, k) => a * y.shape[k], 1);
        for (const keepDims of [false, true]) {
          const ours = reduceLogMeanExp(y, axes, keepDims);
          const reference = tf.sub(tf.logSumExp(y, axes, keepDims), Math.log(n));
          t.deepEqual(ours.shape, reference.shape, `axes [${axes}] keepDims ${keepDims}`);
          assertClose(t, ours.dataSync(), reference.dataSync(), {atol: 1e-6}, `axes [${axes}] keepDims ${keepDims}`);
        }
      }
    });
  });
});

test('bad dual averaging options are errors naming the option and the value', (t) => {
  const inner = new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: 0.1, numLeapfrogSteps: 1});
  const make = (o: object) => () => new DualAveragingStepSizeAdaptation({innerKernel: inner, numAdaptationSteps: 10, ...o});
  t.throws(make({targetAcceptProb: 0}), {message: /DualAveragingStepSizeAdaptation: targetAcceptProb must be in \(0, 1\); received 0/});
  t.throws(make({targetAcceptProb: 1.5}), {message: /targetAcceptProb must be in \(0, 1\); received 1.5/});
  t.throws(make({numAdaptationSteps: 2.5}), {message: /numAdaptationSteps must be a non-negative integer; received 2.5/});
  t.throws(make({explorationShrinkage: -1}), {message: /explorationShrinkage must be a finite positive number; received -1/});
  t.throws(make({stepCountSmoothing: -1}), {message: /stepCountSmoothing must be a finite non-negative number; received -1/});
  t.throws(make({decayRate: 0.5}), {message: /decayRate must be in \(0.5, 1\]; received 0.5/});
  t.throws(make({shrinkageTarget: 0}), {message: /shrinkageTarget must be a finite positive number; received 0/});
  t.throws(() => new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: -0.1, numLeapfrogSteps: 1}), {
    message: /stepSize must be a finite positive number; received -0.1/,
  });
  t.throws(() => new DualAveragingStepSizeAdaptation({innerKernel: {} as never, numAdaptationSteps: 1}), {
    message: /DualAveragingStepSizeAdaptation: innerKernel must be a TransitionKernel/,
  });
});

// After a restart at step k the recursion runs again with t = step - k: Hoffman & Gelman's path
// from h0 = the step size at the restart. Same exactness argument as the first test (rtol 1e-4):
// chain 1 starts at 1e-5 and its steps stay below 0.02 (acceptance 1 - O(1e-7)); chain 2's stay
// above 70 (acceptance 0, the state never moves).
test('restartResults starts the recursion again from the current step (Stan\'s restart after a new mass matrix)', (t) => {
  const h0 = tf.tensor2d([[1e-5], [100]]);
  const kernel = new DualAveragingStepSizeAdaptation({
    innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: h0, numLeapfrogSteps: 1}),
    numAdaptationSteps: 4,
  });
  const x = tf.tensor2d([[0.5], [-1]]);
  assertNoLeak(t, () => {
    const r0 = kernel.bootstrapResults(x);
    const [x1, r1] = kernel.oneStep(x, r0, 1);
    const restarted = kernel.restartResults(r1);
    t.deepEqual(Array.from(restarted.errorSum[0].dataSync()), [0, 0]);
    t.deepEqual(Array.from(restarted.restartStep.dataSync()), [1]);
    const h1 = Array.from(r1.newStepSize[0].dataSync());
    const [x2, r2] = kernel.oneStep(x1, restarted, 2);
    const [x3, r3] = kernel.oneStep(x2, r2, 3);
    const [x4, r4] = kernel.oneStep(x3, r3, 4);
    // Steps 2, 3, 4 are t = 1, 2, 3 of a fresh run from h1 that ends (numAdaptationSteps 4) at t = 3.
    const fresh = (h: number, accept: number) => hoffmanGelman(h, accept, 3, 3);
    const expected = [0, 1, 2].flatMap((k) => [fresh(h1[0], 1)[k], fresh(h1[1], 0)[k]]);
    const actual = [r2, r3, r4].flatMap((r) => Array.from(r.newStepSize[0].dataSync()));
    assertClose(t, actual, expected, {rtol: 1e-4}, 'restarted step sizes');
    tf.dispose([restarted.errorSum, restarted.logAveragingStep, restarted.logShrinkageTarget, restarted.restartStep]);
    tf.dispose([r0, x1, r1, x2, r2, x3, r3, x4, r4]);
  });
  tf.dispose([x, h0]);
});

test('bootstrapResults and oneStep called directly leak nothing', (t) => {
  const kernel = new DualAveragingStepSizeAdaptation({
    innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: standardNormal, stepSize: 0.3, numLeapfrogSteps: 2}),
    numAdaptationSteps: 2,
  });
  const x = tf.tensor2d([[0.1], [0.4]]);
  assertNoLeak(t, () => {
    const r0 = kernel.bootstrapResults(x);
    t.deepEqual(Array.from(r0.logShrinkageTarget[0].dataSync()), [Math.fround(Math.log(Math.fround(3)))]);
    const [x1, r1] = kernel.oneStep(x, r0, 1);
    const [x2, r2] = kernel.oneStep(x1, r1, 2);
    const [x3, r3] = kernel.oneStep(x2, r2, 3);
    t.is(r3.step.dataSync()[0], 3);
    tf.dispose([r0, x1, r1, x2, r2, x3, r3]);
  });
  x.dispose();
});
