import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {RandomWalkMetropolis} from './random_walk_metropolis';
import {sampleChain} from './sample_chain';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import {TransformedTransitionKernel} from './transformed_transition_kernel';
import type {TransitionKernel} from './kernel';
import {assertClose, assertNoLeak, assertPosteriorMoments} from './internal/testing';

test.before(async () => {
  await init();
});

/**
 * Beta-binomial: p ~ Beta(2, 3), k = 7 successes in n = 20 trials; the posterior is Beta(9, 16):
 * mean 9/25, variance 9 * 16 / (25^2 * 26). Unnormalised log-density 8 log p + 15 log(1 - p).
 */
const betaBinomial = {
  logProb: (p: tf.Tensor) => tf.add(tf.mul(8, tf.log(p)), tf.mul(15, tf.log1p(tf.neg(p)))),
  posterior: {mean: 9 / 25, variance: (9 * 16) / (25 ** 2 * 26)},
};

/**
 * Gamma-Poisson: rate ~ Gamma(3, 1) (concentration, rate), counts 2, 4, 1, 3, 5, 2, 0, 3 (sum 20,
 * n = 8); the posterior is Gamma(23, 9): mean 23/9, variance 23/81. Log-density 22 log r - 9 r.
 */
const gammaPoisson = {
  logProb: (rate: tf.Tensor) => tf.sub(tf.mul(22, tf.log(rate)), tf.mul(9, rate)),
  posterior: {mean: 23 / 9, variance: 23 / 81},
};

/** Draws of part i as [numDraws, chains]. */
const part = (states: tf.Tensor[], i: number) => states[i];

// Both models in one two-part state [p, rate] (independent posteriors), each part with its own
// bijector, sampled by HMC inside TransformedTransitionKernel inside dual averaging. 8 chains x
// 500 draws; moments within 4 Monte Carlo standard errors from the cross-chain ESS (the chance that
// one of the 4 checks fails for a correct sampler is ~2.5e-4).
test('beta-binomial (Sigmoid) and gamma-Poisson (Exp) posteriors by HMC + TransformedTransitionKernel + dual averaging', (t) => {
  assertNoLeak(t, () => {
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new TransformedTransitionKernel({
        innerKernel: new HamiltonianMonteCarlo({
          targetLogProbFn: (p: tf.Tensor, rate: tf.Tensor) => tf.add(betaBinomial.logProb(p), gammaPoisson.logProb(rate)),
          stepSize: 0.5,
          numLeapfrogSteps: 3,
        }),
        bijector: [new Sigmoid(), new Exp()],
      }),
      numAdaptationSteps: 240,
    });
    const p0 = tf.fill([8], 0.5);
    const rate0 = tf.linspace(0.5, 6, 8);
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 500,
      numBurninSteps: 300,
      currentState: [p0, rate0],
      kernel,
      seed: 17,
      traceFn: (_s, r) => r.innerResults.innerResults.logAcceptRatio,
    });
    t.deepEqual(states.map((s) => s.shape), [[500, 8], [500, 8]]);
    const [pMin, pMax] = tf.tidy(() => [tf.min(part(states, 0)).dataSync()[0], tf.max(part(states, 0)).dataSync()[0]]);
    t.true(pMin > 0 && pMax < 1, `p in (0, 1): [${pMin}, ${pMax}]`);
    t.true(tf.tidy(() => tf.min(part(states, 1)).dataSync()[0]) > 0, 'rate > 0');
    assertPosteriorMoments(t, part(states, 0), betaBinomial.posterior, 'beta-binomial p', 4);
    assertPosteriorMoments(t, part(states, 1), gammaPoisson.posterior, 'gamma-Poisson rate', 4);
    // 4000 acceptance probabilities at the frozen step: within 0.1 of the 0.75 target.
    const accept = tf.tidy(() => tf.mean(tf.exp(tf.minimum(trace, 0))).dataSync()[0]);
    t.true(Math.abs(accept - 0.75) < 0.1, `mean acceptance ${accept}`);
    tf.dispose([p0, rate0, states, trace, finalKernelResults]);
  });
});

// The same two posteriors with NUTS, the rate through Softplus this time; 8 chains x 300 draws.
test('beta-binomial (Sigmoid) and gamma-Poisson (Softplus) posteriors by NUTS + TransformedTransitionKernel + dual averaging', (t) => {
  assertNoLeak(t, () => {
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new TransformedTransitionKernel({
        innerKernel: new NoUTurnSampler({
          targetLogProbFn: (p: tf.Tensor, rate: tf.Tensor) => tf.add(betaBinomial.logProb(p), gammaPoisson.logProb(rate)),
          stepSize: 0.5,
        }),
        bijector: [new Sigmoid(), new Softplus()],
      }),
      numAdaptationSteps: 120,
      targetAcceptProb: 0.8,
    });
    const p0 = tf.linspace(0.2, 0.8, 8);
    const rate0 = tf.fill([8], 2);
    const {states, finalKernelResults} = sampleChain({numResults: 300, numBurninSteps: 150, currentState: [p0, rate0], kernel, seed: 41});
    assertPosteriorMoments(t, part(states, 0), betaBinomial.posterior, 'beta-binomial p (NUTS)', 4);
    assertPosteriorMoments(t, part(states, 1), gammaPoisson.posterior, 'gamma-Poisson rate (NUTS)', 4);
    tf.dispose([p0, rate0, states, finalKernelResults]);
  });
});

test('gamma-Poisson posterior with Softplus inside SimpleStepSizeAdaptation (one-part state, TFP nesting)', (t) => {
  assertNoLeak(t, () => {
    const kernel = new SimpleStepSizeAdaptation({
      innerKernel: new TransformedTransitionKernel({
        innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: gammaPoisson.logProb, stepSize: 0.3, numLeapfrogSteps: 3}),
        bijector: new Softplus(),
      }),
      numAdaptationSteps: 200,
      adaptationRate: 0.03,
    });
    const rate0 = tf.linspace(1, 4, 8);
    const {states, finalKernelResults} = sampleChain({numResults: 500, numBurninSteps: 250, currentState: rate0, kernel, seed: 29});
    t.deepEqual(states.shape, [500, 8]);
    assertPosteriorMoments(t, states, gammaPoisson.posterior, 'gamma-Poisson rate', 4);
    tf.dispose([rate0, states, finalKernelResults]);
  });
});

// Exact values: x = sigmoid(z), log p_z(z) = log p_x(x) + log x + log(1 - x) (sigmoid' = x (1 - x)),
// and its gradient d/dz = (8 + 1) (1 - x) - (15 + 1) x. float32 with a handful of ops: atol 1e-5.
test('the inner kernel targets log p(f(z)) + log|f\'(z)| in z; states and results map back and forth', (t) => {
  assertNoLeak(t, () => {
    const kernel = new TransformedTransitionKernel({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: betaBinomial.logProb, stepSize: 0.1, numLeapfrogSteps: 2}),
      bijector: new Sigmoid(),
    });
    const xs = [0.2, 0.5, 0.9];
    const x0 = tf.tensor1d(xs);
    const r0 = kernel.bootstrapResults(x0);
    assertClose(t, r0.transformedState[0].dataSync(), xs.map((x) => Math.log(x / (1 - x))), {atol: 1e-5}, 'z = logit(x)');
    const lp = xs.map((x) => 8 * Math.log(x) + 15 * Math.log1p(-x) + Math.log(x) + Math.log1p(-x));
    assertClose(t, r0.innerResults.acceptedResults.targetLogProb.dataSync(), lp, {atol: 1e-5}, 'log p_z');
    const grad = xs.map((x) => 9 * (1 - x) - 16 * x);
    assertClose(t, r0.innerResults.acceptedResults.gradsTargetLogProb[0].dataSync(), grad, {atol: 1e-5}, 'grad log p_z');
    const [x1, r1] = kernel.oneStep(x0, r0, 4);
    t.deepEqual(x1.shape, [3]);
    // The returned state is sigmoid of the kernel's z state.
    assertClose(t, x1.dataSync(), tf.tidy(() => tf.sigmoid(r1.transformedState[0]).dataSync()), {atol: 1e-6}, 'x = sigmoid(z)');
    t.true(r1.transformedState[0].dataSync().some((z, i) => z !== r0.transformedState[0].dataSync()[i]), 'some chain moved');
    tf.dispose([x0, r0, x1, r1]);
  });
});

test('TransformedTransitionKernel also wraps a kernel without gradients (RandomWalkMetropolis) and keeps the kernel class', (t) => {
  const inner = new RandomWalkMetropolis({targetLogProbFn: gammaPoisson.logProb, scale: 0.5});
  const kernel = new TransformedTransitionKernel({innerKernel: inner, bijector: new Exp()});
  t.true(kernel.innerKernel instanceof RandomWalkMetropolis);
  t.not(kernel.innerKernel, inner);
  t.true(kernel.isCalibrated);
  assertNoLeak(t, () => {
    const x0 = tf.tensor1d([1, 2]);
    const r0 = kernel.bootstrapResults(x0);
    // log p_z(z) = 22 z - 9 e^z + z at z = log x.
    assertClose(t, r0.innerResults.acceptedResults.targetLogProb.dataSync(), [1, 2].map((x) => 23 * Math.log(x) - 9 * x), {atol: 1e-5}, 'log p_z');
    tf.dispose([x0, r0]);
  });
});

test('bad input: bijector count, non-bijectors, a start outside the support, a kernel with no target', (t) => {
  const hmc = new HamiltonianMonteCarlo({
    targetLogProbFn: (p: tf.Tensor, r: tf.Tensor) => tf.add(betaBinomial.logProb(p), gammaPoisson.logProb(r)),
    stepSize: 0.1,
    numLeapfrogSteps: 1,
  });
  const x = [tf.tensor1d([0.5]), tf.tensor1d([1])];
  const outside = [tf.tensor1d([1.5]), x[1]];
  assertNoLeak(t, () => {
    t.throws(() => new TransformedTransitionKernel({innerKernel: hmc, bijector: [new Sigmoid()]}).bootstrapResults(x), {
      message: /TransformedTransitionKernel: 1 bijector\(s\) for a state of 2 part\(s\); expected one bijector per state part/,
    });
    t.throws(() => new TransformedTransitionKernel({innerKernel: hmc, bijector: [new Sigmoid(), new Exp(), new Exp()]}).bootstrapResults(x), {
      message: /3 bijector\(s\) for a state of 2 part\(s\)/,
    });
    t.throws(
      () => new TransformedTransitionKernel({innerKernel: hmc, bijector: [new Sigmoid(), new Exp()]}).bootstrapResults(outside),
      {message: /initial state part 0 \(shape \[1\]\) holds 1.5 at flat index 0, outside the domain of Sigmoid.inverse/},
    );
  }, 'no tensor left by the errors');
  t.throws(() => new TransformedTransitionKernel({innerKernel: hmc, bijector: [new Sigmoid(), tf.exp as never]}), {
    message: /TransformedTransitionKernel: bijector\[1\] must be a Bijector of @tfjs-probability\/bijectors; received function/,
  });
  t.throws(() => new TransformedTransitionKernel({innerKernel: hmc, bijector: []}), {message: /bijector is an empty array/});
  const opaque: TransitionKernel = {isCalibrated: true, oneStep: (s, r) => [s, r], bootstrapResults: () => ({})};
  t.throws(() => new TransformedTransitionKernel({innerKernel: opaque, bijector: new Exp()}), {
    message: /TransformedTransitionKernel: the kernel Object has neither an innerKernel nor a targetLogProbFn field/,
  });
  tf.dispose([...x, outside[0]]);
});
