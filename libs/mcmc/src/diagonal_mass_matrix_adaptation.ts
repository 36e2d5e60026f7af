/**
 * TFP's `tfp.experimental.mcmc.DiagonalMassMatrixAdaptation`, on Stan's windowed schedule: during
 * the first `numAdaptationSteps` steps it estimates the posterior variance of every coordinate of
 * the draws (Welford, pooled over the chains) in windows and, at each window end, sets the inner
 * kernel's inverse mass diagonal m (HamiltonianMonteCarlo, NoUTurnSampler) to the regularised
 * estimate
 *   m = (n / (n + 5)) var + 1e-3 (5 / (n + 5)),   n = number of draws in the window (all chains),
 * var the sample variance (n - 1 denominator),
 * then restarts the estimator. Windows (Stan's defaults): an initial fast interval of 75 steps where
 * nothing is learned, slow windows of 25, 50, 100, ... steps (the last one stretched to end where
 * the terminal interval starts), and a terminal fast interval of 50 steps. When
 * numAdaptationSteps < 150 the intervals are 15 % / 75 % / 10 % of it, as Stan; below 20 steps
 * the mass is not adapted.
 *
 * Composition: wrap the step-size adaptation, not the other way round, and restart it at every
 * window end as Stan does (`onWindowEnd` receives the inner results with the new mass already set):
 *   const dualAveraging = new DualAveragingStepSizeAdaptation({innerKernel: new NoUTurnSampler(...), numAdaptationSteps});
 *   new DiagonalMassMatrixAdaptation({
 *     innerKernel: dualAveraging,
 *     numAdaptationSteps,
 *     onWindowEnd: (inner) => dualAveraging.restartResults(inner),
 *   })
 * so that the step size adapts afresh to each new mass matrix until the end of warm-up (the
 * terminal interval exists for it). In a
 * TransformedTransitionKernel, put this kernel inside it, so the variances are those of the
 * unconstrained chain the sampler moves.
 */
import * as tf from '@tensorflow/tfjs';
import type {TransitionKernel} from './kernel';
import {getInnermost, replaceInnermost} from './internal/nested_results';
import {stateParts, type State} from './internal/state';

export type DiagonalMassMatrixAdaptationResults<IR extends tf.TensorContainer = tf.TensorContainer> = {
  innerResults: IR;
  /** Number of steps taken so far (int32 scalar). */
  step: tf.Tensor;
  /** Draws in the current window's estimate (all chains; float32 scalar). */
  varianceCount: tf.Tensor;
  /** Running mean of the current window, one tensor per state part (the part's event shape). */
  varianceMean: tf.Tensor[];
  /** Running sum of squared deviations (Welford's M2), one tensor per state part. */
  varianceSumSquares: tf.Tensor[];
};

/** What happens after a step: collect the draw, and/or end a window. */
export interface WindowSchedule {
  /** Per step index 0..numAdaptationSteps-1: whether its draw enters the variance estimate. */
  collect: boolean[];
  /** Step indices after which the mass is updated. */
  windowEnds: number[];
}

export interface DiagonalMassMatrixAdaptationOptions<IR extends tf.TensorContainer> {
  /** A kernel whose (inner) results carry `inverseMassDiagonal` (HMC, NUTS, or a step-size adaptation of them). */
  innerKernel: TransitionKernel<IR>;
  /** Number of warm-up steps over which the windows are laid out (a non-negative integer). */
  numAdaptationSteps: number;
  /** Stan's init_buffer (default 75). */
  initialBuffer?: number;
  /** Stan's term_buffer (default 50). */
  terminalBuffer?: number;
  /** Stan's window: the first slow window's length, doubling afterwards (default 25). */
  baseWindow?: number;
  /**
   * Called at each window end with the inner results, the new inverse mass already set; returns the
   * inner results to continue from (e.g. with step-size adaptation restarted). Must return fresh or
   * unchanged tensors and not dispose its input. Default: unchanged.
   */
  onWindowEnd?: (innerResults: IR, info: {step: number; inverseMassDiagonal: tf.Tensor[]}) => IR;
}

const NAME = 'DiagonalMassMatrixAdaptation';

function checkCount(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new Error(`${NAME}: ${name} must be an integer >= ${min}; received ${value}`);
  }
}

/**
 * Stan's windowed_adaptation schedule (stan/mcmc/windowed_adaptation.hpp) for `numWarmup` steps:
 * which draws are collected and after which steps a window ends.
 */
export function windowSchedule(numWarmup: number, initialBuffer = 75, terminalBuffer = 50, baseWindow = 25): WindowSchedule {
  const collect = new Array<boolean>(numWarmup).fill(false);
  const windowEnds: number[] = [];
  if (numWarmup < 20) return {collect, windowEnds};
  let init = initialBuffer;
  let term = terminalBuffer;
  let window = baseWindow;
  if (init + window + term > numWarmup) {
    init = Math.floor(0.15 * numWarmup);
    term = Math.floor(0.1 * numWarmup);
    window = numWarmup - (init + term);
  }
  const lastEnd = numWarmup - term - 1;
  let nextEnd = init + window - 1;
  for (let counter = 0; counter < numWarmup; counter++) {
    collect[counter] = counter >= init && counter < numWarmup - term;
    if (counter === nextEnd) {
      windowEnds.push(counter);
      if (nextEnd !== lastEnd) {
        window *= 2;
        nextEnd = counter + window;
        if (nextEnd !== lastEnd && nextEnd + 2 * window >= numWarmup - term) nextEnd = lastEnd;
      }
    }
  }
  return {collect, windowEnds};
}

export class DiagonalMassMatrixAdaptation<IR extends tf.TensorContainer = tf.TensorContainer>
  implements TransitionKernel<DiagonalMassMatrixAdaptationResults<IR>>
{
  readonly innerKernel: TransitionKernel<IR>;
  readonly numAdaptationSteps: number;
  readonly schedule: WindowSchedule;
  readonly onWindowEnd?: (innerResults: IR, info: {step: number; inverseMassDiagonal: tf.Tensor[]}) => IR;

  constructor(options: DiagonalMassMatrixAdaptationOptions<IR>) {
    if (options?.innerKernel === undefined || typeof options.innerKernel.oneStep !== 'function') {
      throw new Error(`${NAME}: innerKernel must be a TransitionKernel`);
    }
    const {numAdaptationSteps, initialBuffer = 75, terminalBuffer = 50, baseWindow = 25, onWindowEnd} = options;
    checkCount('numAdaptationSteps', numAdaptationSteps, 0);
    checkCount('initialBuffer', initialBuffer, 0);
    checkCount('terminalBuffer', terminalBuffer, 0);
    checkCount('baseWindow', baseWindow, 1);
    if (onWindowEnd !== undefined && typeof onWindowEnd !== 'function') throw new Error(`${NAME}: onWindowEnd must be a function`);
    this.innerKernel = options.innerKernel;
    this.numAdaptationSteps = numAdaptationSteps;
    this.schedule = windowSchedule(numAdaptationSteps, initialBuffer, terminalBuffer, baseWindow);
    this.onWindowEnd = onWindowEnd;
  }

  get isCalibrated(): boolean {
    return this.innerKernel.isCalibrated;
  }

  bootstrapResults(initState: State): DiagonalMassMatrixAdaptationResults<IR> {
    return tf.tidy(() => {
      const innerResults = this.innerKernel.bootstrapResults(initState);
      const inverseMass = getInnermost(innerResults, 'inverseMassDiagonal');
      const targetLogProb = getInnermost(innerResults, 'targetLogProb');
      if (!Array.isArray(inverseMass) || !(targetLogProb instanceof tf.Tensor)) {
        throw new Error(
          `${NAME}: the inner kernel's results have no inverseMassDiagonal (expected HamiltonianMonteCarlo or ` +
            `NoUTurnSampler, possibly inside a step-size adaptation)`,
        );
      }
      const eventShapes = stateParts(initState).map((p) => p.shape.slice(targetLogProb.rank));
      return {
        innerResults,
        step: tf.scalar(0, 'int32'),
        varianceCount: tf.scalar(0),
        varianceMean: eventShapes.map((s) => tf.zeros(s)),
        varianceSumSquares: eventShapes.map((s) => tf.zeros(s)),
      };
    });
  }

  oneStep<S extends State>(
    currentState: S,
    previous: DiagonalMassMatrixAdaptationResults<IR>,
    seed?: number,
  ): [S, DiagonalMassMatrixAdaptationResults<IR>] {
    const step = previous.step.dataSync()[0];
    const endsWindow = step < this.numAdaptationSteps && this.schedule.windowEnds.includes(step);
    // A window end replaces tensors of the inner results, which a scope frees; other steps make no
    // intermediates, and a scope would only walk all the nested results once more.
    return endsWindow ? tf.tidy(() => this.advance(currentState, previous, seed, step)) : this.advance(currentState, previous, seed, step);
  }

  private advance<S extends State>(
    currentState: S,
    previous: DiagonalMassMatrixAdaptationResults<IR>,
    seed: number | undefined,
    step: number,
  ): [S, DiagonalMassMatrixAdaptationResults<IR>] {
    const [next, innerNext] = this.innerKernel.oneStep(currentState, previous.innerResults, seed);
    try {
      let innerResults = innerNext;
      let count = previous.varianceCount;
      let mean = previous.varianceMean;
      let sumSquares = previous.varianceSumSquares;
      // The estimator's tensors are fresh once updated or reset; otherwise the results get copies.
      let fresh = false;
      if (step < this.numAdaptationSteps && this.schedule.collect[step]) {
        fresh = true;
        const batchRank = (getInnermost(innerResults, 'targetLogProb') as tf.Tensor).rank;
        ({count, mean, sumSquares} = welfordUpdate(count, mean, sumSquares, stateParts(next), batchRank));
      }
      if (step < this.numAdaptationSteps && this.schedule.windowEnds.includes(step)) {
        const n = count;
        // Stan's regularisation of the sample variance M2 / (n - 1) towards 1e-3.
        const inverseMassDiagonal = sumSquares.map((m2) =>
          tf.add(tf.mul(tf.div(n, tf.add(n, 5)), tf.div(m2, tf.sub(n, 1))), tf.mul(1e-3, tf.div(5, tf.add(n, 5)))),
        );
        innerResults = replaceInnermost(innerResults, 'inverseMassDiagonal', inverseMassDiagonal);
        if (this.onWindowEnd !== undefined) innerResults = this.onWindowEnd(innerResults, {step: step + 1, inverseMassDiagonal});
        count = tf.scalar(0);
        mean = mean.map((x) => tf.zerosLike(x));
        sumSquares = sumSquares.map((x) => tf.zerosLike(x));
        fresh = true;
      }
      const own = (x: tf.Tensor) => (fresh ? x : tf.clone(x));
      return [
        next,
        {
          innerResults,
          step: tf.scalar(step + 1, 'int32'),
          varianceCount: own(count),
          varianceMean: mean.map(own),
          varianceSumSquares: sumSquares.map(own),
        },
      ];
    } catch (error) {
      tf.dispose([stateParts(next), innerNext] as tf.TensorContainer);
      throw error;
    }
  }
}

/**
 * Welford's running mean and M2 updated with a batch of draws (the chains of one step), by Chan et
 * al.'s pairwise combination: with the batch's size b, mean mb and M2 Mb, and d = mb - mean,
 *   n' = n + b,  mean' = mean + d b / n',  M2' = M2 + Mb + d^2 n b / n'.
 * Computed on the host in float64: the state is one number per coordinate, and a dozen tfjs kernels
 * per part would cost more in dispatch than the arithmetic.
 */
function welfordUpdate(
  count: tf.Tensor,
  mean: tf.Tensor[],
  sumSquares: tf.Tensor[],
  parts: tf.Tensor[],
  batchRank: number,
): {count: tf.Tensor; mean: tf.Tensor[]; sumSquares: tf.Tensor[]} {
  const b = parts[0].shape.slice(0, batchRank).reduce((a, d) => a * d, 1);
  const n = count.dataSync()[0];
  const newCount = n + b;
  const newMean: tf.Tensor[] = [];
  const newSumSquares: tf.Tensor[] = [];
  parts.forEach((x, i) => {
    const draws = x.dataSync();
    const m0 = mean[i].dataSync();
    const s0 = sumSquares[i].dataSync();
    const size = m0.length;
    const m1 = new Float32Array(size);
    const s1 = new Float32Array(size);
    for (let k = 0; k < size; k++) {
      let batchMean = 0;
      for (let c = 0; c < b; c++) batchMean += draws[c * size + k];
      batchMean /= b;
      let batchSumSquares = 0;
      for (let c = 0; c < b; c++) batchSumSquares += (draws[c * size + k] - batchMean) ** 2;
      const d = batchMean - m0[k];
      m1[k] = m0[k] + (d * b) / newCount;
      s1[k] = s0[k] + batchSumSquares + (d * d * n * b) / newCount;
    }
    newMean.push(tf.tensor(m1, mean[i].shape, 'float32'));
    newSumSquares.push(tf.tensor(s1, sumSquares[i].shape, 'float32'));
  });
  return {count: tf.scalar(newCount), mean: newMean, sumSquares: newSumSquares};
}
