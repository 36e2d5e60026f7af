import * as tf from '@tensorflow/tfjs';
import {SeededRandom} from '@tfjs-probability/math';
import {HamiltonianMonteCarlo, SimpleStepSizeAdaptation, sampleChain} from '@tfjs-probability/mcmc';
import {PARAM_NAMES, type LinearMixedEffectsModel, type MixedModelParams} from './model';
import {UnconstrainedPosterior} from './posterior';
import {DiagonalPreconditioner} from './preconditioner';

export const SAMPLERS = ['hmc'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export interface FitOptions {
  sampler?: SamplerName;
  /** Independent chains, run as one batch (default 2). */
  chains?: number;
  /** Warm-up steps (step size and preconditioner adaptation), discarded (default 300). */
  warmup?: number;
  /** Kept steps per chain (default 300). */
  draws?: number;
  /** Leapfrog steps per HMC proposal (default 10). */
  numLeapfrogSteps?: number;
  /** Acceptance probability the step size adapts to (default 0.75, TFP's). */
  targetAcceptProb?: number;
  seed?: number;
  /** Called after every step with the phase, steps done and total steps. */
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** A phase of the run: its steps, seconds, final step size and mean acceptance probability. */
export interface PhaseReport {
  phase: string;
  steps: number;
  seconds: number;
  stepSize: number;
  meanAcceptProb: number;
}

/**
 * The posterior draws, constrained, each [draws, chains, ...event] (the caller disposes them with
 * dispose()), and how the run went.
 */
export interface FitResult {
  draws: MixedModelParams;
  chains: number;
  numDraws: number;
  warmup: number;
  sampler: SamplerName;
  numLeapfrogSteps: number;
  phases: PhaseReport[];
  /** Seconds per gradient evaluation of the whole batch of chains (sampling phase). */
  secondsPerGradient: number;
  dispose(): void;
}

function checkCount(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw new Error(`fitMixedModel: ${name} must be an integer >= ${min}; received ${value}`);
}

/** Warm-up windows: ends of the windows after which the preconditioner is re-estimated (Stan-like). */
export function warmupWindows(warmup: number): number[] {
  if (warmup < 30) return [warmup];
  const a = Math.round(0.3 * warmup);
  const b = Math.round(0.6 * warmup);
  return [a, b - a, warmup - b];
}

/**
 * Start values, one per chain, in the unconstrained space: the preconditioner's shift plus
 * N(0, (0.5 scale)^2) jitter, so chains start apart but inside the typical set's neighbourhood.
 */
function initialState(pre: DiagonalPreconditioner, chains: number, seed: number): tf.Tensor[] {
  const rng = new SeededRandom(seed, 'fitMixedModel.init');
  return tf.tidy(() =>
    pre.shift.map((shift, i) => {
      const size = chains * Math.max(1, shift.size);
      const jitter = tf.tensor(Float32Array.from({length: size}, () => 0.5 * rng.normal()), [chains, ...shift.shape]);
      return tf.add(shift, tf.mul(pre.scale[i], jitter));
    }),
  );
}

/**
 * Fits the model by HMC over all its latent variables (2 fixed effects, 4 log standard deviations
 * and every random effect), with `chains` chains batched in one state. Warm-up runs in windows
 * (30%, 30%, 40% of it): SimpleStepSizeAdaptation of the step size in every window, and after the
 * first two a new diagonal preconditioner from the second half of the window's draws. The kept
 * draws are then taken with the last step size and preconditioner fixed.
 */
export function fitMixedModel(model: LinearMixedEffectsModel, options: FitOptions = {}): FitResult {
  const {sampler = 'hmc', chains = 2, warmup = 300, draws = 300, numLeapfrogSteps = 10, targetAcceptProb = 0.75, seed = 1} = options;
  if (!SAMPLERS.includes(sampler)) throw new Error(`fitMixedModel: sampler must be one of ${SAMPLERS.join(', ')}; received '${sampler}'`);
  checkCount('chains', chains, 1);
  checkCount('warmup', warmup, 0);
  checkCount('draws', draws, 1);
  checkCount('numLeapfrogSteps', numLeapfrogSteps, 1);
  const posterior = new UnconstrainedPosterior(model);
  const target = (parts: tf.Tensor[]) => posterior.logDensity(parts);
  const windows = warmup === 0 ? [] : warmupWindows(warmup);
  const total = warmup + draws;
  let done = 0;
  const phases: PhaseReport[] = [];
  let pre = DiagonalPreconditioner.fromModel(model);
  let x = initialState(pre, chains, seed);
  // Step size in z, where coordinates have unit scale: ~ d^(-1/4) is the usual order for HMC.
  let stepSize = Math.min(0.5, Math.pow(model.dimension, -0.25));
  let gradientSeconds = 0;
  try {
    windows.forEach((length, w) => {
      const z = pre.fromUnconstrained(x);
      const kernel = new SimpleStepSizeAdaptation({
        innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: pre.wrap(target), stepSize, numLeapfrogSteps}),
        numAdaptationSteps: length,
        targetAcceptProb,
        adaptationRate: 0.05,
      });
      const started = Date.now();
      const run = sampleChain({
        numResults: length,
        currentState: z,
        kernel,
        seed: seed * 7919 + w,
        traceFn: (_, r) => ({accept: tf.exp(tf.minimum(innerLogAcceptRatio(r), 0))}),
        onProgress: (k) => options.onProgress?.(done + k, total, `warm-up ${w + 1}/${windows.length}`),
      });
      done += length;
      stepSize = (run.finalKernelResults.newStepSize[0].dataSync() as Float32Array)[0];
      const meanAccept = tf.tidy(() => tf.mean(run.trace.accept).dataSync()[0]);
      phases.push({phase: `warm-up ${w + 1}`, steps: length, seconds: (Date.now() - started) / 1000, stepSize, meanAcceptProb: meanAccept});
      const xs = tf.tidy(() => run.states.map((zi, i) => tf.add(pre.shift[i], tf.mul(pre.scale[i], zi))));
      tf.dispose([x, z, run.trace, run.finalKernelResults as tf.TensorContainer, run.states]);
      x = xs.map((xi) => tf.tidy(() => tf.squeeze(tf.slice(xi, [length - 1], [1]), [0])));
      if (w < windows.length - 1) {
        const half = Math.floor(length / 2);
        const tail = xs.map((xi) => tf.slice(xi, [half], [length - half]));
        const next = DiagonalPreconditioner.fromDraws(tail);
        tf.dispose(tail);
        pre.dispose();
        pre = next;
        // Unit-scale coordinates again: restart the step size near its usual order.
        stepSize = Math.max(stepSize, Math.min(0.5, Math.pow(model.dimension, -0.25)));
      }
      tf.dispose(xs);
    });

    const z = pre.fromUnconstrained(x);
    const started = Date.now();
    const run = sampleChain({
      numResults: draws,
      currentState: z,
      kernel: new HamiltonianMonteCarlo({targetLogProbFn: pre.wrap(target), stepSize, numLeapfrogSteps}),
      seed: seed * 7919 + 101,
      traceFn: (_, r) => ({accept: tf.exp(tf.minimum(r.logAcceptRatio, 0))}),
      onProgress: (k) => options.onProgress?.(done + k, total, 'sampling'),
    });
    const seconds = (Date.now() - started) / 1000;
    gradientSeconds = seconds / (draws * numLeapfrogSteps);
    const meanAccept = tf.tidy(() => tf.mean(run.trace.accept).dataSync()[0]);
    phases.push({phase: 'sampling', steps: draws, seconds, stepSize, meanAcceptProb: meanAccept});
    const constrained = tf.tidy(() => {
      const xs = run.states.map((zi, i) => tf.add(pre.shift[i], tf.mul(pre.scale[i], zi)));
      const params = posterior.constrain(xs);
      return PARAM_NAMES.map((name) => params[name]);
    });
    tf.dispose([z, run.trace, run.finalKernelResults as tf.TensorContainer, run.states]);
    const result = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, constrained[i]])) as unknown as MixedModelParams;
    return {
      draws: result,
      chains,
      numDraws: draws,
      warmup,
      sampler,
      numLeapfrogSteps,
      phases,
      secondsPerGradient: gradientSeconds,
      dispose: () => tf.dispose(constrained),
    };
  } finally {
    pre.dispose();
    tf.dispose(x);
  }
}

/** The log acceptance ratio of the HMC step inside a step-size adaptation's results. */
function innerLogAcceptRatio(results: {innerResults: unknown}): tf.Tensor {
  return (results.innerResults as {logAcceptRatio: tf.Tensor}).logAcceptRatio;
}
