import * as tf from '@tensorflow/tfjs';
import {reduceLogSumExp} from '@tfjs-probability/math';
import {CsiszarFunction, klReverse} from './csiszar_functions';
import {expectation} from './monte_carlo/expectation';
import {callTarget, shapeString, TensorStructure, UnnormalizedTarget} from './internal/structure';
import {isReparameterized, SurrogatePosterior} from './surrogate_posterior';

/** TFP's `GradientEstimators`: how the gradient of the loss with respect to q's variables is estimated. */
export type GradientEstimator = 'reparameterization' | 'scoreFunction';

/**
 * The unnormalised target log density log p(z, x), called as TFP does: with one tensor, with the
 * parts of an array as arguments, or with the object of values. It must broadcast over the sample
 * dimensions: for samples of shape [n, ...] it returns shape [n] (or [n, ...batch]). A pinned joint
 * distribution may stand in for the function: its `unnormalizedLogProb` gets the whole structure.
 */
export type TargetLogProbFn = ((...args: never[]) => tf.Tensor) | UnnormalizedTarget;

export interface MonteCarloVariationalLossOptions<S extends TensorStructure> {
  targetLogProbFn: TargetLogProbFn;
  surrogatePosterior: SurrogatePosterior<S>;
  /** Number of Monte Carlo draws of the loss; default 1. */
  sampleSize?: number;
  /** Draws averaged inside the log (importance-weighted bound, IWAE); default 1. */
  importanceSampleSize?: number;
  /** The Csiszar function f of logu = log p - log q; default `klReverse` (the negative ELBO). */
  discrepancyFn?: CsiszarFunction;
  /** Default 'reparameterization' when q is fully reparameterised, else 'scoreFunction'. */
  gradientEstimator?: GradientEstimator;
  seed?: number;
}

/** Throws unless value is a positive integer. */
export function checkPositiveInteger(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${owner}: ${name} must be a positive integer; received ${String(value)}`);
  }
  return value;
}

function broadcastable(a: number[], b: number[]): boolean {
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const x = a[a.length - i];
    const y = b[b.length - i];
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}

/**
 * Monte Carlo estimate of the f-divergence loss E_q[f(log p(z, x) - log q(z))] (TFP's
 * `tfp.vi.monte_carlo_variational_loss`). With `klReverse` it is the negative ELBO; with
 * importanceSampleSize K > 1, logu is replaced by log mean_k exp(logu_k) over K draws (the
 * importance-weighted bound of Burda et al.). The result has q's batch shape (a scalar for an
 * unbatched q).
 */
export function monteCarloVariationalLoss<S extends TensorStructure>(options: MonteCarloVariationalLossOptions<S>): tf.Tensor {
  const owner = 'monteCarloVariationalLoss';
  const {targetLogProbFn, surrogatePosterior: q} = options;
  const isPinned = targetLogProbFn !== null && typeof targetLogProbFn === 'object' && typeof targetLogProbFn.unnormalizedLogProb === 'function';
  if (typeof targetLogProbFn !== 'function' && !isPinned) {
    throw new Error(`${owner}: targetLogProbFn must be a function (or a pinned joint distribution); received ${String(targetLogProbFn)}`);
  }
  if (q === null || typeof q !== 'object' || typeof q.sample !== 'function' || typeof q.logProb !== 'function') {
    throw new Error(`${owner}: surrogatePosterior must be a distribution (with sample and logProb); received ${String(q)}`);
  }
  const sampleSize = checkPositiveInteger(owner, 'sampleSize', options.sampleSize ?? 1);
  const importanceSampleSize = checkPositiveInteger(owner, 'importanceSampleSize', options.importanceSampleSize ?? 1);
  const discrepancyFn = options.discrepancyFn ?? ((logu: tf.Tensor) => klReverse(logu));
  if (typeof discrepancyFn !== 'function') {
    throw new Error(`${owner}: discrepancyFn must be a Csiszar function of logu; received ${String(discrepancyFn)}`);
  }
  const reparameterized = isReparameterized(q);
  const estimator = options.gradientEstimator ?? (reparameterized ? 'reparameterization' : 'scoreFunction');
  if (estimator !== 'reparameterization' && estimator !== 'scoreFunction') {
    throw new Error(`${owner}: gradientEstimator must be 'reparameterization' or 'scoreFunction'; received ${String(estimator)}`);
  }
  if (estimator === 'reparameterization' && !reparameterized) {
    throw new Error(`${owner}: gradientEstimator 'reparameterization' needs a fully reparameterized surrogatePosterior; use 'scoreFunction'`);
  }
  if (estimator === 'scoreFunction' && importanceSampleSize > 1) {
    throw new Error(`${owner}: importanceSampleSize > 1 is supported only with the 'reparameterization' estimator`);
  }
  const sampleShape = importanceSampleSize > 1 ? [importanceSampleSize, sampleSize] : [sampleSize];

  /** logu = log p - log q at the draws, checked to have the draws' leading shape. */
  const logU = (z: S): tf.Tensor => {
    const logq = q.logProb(z);
    const logp = callTarget(targetLogProbFn, z);
    if (!(logp instanceof tf.Tensor)) {
      throw new Error(`${owner}: targetLogProbFn returned ${String(logp)}; expected a tensor of shape ${shapeString(logq.shape)}`);
    }
    const leading = logp.shape.slice(0, sampleShape.length);
    if (leading.length !== sampleShape.length || leading.some((d, i) => d !== sampleShape[i]) || !broadcastable(logp.shape, logq.shape)) {
      throw new Error(
        `${owner}: targetLogProbFn returned shape ${shapeString(logp.shape)} for samples of sample shape ` +
          `${shapeString(sampleShape)}; expected one log density per draw, shape ${shapeString(logq.shape)}`,
      );
    }
    return tf.sub(logp, logq);
  };
  const divergence = (z: S): tf.Tensor => {
    let logu = logU(z);
    if (importanceSampleSize > 1) {
      logu = tf.sub(reduceLogSumExp(logu, 0), Math.log(importanceSampleSize));
    }
    return discrepancyFn(logu);
  };

  return tf.tidy(() => {
    const z = q.sample(sampleShape, options.seed);
    if (estimator === 'reparameterization') {
      return tf.mean(divergence(z), 0);
    }
    return expectation({f: divergence, samples: z, logProb: (x) => q.logProb(x), useReparameterization: false});
  });
}
