/**
 * TFP's `tfp.mcmc.SimpleStepSizeAdaptation`: during the first `numAdaptationSteps` steps, after each
 * inner step the step size is multiplied by (1 + adaptationRate) when the mean acceptance
 * probability exceeds `targetAcceptProb` and divided by (1 + adaptationRate) otherwise. The mean
 * is log-mean-exp (reduceFn) of min(logAcceptRatio, 0) over the leading
 * min(chain rank, state-part rank - step-size rank) dimensions, as TFP: a scalar step size is
 * shared by all chains, one of shape [chains, 1, ...] (broadcasting against the state part)
 * adapts per chain.
 * Wraps a kernel whose (inner) results carry `stepSize` and `logAcceptRatio` (HMC, MALA, NUTS,
 * also inside a TransformedTransitionKernel).
 */
import * as tf from '@tensorflow/tfjs';
import {
  StepSizeAdaptation,
  type StepSizeAdaptationOptions,
  type StepSizeAdaptationResults,
} from './internal/step_size_adaptation';

export type SimpleStepSizeAdaptationResults<IR extends tf.TensorContainer = tf.TensorContainer> =
  StepSizeAdaptationResults<IR> & {adaptationRate: tf.Tensor};

export interface SimpleStepSizeAdaptationOptions<IR extends tf.TensorContainer> extends StepSizeAdaptationOptions<IR> {
  /** Default 0.01, as TFP. */
  adaptationRate?: number;
}

const NAME = 'SimpleStepSizeAdaptation';

export class SimpleStepSizeAdaptation<IR extends tf.TensorContainer = tf.TensorContainer> extends StepSizeAdaptation<
  IR,
  SimpleStepSizeAdaptationResults<IR>
> {
  readonly adaptationRate: number;

  constructor(options: SimpleStepSizeAdaptationOptions<IR>) {
    super(options, NAME);
    const {adaptationRate = 0.01} = options;
    if (!(adaptationRate > 0 && Number.isFinite(adaptationRate))) {
      throw new Error(`${NAME}: adaptationRate must be a finite positive number; received ${adaptationRate}`);
    }
    this.adaptationRate = adaptationRate;
  }

  protected initialState(): {adaptationRate: tf.Tensor} {
    return {adaptationRate: tf.scalar(this.adaptationRate)};
  }

  protected adapt(
    previous: SimpleStepSizeAdaptationResults<IR>,
    logAcceptProb: tf.Tensor[],
  ): {newStepSize: tf.Tensor[]; state: {adaptationRate: tf.Tensor}} {
    const logTarget = Math.log(this.targetAcceptProb);
    const up = 1 + this.adaptationRate;
    const newStepSize = previous.newStepSize.map((s, i) => {
      const a = logAcceptProb[i];
      return tf.mul(s, tf.where(tf.greater(a, logTarget), tf.fill(a.shape, up), tf.fill(a.shape, 1 / up)));
    });
    return {newStepSize, state: {adaptationRate: tf.clone(previous.adaptationRate)}};
  }
}
