/**
 * Shared machinery of the step-size adaptation wrappers (SimpleStepSizeAdaptation,
 * DualAveragingStepSizeAdaptation): option checks, bootstrap, and the step that hands the current
 * step size to the inner kernel, runs it, and reduces its acceptance probability
 * min(exp(logAcceptRatio), 1) over chains to the shape of each step size. A subclass only turns
 * that reduced acceptance into the next step size.
 *
 * The step size is read and written at the innermost kernel results that have `stepSize`, and the
 * acceptance at the innermost results that have `logAcceptRatio` (TFP's hmc_like getters and
 * setter), so the inner kernel may be HMC, MALA, NUTS, or one of them inside a
 * TransformedTransitionKernel.
 */
import * as tf from '@tensorflow/tfjs';
import type {TransitionKernel} from '../kernel';
import {hostElementwise} from './host_elementwise';
import {getInnermost, replaceInnermost} from './nested_results';
import {expandToPart, stateParts, type State} from './state';
import {mapTensors} from './structure';

/**
 * Reduces log acceptance probabilities over the given axes (keeping them when keepDims), e.g. to
 * one value per step size. TFP's `reduce_fn`; the default is log-mean-exp, i.e. the log of the
 * mean acceptance probability.
 */
export type ReduceFn = (logAcceptProb: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/**
 * log(mean(exp(x))) over `axes` (TFP's `reduce_log_mean_exp`), shifted by the maximum where it is
 * finite, so that all chains at -inf (every proposal diverged) give -inf rather than NaN. Computed
 * on the host in float64: x holds one acceptance statistic per chain, too few numbers to be worth
 * a dozen tfjs kernels per step.
 */
export const reduceLogMeanExp: ReduceFn = (x, axes, keepDims) => {
  if (axes.length === 0) return x;
  const shape = x.shape;
  const keptShape = shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const values = x.dataSync();
  // Output index of every input element (row-major odometer over the input).
  const outIndex = new Int32Array(values.length);
  const outStrides = keptShape.map((_, k) => keptShape.slice(k + 1).reduce((a, b) => a * b, 1));
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0, o = 0; i < values.length; i++) {
    outIndex[i] = o;
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k]++;
      if (keptShape[k] !== 1) o += outStrides[k];
      if (index[k] < shape[k]) break;
      if (keptShape[k] !== 1) o -= outStrides[k] * shape[k];
      index[k] = 0;
    }
  }
  const size = keptShape.reduce((a, b) => a * b, 1);
  const n = values.length / size;
  const max = new Float64Array(size).fill(-Infinity);
  for (let i = 0; i < values.length; i++) max[outIndex[i]] = Math.max(max[outIndex[i]], values[i]);
  const sum = new Float64Array(size);
  const shift = max.map((m) => (Number.isFinite(m) ? m : 0));
  for (let i = 0; i < values.length; i++) sum[outIndex[i]] += Math.exp(values[i] - shift[outIndex[i]]);
  const out = new Float32Array(size);
  for (let o = 0; o < size; o++) out[o] = Math.log(sum[o]) + shift[o] - Math.log(n);
  return tf.tensor(out, keepDims ? keptShape : shape.filter((_, k) => !axes.includes(k)), 'float32');
};

export interface StepSizeAdaptationOptions<IR extends tf.TensorContainer> {
  /** A kernel whose results (or inner results) carry `stepSize` and `logAcceptRatio`. */
  innerKernel: TransitionKernel<IR>;
  /** Number of initial steps during which the step size changes (usually ~80% of burn-in). */
  numAdaptationSteps: number;
  /** Acceptance probability to aim for, in (0, 1); default 0.75, as TFP. */
  targetAcceptProb?: number;
  /** How acceptance probabilities of chains sharing a step size are combined (default log-mean-exp). */
  reduceFn?: ReduceFn;
}

/** The results fields every step-size adaptation kernel reports. */
export type StepSizeAdaptationResults<IR extends tf.TensorContainer> = {
  innerResults: IR;
  targetAcceptProb: tf.Tensor;
  /** Number of steps taken so far (int32 scalar). */
  step: tf.Tensor;
  /** The step size the next step will use, one tensor per state part. */
  newStepSize: tf.Tensor[];
};

/** The adaptation-specific part of a results type. */
export type AdaptationState<IR extends tf.TensorContainer, R extends StepSizeAdaptationResults<IR>> = Omit<
  R,
  keyof StepSizeAdaptationResults<IR>
>;

export abstract class StepSizeAdaptation<IR extends tf.TensorContainer, R extends StepSizeAdaptationResults<IR>>
  implements TransitionKernel<R>
{
  readonly innerKernel: TransitionKernel<IR>;
  readonly numAdaptationSteps: number;
  readonly targetAcceptProb: number;
  readonly reduceFn: ReduceFn;

  constructor(options: StepSizeAdaptationOptions<IR>, readonly name: string) {
    if (options?.innerKernel === undefined || typeof options.innerKernel.oneStep !== 'function') {
      throw new Error(`${name}: innerKernel must be a TransitionKernel`);
    }
    const {numAdaptationSteps, targetAcceptProb = 0.75, reduceFn = reduceLogMeanExp} = options;
    if (!(Number.isInteger(numAdaptationSteps) && numAdaptationSteps >= 0)) {
      throw new Error(`${name}: numAdaptationSteps must be a non-negative integer; received ${numAdaptationSteps}`);
    }
    if (!(targetAcceptProb > 0 && targetAcceptProb < 1)) {
      throw new Error(`${name}: targetAcceptProb must be in (0, 1); received ${targetAcceptProb}`);
    }
    if (typeof reduceFn !== 'function') throw new Error(`${name}: reduceFn must be a function`);
    this.innerKernel = options.innerKernel;
    this.numAdaptationSteps = numAdaptationSteps;
    this.targetAcceptProb = targetAcceptProb;
    this.reduceFn = reduceFn;
  }

  get isCalibrated(): boolean {
    return this.innerKernel.isCalibrated;
  }

  /** The adaptation state before the first step, from the inner kernel's initial step size. */
  protected abstract initialState(stepSize: tf.Tensor[]): AdaptationState<IR, R>;

  /**
   * The next step size and adaptation state after adapted step number `step` (1-based), given per
   * state part the reduced log acceptance probability, broadcastable against that part's step size.
   */
  protected abstract adapt(
    previous: R,
    logAcceptProb: tf.Tensor[],
    step: number,
  ): {newStepSize: tf.Tensor[]; state: AdaptationState<IR, R>};

  bootstrapResults(initState: State): R {
    return tf.tidy(() => {
      const innerResults = this.innerKernel.bootstrapResults(initState);
      const stepSize = getInnermost(innerResults, 'stepSize');
      if (!Array.isArray(stepSize) || !stepSize.every((s) => s instanceof tf.Tensor)) {
        throw new Error(
          `${this.name}: the inner kernel's results have no stepSize (expected HamiltonianMonteCarlo, ` +
            `MetropolisAdjustedLangevinAlgorithm or NoUTurnSampler, possibly inside a TransformedTransitionKernel)`,
        );
      }
      const steps = stepSize as tf.Tensor[];
      return {
        ...this.initialState(steps),
        innerResults,
        targetAcceptProb: tf.scalar(this.targetAcceptProb),
        step: tf.scalar(0, 'int32'),
        newStepSize: steps.map((s) => tf.clone(s)),
      } as R;
    });
  }

  oneStep<S extends State>(currentState: S, previous: R, seed?: number): [S, R] {
    // Scopes only around the work that makes intermediates: a tidy around the inner step would
    // walk all the nested results once more on every step, and the inner kernel cleans up after itself.
    const stepSize = previous.newStepSize;
    const withStep = replaceInnermost(previous.innerResults, 'stepSize', stepSize);
    const [next, innerResults] = this.innerKernel.oneStep(currentState, withStep, seed);
    try {
      const step = previous.step.dataSync()[0];
      const own = tf.tidy(() => {
        const {newStepSize, state} =
          step < this.numAdaptationSteps
            ? this.adapt(previous, this.reducedLogAcceptProb(innerResults, stateParts(currentState), stepSize), step + 1)
            : {newStepSize: stepSize.map((s) => tf.clone(s)), state: this.copyState(previous)};
        return {...state, targetAcceptProb: tf.clone(previous.targetAcceptProb), step: tf.scalar(step + 1, 'int32'), newStepSize};
      });
      return [next, {...own, innerResults} as unknown as R];
    } catch (error) {
      tf.dispose([stateParts(next), innerResults] as tf.TensorContainer);
      throw error;
    }
  }

  /**
   * Per step size, log min(1, acceptance ratio) reduced (reduceFn) over the leading
   * min(chain rank, part rank - step-size rank) dimensions, as TFP, then over the dimensions where
   * it still differs from a step size of size 1 there; aligned to the step size's leading dimensions.
   * A scalar step size thus sees the mean over all chains, one of shape [chains, 1, ...] its own chain.
   */
  private reducedLogAcceptProb(innerResults: IR, parts: tf.Tensor[], stepSize: tf.Tensor[]): tf.Tensor[] {
    const ratio = getInnermost(innerResults, 'logAcceptRatio');
    if (!(ratio instanceof tf.Tensor)) {
      throw new Error(`${this.name}: the inner kernel's results have no logAcceptRatio tensor`);
    }
    const [logAccept] = hostElementwise([ratio], 1, ([r], out) => {
      out[0] = Math.min(r, 0);
    });
    const batchRank = logAccept.rank;
    // Step sizes of the same shape over parts of the same rank share one reduction (often all parts).
    const reductions = new Map<string, tf.Tensor>();
    return stepSize.map((s, i) => {
      const part = parts[Math.min(i, parts.length - 1)];
      const numReduce = Math.min(batchRank, part.rank - s.rank);
      if (numReduce < 0) {
        throw new Error(
          `${this.name}: step size of state part ${i} has shape [${s.shape}], more dimensions than the state part [${part.shape}]`,
        );
      }
      const key = `${numReduce}:${s.shape.join(',')}`;
      let result = reductions.get(key);
      if (result === undefined) {
        const reduced = this.reduceFn(logAccept, Array.from({length: numReduce}, (_, k) => k), false);
        const aligned = reduced.rank < s.rank ? expandToPart(reduced, s) : reduced;
        const differing = aligned.shape.flatMap((d, k) => (d !== s.shape[k] && s.shape[k] === 1 ? [k] : []));
        result = differing.length === 0 ? aligned : this.reduceFn(aligned, differing, true);
        reductions.set(key, result);
      }
      return result;
    });
  }

  private copyState(previous: R): AdaptationState<IR, R> {
    const {innerResults: _i, targetAcceptProb: _t, step: _s, newStepSize: _n, ...state} = previous;
    return mapTensors(state as tf.TensorContainer, (t) => tf.clone(t)) as AdaptationState<IR, R>;
  }
}
