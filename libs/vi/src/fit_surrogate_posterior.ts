import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import type {convergenceCriteria} from '@tfjs-probability/optimizer';
import {CsiszarFunction} from './csiszar_functions';
import {leaves, TensorStructure} from './internal/structure';
import {
  checkPositiveInteger,
  GradientEstimator,
  monteCarloVariationalLoss,
  TargetLogProbFn,
} from './monte_carlo_variational_loss';
import {SurrogatePosterior} from './surrogate_posterior';

type ConvergenceCriterion = convergenceCriteria.ConvergenceCriterion;
type ConvergenceState = convergenceCriteria.ConvergenceState;

/** What `traceFn` sees after each optimisation step (TFP's `TraceableQuantities`). */
export interface TraceableQuantities {
  /** The loss at this step (before the update). */
  loss: tf.Tensor;
  /** Gradients of the loss, one per trainable variable. */
  gradients: tf.Tensor[];
  /** The trainable variables themselves, read after the update (the trace keeps copies of what traceFn returns). */
  parameters: tf.Tensor[];
  /** 0-based step index. */
  step: number;
  /** The convergence criterion's verdict (false when there is none). */
  hasConverged: tf.Tensor;
  convergenceCriterionState?: ConvergenceState;
}

export interface FitSurrogatePosteriorOptions<S extends TensorStructure, T extends TensorStructure> {
  targetLogProbFn: TargetLogProbFn;
  surrogatePosterior: SurrogatePosterior<S>;
  /** A tfjs optimizer, e.g. `tf.train.adam(0.1)`. */
  optimizer: tf.Optimizer;
  numSteps: number;
  /** Stops early once it reports convergence (for every batch member). */
  convergenceCriterion?: ConvergenceCriterion;
  /** What to record at each step; default the loss. Returned tensors are copied. */
  traceFn?: (quantities: TraceableQuantities) => T;
  /** The loss at a seed; default `monteCarloVariationalLoss` with the options below. */
  variationalLossFn?: (seed: number | undefined) => tf.Tensor;
  discrepancyFn?: CsiszarFunction;
  sampleSize?: number;
  importanceSampleSize?: number;
  gradientEstimator?: GradientEstimator;
  /** The variables to train; default the surrogate's `trainableVariables`. */
  trainableVariables?: readonly tf.Variable[];
  seed?: number;
}

/** Stacks the per-step traces leaf by leaf along a new leading axis. */
function stackTraces<T extends TensorStructure>(items: T[]): T {
  const first = items[0];
  if (first instanceof tf.Tensor) return tf.stack(items as tf.Tensor[]) as T;
  if (Array.isArray(first)) return first.map((_, i) => tf.stack(items.map((it) => (it as tf.Tensor[])[i]))) as T;
  return Object.fromEntries(
    Object.keys(first).map((k) => [k, tf.stack(items.map((it) => (it as {[key: string]: tf.Tensor})[k]))]),
  ) as T;
}

function copyTrace<T extends TensorStructure>(owner: string, value: T): T {
  const copy = (v: unknown): tf.Tensor => {
    if (!(v instanceof tf.Tensor)) throw new Error(`${owner}: traceFn must return a tensor, or an array or object of tensors; received ${String(v)}`);
    return tf.clone(v);
  };
  if (value instanceof tf.Tensor) return copy(value) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
  return copy(value) as T;
}

/**
 * Fits a surrogate posterior q to an unnormalised target density p by stochastic optimisation of a
 * variational loss (TFP's `tfp.vi.fit_surrogate_posterior`): by default the negative ELBO
 * E_q[log q(z) - log p(z, x)], i.e. KL(q || posterior) - log p(x). At each step a fresh Monte Carlo
 * loss (its own seed from `seed`) is differentiated with respect to the trainable variables and the
 * optimizer applies the gradients. Runs `numSteps` steps, or fewer when the convergence criterion
 * fires; returns the stacked trace, leading dimension the number of steps run (by default the loss
 * trace, shape [steps] + q's batch shape). Leak-free: besides the optimizer's own slots, only the
 * returned trace is left allocated. tfjs optimizers key their slots by position, so use one
 * optimizer per set of variables.
 */
export function fitSurrogatePosterior<S extends TensorStructure, T extends TensorStructure = tf.Tensor>(
  options: FitSurrogatePosteriorOptions<S, T>,
): T {
  const owner = 'fitSurrogatePosterior';
  const {optimizer, convergenceCriterion} = options;
  const numSteps = checkPositiveInteger(owner, 'numSteps', options.numSteps);
  if (!(optimizer instanceof tf.Optimizer)) {
    throw new Error(`${owner}: optimizer must be a tf.Optimizer (e.g. tf.train.adam(0.1)); received ${String(optimizer)}`);
  }
  const q = options.surrogatePosterior;
  const variables = options.trainableVariables ?? q?.trainableVariables;
  if (variables === undefined || variables.length === 0) {
    throw new Error(
      `${owner}: the surrogatePosterior has no trainable variables; build it with buildFactoredSurrogatePosterior / ` +
        'buildAffineSurrogatePosterior or a DeferredDistribution, or pass trainableVariables',
    );
  }
  variables.forEach((v, i) => {
    if (!(v instanceof tf.Variable) || v.isDisposed || !v.trainable) {
      throw new Error(`${owner}: trainableVariables[${i}] must be a live, trainable tf.Variable; received ${String(v)}`);
    }
  });
  const varList = [...variables];
  const lossFn =
    options.variationalLossFn ??
    ((seed: number | undefined) =>
      monteCarloVariationalLoss({
        targetLogProbFn: options.targetLogProbFn,
        surrogatePosterior: q,
        sampleSize: options.sampleSize,
        importanceSampleSize: options.importanceSampleSize,
        discrepancyFn: options.discrepancyFn,
        gradientEstimator: options.gradientEstimator,
        seed,
      }));
  // One evaluation outside the gradient tape first: an error thrown while tfjs records gradients
  // (a target of the wrong shape) would leave the tape's saved tensors allocated.
  tf.tidy(() => void lossFn(options.seed));
  const traceFn = options.traceFn ?? ((qs: TraceableQuantities) => qs.loss as T);
  const seeds = new SeedStream(options.seed, owner);

  const traces: T[] = [];
  let criterionState: ConvergenceState | undefined;
  try {
    for (let step = 0; step < numSteps; step++) {
      const seed = seeds.next();
      const out = tf.tidy(() => {
        let batchLoss: tf.Tensor | undefined;
        const {grads} = tf.variableGrads(() => {
          const l = lossFn(seed);
          if (!(l instanceof tf.Tensor)) throw new Error(`${owner}: the variational loss must be a tensor; received ${String(l)}`);
          batchLoss = tf.keep(tf.clone(l));
          // A batch of losses (a batch of surrogates) is optimised as their sum.
          return (l.rank === 0 ? l : tf.sum(l)) as tf.Scalar;
        }, varList);
        const loss = batchLoss as tf.Tensor;
        const gradients = varList.map((v) => grads[v.name] ?? tf.zerosLike(v));
        optimizer.applyGradients(Object.fromEntries(varList.map((v, i) => [v.name, gradients[i]])));
        const parameters: tf.Tensor[] = varList;
        let hasConverged: tf.Tensor = tf.scalar(false, 'bool');
        let nextState: ConvergenceState | undefined;
        if (convergenceCriterion !== undefined) {
          if (step === 0) {
            nextState = convergenceCriterion.bootstrap(loss, gradients, parameters);
          } else {
            const r = convergenceCriterion.oneStep(step, loss, gradients, parameters, criterionState as ConvergenceState);
            hasConverged = r.hasConverged;
            nextState = r.auxiliaryState;
          }
        }
        const trace = copyTrace(owner, traceFn({loss, gradients, parameters, step, hasConverged, convergenceCriterionState: nextState}));
        const converged = tf.all(hasConverged).dataSync()[0] === 1;
        loss.dispose();
        return {trace: trace as TensorStructure, nextState: nextState ?? {}, converged};
      });
      traces.push(out.trace as T);
      if (criterionState !== undefined) tf.dispose(Object.values(criterionState));
      criterionState = convergenceCriterion !== undefined ? out.nextState : undefined;
      if (out.converged) break;
    }
    return tf.tidy(() => stackTraces(traces));
  } finally {
    tf.dispose(traces.flatMap((t) => leaves(t)));
    if (criterionState !== undefined) tf.dispose(Object.values(criterionState));
  }
}
