import * as tf from '@tensorflow/tfjs';
import {SeededRandom} from '@tfjs-probability/math';
import {
  DualAveragingStepSizeAdaptation,
  HamiltonianMonteCarlo,
  NoUTurnSampler,
  sampleChain,
  type TargetLogProbFn,
  type TransitionKernel,
} from '@tfjs-probability/mcmc';
import {PARAM_NAMES, type LinearMixedEffectsModel, type MixedModelParams} from './model';
import {UnconstrainedPosterior} from './posterior';
import {DiagonalPreconditioner} from './preconditioner';

export const SAMPLERS = ['hmc', 'nuts'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export interface FitOptions {
  /** 'nuts' (default) or 'hmc'. */
  sampler?: SamplerName;
  /** Independent chains, run as one batch (default 2). */
  chains?: number;
  /** Warm-up steps (step size and preconditioner adaptation), discarded (default 300). */
  warmup?: number;
  /** Kept steps per chain (default 300). */
  draws?: number;
  /** Leapfrog steps per HMC proposal (default 10). */
  numLeapfrogSteps?: number;
  /** NUTS: maximum trajectory doublings (default 6: at most 63 leapfrog steps). */
  maxTreeDepth?: number;
  /** Acceptance probability the step size adapts to (default 0.75 for HMC, 0.8 for NUTS). */
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
  /** Mean leapfrog steps per step (per chain). */
  meanLeapfrogSteps: number;
  /** NUTS: transitions that ended in a divergence (summed over chains). */
  divergences: number;
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
  /** HMC: leapfrog steps per proposal; NUTS: the maximum tree depth. */
  numLeapfrogSteps: number;
  maxTreeDepth: number;
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

type AnyResults = tf.TensorContainer;

/** The sampler's kernel on the preconditioned target (HMC with a fixed path length, or NUTS). */
function baseKernel(sampler: SamplerName, target: TargetLogProbFn, stepSize: number, numLeapfrogSteps: number, maxTreeDepth: number): TransitionKernel<AnyResults> {
  if (sampler === 'nuts') return new NoUTurnSampler({targetLogProbFn: target, stepSize, maxTreeDepth}) as TransitionKernel<AnyResults>;
  return new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize, numLeapfrogSteps}) as unknown as TransitionKernel<AnyResults>;
}

/** What every step records: acceptance probability, leapfrog steps and divergences, per chain. */
function stepTrace(sampler: SamplerName, numLeapfrogSteps: number, results: Record<string, unknown>): {accept: tf.Tensor; leapfrogs: tf.Tensor; divergent: tf.Tensor} {
  const logAccept = results.logAcceptRatio as tf.Tensor;
  const accept = tf.exp(tf.minimum(logAccept, 0));
  if (sampler === 'nuts') {
    return {accept, leapfrogs: tf.cast(results.leapfrogsTaken as tf.Tensor, 'float32'), divergent: tf.cast(results.hasDivergence as tf.Tensor, 'float32')};
  }
  return {accept, leapfrogs: tf.fill(accept.shape, numLeapfrogSteps), divergent: tf.zerosLike(accept)};
}

/** Phase figures from a stacked trace. */
function phaseReport(phase: string, steps: number, seconds: number, stepSize: number, trace: {accept: tf.Tensor; leapfrogs: tf.Tensor; divergent: tf.Tensor}): PhaseReport {
  return tf.tidy(() => ({
    phase,
    steps,
    seconds,
    stepSize,
    meanAcceptProb: tf.mean(trace.accept).dataSync()[0],
    meanLeapfrogSteps: tf.mean(trace.leapfrogs).dataSync()[0],
    divergences: tf.sum(trace.divergent).dataSync()[0],
  }));
}

/**
 * Fits the model by HMC or NUTS over all its latent variables (2 fixed effects, 4 standard
 * deviations and every random effect, on the unconstrained space of UnconstrainedPosterior), with
 * `chains` chains batched in one state. Warm-up runs in windows (30%, 30%, 40% of it): dual
 * averaging of the step size (DualAveragingStepSizeAdaptation) in every window, and after the first
 * two a new diagonal preconditioner from the second half of the window's draws (Stan's windowed
 * metric adaptation). The kept draws are then taken with the last step size and preconditioner fixed.
 */
export function fitMixedModel(model: LinearMixedEffectsModel, options: FitOptions = {}): FitResult {
  const {sampler = 'nuts', chains = 2, warmup = 300, draws = 300, numLeapfrogSteps = 10, maxTreeDepth = 6, seed = 1} = options;
  const targetAcceptProb = options.targetAcceptProb ?? (sampler === 'nuts' ? 0.8 : 0.75);
  if (!SAMPLERS.includes(sampler)) throw new Error(`fitMixedModel: sampler must be one of ${SAMPLERS.join(', ')}; received '${sampler}'`);
  checkCount('chains', chains, 1);
  checkCount('warmup', warmup, 0);
  checkCount('draws', draws, 1);
  checkCount('numLeapfrogSteps', numLeapfrogSteps, 1);
  checkCount('maxTreeDepth', maxTreeDepth, 1);
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
      const kernel = new DualAveragingStepSizeAdaptation({
        innerKernel: baseKernel(sampler, pre.wrap(target), stepSize, numLeapfrogSteps, maxTreeDepth),
        numAdaptationSteps: length,
        targetAcceptProb,
      });
      const started = Date.now();
      const run = sampleChain({
        numResults: length,
        currentState: z,
        kernel,
        seed: seed * 7919 + w,
        traceFn: (_, r) => stepTrace(sampler, numLeapfrogSteps, r.innerResults as Record<string, unknown>),
        onProgress: (k) => options.onProgress?.(done + k, total, `warm-up ${w + 1}/${windows.length}`),
      });
      done += length;
      stepSize = (run.finalKernelResults.newStepSize[0].dataSync() as Float32Array)[0];
      phases.push(phaseReport(`warm-up ${w + 1}`, length, (Date.now() - started) / 1000, stepSize, run.trace));
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
      kernel: baseKernel(sampler, pre.wrap(target), stepSize, numLeapfrogSteps, maxTreeDepth),
      seed: seed * 7919 + 101,
      traceFn: (_, r) => stepTrace(sampler, numLeapfrogSteps, r as Record<string, unknown>),
      onProgress: (k) => options.onProgress?.(done + k, total, 'sampling'),
    });
    const seconds = (Date.now() - started) / 1000;
    const sampling = phaseReport('sampling', draws, seconds, stepSize, run.trace);
    // NUTS chains in one batch advance together: the batch pays for the longest trajectory, so
    // this is an upper bound on the time of one gradient of the batch.
    gradientSeconds = seconds / (draws * sampling.meanLeapfrogSteps);
    phases.push(sampling);
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
      maxTreeDepth,
      phases,
      secondsPerGradient: gradientSeconds,
      dispose: () => tf.dispose(constrained),
    };
  } finally {
    pre.dispose();
    tf.dispose(x);
  }
}
