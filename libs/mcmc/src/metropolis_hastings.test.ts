import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import type {TransitionKernel} from './kernel';
import {MetropolisHastings, type UncalibratedResults} from './metropolis_hastings';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {MetropolisAdjustedLangevinAlgorithm} from './langevin';
import {RandomWalkMetropolis} from './random_walk_metropolis';
import {sampleChain} from './sample_chain';
import type {State} from './internal/state';

test.before(async () => {
  await init();
});

/** Proposes x + 1 with a fixed log acceptance ratio per chain (target constant, correction given). */
class FixedRatioProposal implements TransitionKernel<UncalibratedResults> {
  readonly isCalibrated = false;
  constructor(private readonly logRatio: number[]) {}
  bootstrapResults(): UncalibratedResults {
    return {logAcceptanceCorrection: tf.zeros([this.logRatio.length]), targetLogProb: tf.zeros([this.logRatio.length])};
  }
  oneStep<S extends State>(state: S): [S, UncalibratedResults] {
    return [tf.add(state as tf.Tensor, 1) as S, {logAcceptanceCorrection: tf.tensor1d(this.logRatio), targetLogProb: tf.zeros([this.logRatio.length])}];
  }
}

test('Metropolis-Hastings accepts with probability min(1, exp(logAcceptRatio)) per chain', (t) => {
  // Chains with log ratios log 0.2, log 0.5, 0, NaN: acceptance 0.2, 0.5, 1 and 0 (NaN rejects).
  const probs = [0.2, 0.5, 1];
  const kernel = new MetropolisHastings({innerKernel: new FixedRatioProposal([...probs.map(Math.log), NaN])});
  const x0 = tf.zeros([4]);
  const n = 2000;
  const {trace, states, finalKernelResults} = sampleChain({
    numResults: n,
    currentState: x0,
    kernel,
    seed: 8,
    traceFn: (_s, r) => r.isAccepted,
  });
  const rates = tf.tidy(() => tf.mean(tf.cast(trace, 'float32'), 0).dataSync());
  probs.forEach((p, i) => {
    const se = Math.sqrt((p * (1 - p)) / n); // independent Bernoulli draws
    t.true(Math.abs(rates[i] - p) <= 5 * se + 1e-6, `chain ${i}: ${rates[i]} vs ${p}`);
  });
  t.is(rates[3], 0);
  // The state moves by exactly the number of acceptances.
  const last = Array.from(tf.tidy(() => tf.slice(states, [n - 1, 0], [1, 4]).dataSync()));
  t.deepEqual(last, Array.from(rates, (r) => Math.round(r * n)));
  tf.dispose([x0, trace, states, finalKernelResults]);
  t.throws(() => new MetropolisHastings({innerKernel: new RandomWalkMetropolis({targetLogProbFn: (x) => x}) as unknown as TransitionKernel<UncalibratedResults>}), {
    message: /MetropolisHastings: innerKernel is already calibrated/,
  });
});

const target = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));

test('a target log-prob that is not one value per chain is an error naming the shapes', (t) => {
  const x0 = tf.zeros([4, 2]);
  const y0 = tf.zeros([3]);
  const y1 = tf.zeros([4]);
  const before = tf.memory().numTensors;
  const cases: [string, (x: tf.Tensor) => tf.Tensor][] = [
    ['[4,1]', (x) => tf.sum(tf.square(x), 1, true)],
    ['[8]', (x) => tf.reshape(x, [8])],
    ['[2]', (x) => tf.sum(x, 0)],
  ];
  for (const [shape, fn] of cases) {
    for (const kernel of [
      new RandomWalkMetropolis({targetLogProbFn: fn}),
      new HamiltonianMonteCarlo({targetLogProbFn: fn, stepSize: 0.1, numLeapfrogSteps: 2}),
    ]) {
      t.throws(() => sampleChain({numResults: 2, currentState: x0, kernel}), {
        message: new RegExp(`targetLogProbFn returned shape \\[${shape.slice(1, -1)}\\] for state part 0 of shape \\[4,2\\]; expected one value per chain`),
      });
    }
  }
  // Parts disagreeing on the chains: [4] log-probs for parts [4, 2] and [3].
  const mala = new MetropolisAdjustedLangevinAlgorithm({targetLogProbFn: (a: tf.Tensor, b: tf.Tensor) => tf.add(tf.sum(a, 1), tf.sum(b)), stepSize: 0.1});
  t.throws(() => mala.bootstrapResults([x0, y0]), {message: /MetropolisAdjustedLangevinAlgorithm: targetLogProbFn returned shape \[4\] for state part 1 of shape \[3\]/});
  // A target that ignores a state part cannot be differentiated with respect to it.
  const ignoring = new HamiltonianMonteCarlo({targetLogProbFn: (a: tf.Tensor) => tf.sum(a, 1), stepSize: 0.1, numLeapfrogSteps: 1});
  t.throws(() => ignoring.bootstrapResults([x0, y1]), {message: /HamiltonianMonteCarlo: could not differentiate targetLogProbFn with respect to every state part \(it must use all 2 part\(s\)\)/});
  t.is(tf.memory().numTensors, before);
  tf.dispose([x0, y0, y1]);
});

test('NaN or infinite initial states and zero-density starts are errors', (t) => {
  const bad = tf.tensor2d([[0, 1], [NaN, 2]]);
  const kernels = [
    new RandomWalkMetropolis({targetLogProbFn: target}),
    new MetropolisAdjustedLangevinAlgorithm({targetLogProbFn: target, stepSize: 0.1}),
    new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: 0.1, numLeapfrogSteps: 3}),
  ];
  for (const kernel of kernels) {
    t.throws(() => sampleChain({numResults: 2, currentState: bad, kernel}), {
      message: /initial state part 0 \(shape \[2,2\]\) holds NaN at flat index 2; expected finite values/,
    });
  }
  const inf = tf.tensor1d([1, Infinity]);
  t.throws(() => kernels[0].bootstrapResults([tf.zeros([2, 2]), inf]), {message: /initial state part 1 \(shape \[2\]\) holds Infinity at flat index 1/});
  // log p = log(x) is -inf at x = 0 and NaN below: the start is outside the support.
  const logTarget = new RandomWalkMetropolis({targetLogProbFn: (x) => tf.log(x)});
  const x0 = tf.tensor1d([1, 0]);
  t.throws(() => logTarget.bootstrapResults(x0), {message: /RandomWalkMetropolis: the target log-prob at the initial state is -Infinity for chain 1; expected a finite value/});
  tf.dispose([bad, inf, x0]);
});

test('non-positive step sizes and leapfrog counts are errors', (t) => {
  t.throws(() => new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: 0, numLeapfrogSteps: 3}), {
    message: /HamiltonianMonteCarlo: stepSize must be a finite positive number; received 0/,
  });
  t.throws(() => new MetropolisAdjustedLangevinAlgorithm({targetLogProbFn: target, stepSize: -0.1}), {
    message: /MetropolisAdjustedLangevinAlgorithm: stepSize must be a finite positive number; received -0.1/,
  });
  const s = tf.tensor1d([0.1, -0.2]);
  t.throws(() => new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: s, numLeapfrogSteps: 3}), {
    message: /stepSize must be finite and positive; received -0.2 at flat index 1/,
  });
  t.throws(() => new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: [0.1, NaN], numLeapfrogSteps: 3}), {
    message: /stepSize\[1\] must be a finite positive number; received NaN/,
  });
  t.throws(() => new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: 0.1, numLeapfrogSteps: 0}), {
    message: /HamiltonianMonteCarlo: numLeapfrogSteps must be a positive integer; received 0/,
  });
  const hmc = new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: [0.1, 0.2, 0.3], numLeapfrogSteps: 1});
  const x = tf.zeros([2, 2]);
  t.throws(() => hmc.bootstrapResults([x, x]), {message: /stepSize has 3 entries but the state has 2 parts/});
  tf.dispose([s, x]);
});
