import * as tf from '@tensorflow/tfjs';
import {checkWindowSize, ConvergenceCriterion, ConvergenceCriterionOptions, ConvergenceStep} from './convergence_criterion';

export interface LossNotDecreasingOptions extends ConvergenceCriterionOptions {
  /** Converged when the average decrease falls below atol. */
  atol?: number;
  /** Converged when the average decrease falls below rtol times its value at step `windowSize`. */
  rtol?: number;
  /** Effective window of the moving average, decay = 1 - 1 / windowSize; default 10. */
  windowSize?: number;
}

type LossNotDecreasingState = {
  previousLoss: tf.Tensor;
  averageDecreaseInLoss: tf.Tensor;
  averageInitialDecreaseInLoss: tf.Tensor;
};

/**
 * Stops when the loss stops decreasing (TFP's `LossNotDecreasing`): with d_t = loss_{t-1} - loss_t,
 * the moving average a_t = d_t + decay (a_{t-1} - d_t), a_0 = 0, converges when
 * a_t < max(atol, rtol a_W), a_W the average at step W = windowSize. Default minNumSteps 20.
 * A batch of losses gives a batch of indicators.
 */
export class LossNotDecreasing extends ConvergenceCriterion<LossNotDecreasingState> {
  readonly atol: number | undefined;
  readonly rtol: number | undefined;
  readonly windowSize: number;

  constructor(options: LossNotDecreasingOptions) {
    super({minNumSteps: 20, ...options}, 'LossNotDecreasing');
    const {atol, rtol} = options ?? {};
    if (atol === undefined && rtol === undefined) {
      throw new Error(`${this.name}: specify at least one of atol and rtol`);
    }
    for (const [key, v] of [['atol', atol], ['rtol', rtol]] as const) {
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) {
        throw new Error(`${this.name}: ${key} must be a non-negative number; received ${String(v)}`);
      }
    }
    this.atol = atol;
    this.rtol = rtol;
    this.windowSize = checkWindowSize(this.name, options.windowSize ?? 10);
  }

  protected bootstrapFn(loss: tf.Tensor): LossNotDecreasingState {
    return {previousLoss: loss, averageDecreaseInLoss: tf.zerosLike(loss), averageInitialDecreaseInLoss: tf.zerosLike(loss)};
  }

  protected oneStepFn(step: number, loss: tf.Tensor, _g: tf.Tensor[], _p: tf.Tensor[], state: LossNotDecreasingState): ConvergenceStep<LossNotDecreasingState> {
    const decay = 1 - 1 / this.windowSize;
    const decrease = tf.sub(state.previousLoss, loss);
    const average = tf.add(decrease, tf.mul(decay, tf.sub(state.averageDecreaseInLoss, decrease)));
    const threshold = tf.maximum(this.atol ?? 0, tf.mul(this.rtol ?? 0, state.averageInitialDecreaseInLoss));
    return {
      hasConverged: tf.less(average, threshold),
      auxiliaryState: {
        previousLoss: loss,
        averageDecreaseInLoss: average,
        averageInitialDecreaseInLoss: step <= this.windowSize ? average : state.averageInitialDecreaseInLoss,
      },
    };
  }
}
