import * as tf from '@tensorflow/tfjs';

/** The auxiliary state a criterion carries from step to step: named tensors. */
export type ConvergenceState = {[name: string]: tf.Tensor};

export interface ConvergenceCriterionOptions {
  /** `hasConverged` stays false until step >= minNumSteps. */
  minNumSteps?: number;
  name?: string;
}

/** What `oneStep` returns. */
export interface ConvergenceStep<S extends ConvergenceState> {
  /** Boolean tensor of the loss's batch shape (scalar for a scalar loss). */
  hasConverged: tf.Tensor;
  auxiliaryState: S;
}

/**
 * A stopping rule for iterative optimisation (TFP's
 * `tfp.optimizer.convergence_criteria.ConvergenceCriterion`). `bootstrap` makes the state at step
 * 0 from the initial loss, gradients and parameters; `oneStep` at step >= 1 updates it and says
 * whether the optimisation has converged. Subclasses implement `bootstrapFn` and `oneStepFn`.
 *
 * Memory: both return fresh tensors (never the caller's); the caller owns them and disposes the
 * previous state after each `oneStep`.
 */
export abstract class ConvergenceCriterion<S extends ConvergenceState = ConvergenceState> {
  readonly minNumSteps: number | undefined;
  readonly name: string;

  protected constructor(options: ConvergenceCriterionOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
    const m = options.minNumSteps;
    if (m !== undefined && (!Number.isInteger(m) || m < 0)) {
      throw new Error(`${this.name}: minNumSteps must be a non-negative integer; received ${String(m)}`);
    }
    this.minNumSteps = m;
  }

  protected abstract bootstrapFn(loss: tf.Tensor, grads: tf.Tensor[], parameters: tf.Tensor[]): S;

  protected abstract oneStepFn(
    step: number,
    loss: tf.Tensor,
    grads: tf.Tensor[],
    parameters: tf.Tensor[],
    auxiliaryState: S,
  ): ConvergenceStep<S>;

  /** The state at step 0. */
  bootstrap(loss: tf.Tensor, grads: tf.Tensor[], parameters: tf.Tensor[]): S {
    return tf.tidy(() => freshState(this.bootstrapFn(loss, grads, parameters)));
  }

  /** Updates the state at `step` >= 1; `hasConverged` is forced false while step < minNumSteps. */
  oneStep(step: number, loss: tf.Tensor, grads: tf.Tensor[], parameters: tf.Tensor[], auxiliaryState: S): ConvergenceStep<S> {
    if (!Number.isInteger(step) || step < 1) {
      throw new Error(`${this.name}: oneStep needs an integer step >= 1 (use bootstrap at step 0); received ${String(step)}`);
    }
    return tf.tidy(() => {
      const out = this.oneStepFn(step, loss, grads, parameters, auxiliaryState);
      const early = this.minNumSteps !== undefined && step < this.minNumSteps;
      const hasConverged = early ? tf.zerosLike(out.hasConverged).cast('bool') : tf.clone(out.hasConverged);
      return {hasConverged, auxiliaryState: freshState(out.auxiliaryState)};
    });
  }
}

/** Clones every tensor of a state, so that no returned tensor is one of the caller's. */
function freshState<S extends ConvergenceState>(state: S): S {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.clone(v)])) as S;
}

/** Checks a moving-average window: a finite number >= 1. */
export function checkWindowSize(owner: string, windowSize: number): number {
  if (typeof windowSize !== 'number' || !Number.isFinite(windowSize) || windowSize < 1) {
    throw new Error(`${owner}: windowSize must be a finite number >= 1; received ${String(windowSize)}`);
  }
  return windowSize;
}
