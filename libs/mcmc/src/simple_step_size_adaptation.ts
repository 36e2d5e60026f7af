/**
 * TFP's `tfp.mcmc.SimpleStepSizeAdaptation`: during the first `numAdaptationSteps` steps, after each
 * inner step the step size is multiplied by (1 + adaptationRate) when the mean acceptance
 * probability exceeds `targetAcceptProb` and divided by (1 + adaptationRate) otherwise. The mean
 * is log-mean-exp of min(logAcceptRatio, 0) over the leading
 * min(chain rank, state-part rank - step-size rank) dimensions, as TFP: a scalar step size is
 * shared by all chains, one of shape [chains, 1, ...] (broadcasting against the state part)
 * adapts per chain.
 * Wraps a Metropolis-Hastings kernel whose inner results carry `stepSize` (HMC, MALA).
 */
import * as tf from '@tensorflow/tfjs';
import type {TransitionKernel} from './kernel';
import type {MetropolisHastingsResults} from './metropolis_hastings';
import type {GradientKernelResults} from './internal/gradient_kernel';
import {mapTensors} from './internal/structure';
import {expandToPart, stateParts, type State} from './internal/state';

export type SimpleStepSizeAdaptationResults<R extends GradientKernelResults = GradientKernelResults> = {
  innerResults: MetropolisHastingsResults<R>;
  targetAcceptProb: tf.Tensor;
  adaptationRate: tf.Tensor;
  /** Number of steps taken so far (int32 scalar). */
  step: tf.Tensor;
  /** The step size the next step will use, one tensor per state part. */
  newStepSize: tf.Tensor[];
};

export interface SimpleStepSizeAdaptationOptions<R extends GradientKernelResults> {
  innerKernel: TransitionKernel<MetropolisHastingsResults<R>>;
  /** Number of initial steps during which the step size changes (usually ~80% of burn-in). */
  numAdaptationSteps: number;
  /** Default 0.75, as TFP. */
  targetAcceptProb?: number;
  /** Default 0.01, as TFP. */
  adaptationRate?: number;
}

const NAME = 'SimpleStepSizeAdaptation';

export class SimpleStepSizeAdaptation<R extends GradientKernelResults = GradientKernelResults>
  implements TransitionKernel<SimpleStepSizeAdaptationResults<R>>
{
  readonly innerKernel: TransitionKernel<MetropolisHastingsResults<R>>;
  readonly numAdaptationSteps: number;
  readonly targetAcceptProb: number;
  readonly adaptationRate: number;

  constructor(options: SimpleStepSizeAdaptationOptions<R>) {
    if (options?.innerKernel === undefined || typeof options.innerKernel.oneStep !== 'function') {
      throw new Error(`${NAME}: innerKernel must be a TransitionKernel`);
    }
    const {numAdaptationSteps, targetAcceptProb = 0.75, adaptationRate = 0.01} = options;
    if (!(Number.isInteger(numAdaptationSteps) && numAdaptationSteps >= 0)) {
      throw new Error(`${NAME}: numAdaptationSteps must be a non-negative integer; received ${numAdaptationSteps}`);
    }
    if (!(targetAcceptProb > 0 && targetAcceptProb < 1)) {
      throw new Error(`${NAME}: targetAcceptProb must be in (0, 1); received ${targetAcceptProb}`);
    }
    if (!(adaptationRate > 0 && Number.isFinite(adaptationRate))) {
      throw new Error(`${NAME}: adaptationRate must be a finite positive number; received ${adaptationRate}`);
    }
    this.innerKernel = options.innerKernel;
    this.numAdaptationSteps = numAdaptationSteps;
    this.targetAcceptProb = targetAcceptProb;
    this.adaptationRate = adaptationRate;
  }

  get isCalibrated(): boolean {
    return this.innerKernel.isCalibrated;
  }

  bootstrapResults(initState: State): SimpleStepSizeAdaptationResults<R> {
    return tf.tidy(() => {
      const innerResults = this.innerKernel.bootstrapResults(initState);
      const stepSize = innerResults.acceptedResults.stepSize;
      if (!Array.isArray(stepSize)) {
        throw new Error(`${NAME}: the inner kernel's results have no stepSize (expected HamiltonianMonteCarlo or MetropolisAdjustedLangevinAlgorithm)`);
      }
      return {
        innerResults,
        targetAcceptProb: tf.scalar(this.targetAcceptProb),
        adaptationRate: tf.scalar(this.adaptationRate),
        step: tf.scalar(0, 'int32'),
        newStepSize: stepSize.map((s) => tf.clone(s)),
      };
    });
  }

  oneStep<S extends State>(
    currentState: S,
    previous: SimpleStepSizeAdaptationResults<R>,
    seed?: number,
  ): [S, SimpleStepSizeAdaptationResults<R>] {
    return tf.tidy(() => {
      const stepSize = previous.newStepSize;
      // The inner kernel reads its step size from the accepted results.
      const inner = previous.innerResults;
      const withStep: MetropolisHastingsResults<R> = {
        ...inner,
        acceptedResults: {...inner.acceptedResults, stepSize},
      };
      const [next, innerResults] = this.innerKernel.oneStep(currentState, withStep, seed);
      const logAccept = tf.minimum(innerResults.logAcceptRatio, 0);
      const batchRank = logAccept.rank;
      const logTarget = Math.log(this.targetAcceptProb);
      const up = 1 + this.adaptationRate;
      const adapting = previous.step.dataSync()[0] < this.numAdaptationSteps;
      const parts = stateParts(currentState);
      const newStepSize = stepSize.map((s, i) => {
        if (!adapting) return tf.clone(s);
        const part = parts[Math.min(i, parts.length - 1)];
        const numReduce = Math.min(batchRank, part.rank - s.rank);
        if (numReduce < 0) {
          throw new Error(
            `${NAME}: step size of state part ${i} has shape [${s.shape}], more dimensions than the state part [${part.shape}]`,
          );
        }
        const axes = Array.from({length: numReduce}, (_, k) => k);
        const meanLogAccept =
          numReduce === 0 ? logAccept : tf.sub(tf.logSumExp(logAccept, axes), Math.log(logAccept.shape.slice(0, numReduce).reduce((a, b) => a * b, 1)));
        // The reduced acceptance lines up with the step size's leading (chain) dimensions.
        const aligned = meanLogAccept.rank <= s.rank ? expandToPart(meanLogAccept, s) : meanLogAccept;
        const factor = tf.where(tf.greater(aligned, logTarget), tf.fill(aligned.shape, up), tf.fill(aligned.shape, 1 / up));
        return tf.mul(s, factor);
      });
      return [
        next,
        {
          innerResults,
          targetAcceptProb: tf.clone(previous.targetAcceptProb),
          adaptationRate: tf.clone(previous.adaptationRate),
          step: tf.add(previous.step, tf.scalar(1, 'int32')),
          newStepSize: mapTensors(newStepSize, (t) => t),
        },
      ];
    });
  }
}
