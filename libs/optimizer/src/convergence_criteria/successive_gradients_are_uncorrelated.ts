import * as tf from '@tensorflow/tfjs';
import {checkWindowSize, ConvergenceCriterion, ConvergenceCriterionOptions, ConvergenceState, ConvergenceStep} from './convergence_criterion';

export interface SuccessiveGradientsAreUncorrelatedOptions extends ConvergenceCriterionOptions {
  /** Effective window of the moving average, decay = 1 - 1 / windowSize; default 10. */
  windowSize?: number;
}

/**
 * Stops when successive gradients stop pointing the same way (TFP's
 * `SuccessiveGradientsAreUncorrelated`, after Pflug 1990): the moving average
 * m_t = c_t + decay (m_{t-1} - c_t) of c_t = sum_i <g_t,i, g_{t-1},i> over all variables, m_0 = 0,
 * converges when m_t < 0, which constant-step SGD reaches at its stationary distribution.
 * The indicator is a scalar. Default minNumSteps 20.
 */
export class SuccessiveGradientsAreUncorrelated extends ConvergenceCriterion {
  readonly windowSize: number;

  constructor(options: SuccessiveGradientsAreUncorrelatedOptions = {}) {
    super({minNumSteps: 20, ...options}, 'SuccessiveGradientsAreUncorrelated');
    this.windowSize = checkWindowSize(this.name, options.windowSize ?? 10);
  }

  protected bootstrapFn(loss: tf.Tensor, grads: tf.Tensor[]): ConvergenceState {
    const state: ConvergenceState = {movingProduct: tf.zeros([], loss.dtype)};
    grads.forEach((g, i) => (state[`grad${i}`] = g));
    return state;
  }

  protected oneStepFn(_step: number, _loss: tf.Tensor, grads: tf.Tensor[], _p: tf.Tensor[], state: ConvergenceState): ConvergenceStep<ConvergenceState> {
    const previous = grads.map((_, i) => state[`grad${i}`]);
    if (previous.some((g, i) => g === undefined || g.size !== grads[i].size)) {
      throw new Error(`${this.name}: the gradients changed structure between steps (${grads.length} now)`);
    }
    const decay = 1 - 1 / this.windowSize;
    const inner = grads.map((g, i) => tf.sum(tf.mul(g, previous[i]))).reduce((a, b) => tf.add(a, b), tf.scalar(0));
    const moving = tf.add(inner, tf.mul(decay, tf.sub(state.movingProduct, inner)));
    const next: ConvergenceState = {movingProduct: moving};
    grads.forEach((g, i) => (next[`grad${i}`] = g));
    return {hasConverged: tf.less(moving, 0), auxiliaryState: next};
  }
}
