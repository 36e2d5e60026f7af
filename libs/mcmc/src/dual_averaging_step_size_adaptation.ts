/**
 * TFP's `tfp.mcmc.DualAveragingStepSizeAdaptation`: the dual-averaging step-size adaptation of
 * Hoffman & Gelman (2014, section 3.2), as in Stan. With a the reduced acceptance probability of
 * adapted step t = 1, 2, ... (log-mean-exp over the chains that share a step size, see reduceFn),
 * delta = targetAcceptProb, mu = log(shrinkageTarget) (default log(10 h0), h0 the initial step),
 * gamma = explorationShrinkage, t0 = stepCountSmoothing and kappa = decayRate:
 *   S_t = S_{t-1} + (delta - a_t)                                   (errorSum)
 *   log h_t = mu - S_t sqrt(t) / ((t + t0) gamma)                   (the exploring step)
 *   log hbar_t = t^-kappa log h_t + (1 - t^-kappa) log hbar_{t-1}   (logAveragingStep)
 * S_t / (t + t0) is Hoffman & Gelman's running error Hbar_t. Steps 1 .. numAdaptationSteps - 1 use
 * h_t; the last adapted step switches to the averaged hbar, which is then kept.
 *
 * targetAcceptProb defaults to 0.75 as TFP; Stan's default is 0.8 (its adapt_delta), and
 * NoUTurnSampler users often pass 0.8 or more.
 */
import * as tf from '@tensorflow/tfjs';
import {
  StepSizeAdaptation,
  type StepSizeAdaptationOptions,
  type StepSizeAdaptationResults,
} from './internal/step_size_adaptation';
import {hostElementwise} from './internal/host_elementwise';
import {stepSizeTensors, validateStepSize, type StepSize} from './internal/step_size';

export type DualAveragingStepSizeAdaptationResults<IR extends tf.TensorContainer = tf.TensorContainer> =
  StepSizeAdaptationResults<IR> & {
    /** S_t = sum of (targetAcceptProb - acceptance) over the adapted steps, per step size. */
    errorSum: tf.Tensor[];
    /** log hbar_t, the running weighted average of log step sizes. */
    logAveragingStep: tf.Tensor[];
    /** mu, the log step size the exploration shrinks towards. */
    logShrinkageTarget: tf.Tensor[];
    /** The step after which the averaging last restarted (int32 scalar; t counts from it). */
    restartStep: tf.Tensor;
  };

export interface DualAveragingStepSizeAdaptationOptions<IR extends tf.TensorContainer> extends StepSizeAdaptationOptions<IR> {
  /** gamma > 0: how strongly the exploring step is pulled towards the shrinkage target (default 0.05). */
  explorationShrinkage?: number;
  /** exp(mu) > 0, a number or one per state part (default 10 times the initial step size). */
  shrinkageTarget?: StepSize;
  /** t0 >= 0: damps the first iterations (default 10). */
  stepCountSmoothing?: number;
  /** kappa in (0.5, 1]: the averaging weight of step t is t^-kappa (default 0.75). */
  decayRate?: number;
}

const NAME = 'DualAveragingStepSizeAdaptation';

type State_ = Omit<DualAveragingStepSizeAdaptationResults, keyof StepSizeAdaptationResults<tf.TensorContainer>>;

export class DualAveragingStepSizeAdaptation<IR extends tf.TensorContainer = tf.TensorContainer> extends StepSizeAdaptation<
  IR,
  DualAveragingStepSizeAdaptationResults<IR>
> {
  readonly explorationShrinkage: number;
  readonly shrinkageTarget?: Array<number | tf.Tensor>;
  readonly stepCountSmoothing: number;
  readonly decayRate: number;

  constructor(options: DualAveragingStepSizeAdaptationOptions<IR>) {
    super(options, NAME);
    const {explorationShrinkage = 0.05, stepCountSmoothing = 10, decayRate = 0.75} = options;
    if (!(explorationShrinkage > 0 && Number.isFinite(explorationShrinkage))) {
      throw new Error(`${NAME}: explorationShrinkage must be a finite positive number; received ${explorationShrinkage}`);
    }
    if (!(stepCountSmoothing >= 0 && Number.isFinite(stepCountSmoothing))) {
      throw new Error(`${NAME}: stepCountSmoothing must be a finite non-negative number; received ${stepCountSmoothing}`);
    }
    if (!(decayRate > 0.5 && decayRate <= 1)) {
      throw new Error(`${NAME}: decayRate must be in (0.5, 1]; received ${decayRate}`);
    }
    this.explorationShrinkage = explorationShrinkage;
    this.stepCountSmoothing = stepCountSmoothing;
    this.decayRate = decayRate;
    if (options.shrinkageTarget !== undefined) {
      this.shrinkageTarget = validateStepSize(NAME, 'shrinkageTarget', options.shrinkageTarget);
    }
  }

  /**
   * The results with the averaging restarted at the current step size h, as Stan does after each
   * new mass matrix (use it as DiagonalMassMatrixAdaptation's onWindowEnd): t counts again from 1,
   * errorSum and log hbar are 0 and mu = log(10 h). Adaptation still ends after numAdaptationSteps
   * steps in all. The replaced fields are fresh tensors, the others are shared with `results`.
   */
  restartResults(results: DualAveragingStepSizeAdaptationResults<IR>): DualAveragingStepSizeAdaptationResults<IR> {
    return tf.tidy(() => ({
      ...results,
      errorSum: results.errorSum.map((e) => tf.zerosLike(e)),
      logAveragingStep: results.newStepSize.map((h) => tf.zerosLike(h)),
      logShrinkageTarget: results.newStepSize.map((h) => tf.log(tf.mul(h, 10))),
      restartStep: tf.clone(results.step),
    }));
  }

  protected initialState(stepSize: tf.Tensor[]): State_ {
    const target =
      this.shrinkageTarget === undefined
        ? stepSize.map((s) => tf.mul(s, 10))
        : stepSizeTensors(NAME, 'shrinkageTarget', this.shrinkageTarget, stepSize.length);
    return {
      errorSum: stepSize.map((s) => tf.zerosLike(s)),
      logAveragingStep: stepSize.map((s) => tf.zerosLike(s)),
      logShrinkageTarget: target.map((s) => tf.log(s)),
      restartStep: tf.scalar(0, 'int32'),
    };
  }

  protected adapt(
    previous: DualAveragingStepSizeAdaptationResults<IR>,
    logAcceptProb: tf.Tensor[],
    step: number,
  ): {newStepSize: tf.Tensor[]; state: State_} {
    const t = step - previous.restartStep.dataSync()[0];
    const eta = t ** -this.decayRate;
    const shrink = Math.sqrt(t) / ((t + this.stepCountSmoothing) * this.explorationShrinkage);
    const last = step >= this.numAdaptationSteps;
    const delta = this.targetAcceptProb;
    const errorSum: tf.Tensor[] = [];
    const logAveragingStep: tf.Tensor[] = [];
    const newStepSize: tf.Tensor[] = [];
    previous.errorSum.forEach((e, i) => {
      const inputs = [e, logAcceptProb[i], previous.logShrinkageTarget[i], previous.logAveragingStep[i]];
      const [s, average, h] = hostElementwise(inputs, 3, ([errorSumBefore, logAccept, mu, averageBefore], out) => {
        const sum = errorSumBefore + (delta - Math.exp(logAccept));
        const logH = mu - sum * shrink;
        const logHbar = logH * eta + averageBefore * (1 - eta);
        out[0] = sum;
        out[1] = logHbar;
        out[2] = Math.exp(last ? logHbar : logH);
      });
      errorSum.push(s);
      logAveragingStep.push(average);
      newStepSize.push(h);
    });
    return {
      newStepSize,
      state: {
        errorSum,
        logAveragingStep,
        logShrinkageTarget: previous.logShrinkageTarget.map((m) => tf.clone(m)),
        restartStep: tf.clone(previous.restartStep),
      },
    };
  }
}
