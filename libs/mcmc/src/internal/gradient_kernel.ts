/**
 * Shared machinery of the gradient-based proposal kernels (UncalibratedLangevin,
 * UncalibratedHamiltonianMonteCarlo): options validation and bootstrapResults. The step size
 * lives in the kernel results, so step-size adaptation can change it between steps.
 */
import * as tf from '@tensorflow/tfjs';
import type {TransitionKernel} from '../kernel';
import {
  checkInitialState,
  checkInitialTargetLogProb,
  evaluateTargetAndGradients,
  stateParts,
  type State,
  type TargetLogProbFn,
} from './state';
import {stepSizeTensors, validateStepSize, type StepSize} from './step_size';

export type GradientKernelResults = {
  logAcceptanceCorrection: tf.Tensor;
  targetLogProb: tf.Tensor;
  /** Gradient of the target log-prob at the state, one tensor per state part. */
  gradsTargetLogProb: tf.Tensor[];
  /** Step size per state part (scalar, or broadcastable against the chains). */
  stepSize: tf.Tensor[];
};

export abstract class GradientKernel implements TransitionKernel<GradientKernelResults> {
  readonly isCalibrated = false;
  readonly targetLogProbFn: TargetLogProbFn;
  readonly stepSize: Array<number | tf.Tensor>;

  constructor(options: {targetLogProbFn: TargetLogProbFn; stepSize: StepSize}, readonly name: string) {
    if (typeof options?.targetLogProbFn !== 'function') {
      throw new Error(`${name}: targetLogProbFn must be a function`);
    }
    if (options.stepSize === undefined) throw new Error(`${name}: stepSize is required`);
    this.targetLogProbFn = options.targetLogProbFn;
    this.stepSize = validateStepSize(name, 'stepSize', options.stepSize);
  }

  bootstrapResults(initState: State): GradientKernelResults {
    const parts = stateParts(initState);
    checkInitialState(this.name, parts);
    return tf.tidy(() => {
      const {targetLogProb, grads} = evaluateTargetAndGradients(this.name, this.targetLogProbFn, parts);
      checkInitialTargetLogProb(this.name, targetLogProb);
      return {
        logAcceptanceCorrection: tf.zerosLike(targetLogProb),
        targetLogProb,
        gradsTargetLogProb: grads,
        stepSize: stepSizeTensors(this.name, 'stepSize', this.stepSize, parts.length),
      };
    });
  }

  /** The target log-prob and gradients at new parts. */
  protected evaluate(parts: tf.Tensor[]): {targetLogProb: tf.Tensor; grads: tf.Tensor[]} {
    return evaluateTargetAndGradients(this.name, this.targetLogProbFn, parts);
  }

  abstract oneStep<S extends State>(currentState: S, previous: GradientKernelResults, seed?: number): [S, GradientKernelResults];
}
