/**
 * TFP's `tfp.mcmc.TransitionKernel`: one Markov step and the initial kernel results. Implement it
 * to plug a custom kernel into sampleChain. States are a tensor or an array of tensors whose
 * leading dimensions index independent chains.
 *
 * Memory contract: `oneStep` and `bootstrapResults` never dispose their inputs and return fresh
 * tensors (sampleChain runs them inside tf.tidy and disposes what it no longer needs).
 */
import * as tf from '@tensorflow/tfjs';
import type {State, TargetLogProbFn} from './internal/state';

export interface TransitionKernel<R extends tf.TensorContainer = tf.TensorContainer> {
  /** True if the kernel leaves the target invariant by itself (it has its own accept/reject). */
  readonly isCalibrated: boolean;
  /** One transition: the next state (same structure as currentState) and the new kernel results. */
  oneStep<S extends State>(currentState: S, previousKernelResults: R, seed?: number): [S, R];
  /** Kernel results for the initial state (target log-prob, gradients, ...). */
  bootstrapResults(initState: State): R;
}

/**
 * A copy of `kernel` whose target log-prob is `transform(targetLogProbFn)`, all else unchanged: TFP's
 * `kernel.copy(target_log_prob_fn=...)` applied through wrappers, as TransformedTransitionKernel
 * builds its inner kernel. A kernel with an `innerKernel` field (MetropolisHastings and the
 * calibrated kernels, step-size adaptation, ...) gets a retargeted inner kernel; one with a
 * `targetLogProbFn` field gets the new function; the copy keeps the kernel's class and other fields.
 */
export function retargetKernel<K extends TransitionKernel<tf.TensorContainer>>(
  caller: string,
  kernel: K,
  transform: (targetLogProbFn: TargetLogProbFn) => TargetLogProbFn,
): K {
  const fields = kernel as unknown as {innerKernel?: unknown; targetLogProbFn?: unknown};
  let replace: {innerKernel: unknown} | {targetLogProbFn: TargetLogProbFn};
  if (isKernel(fields.innerKernel)) {
    replace = {innerKernel: retargetKernel(caller, fields.innerKernel, transform)};
  } else if (typeof fields.targetLogProbFn === 'function') {
    replace = {targetLogProbFn: transform(fields.targetLogProbFn as TargetLogProbFn)};
  } else {
    throw new Error(
      `${caller}: the kernel ${kernel.constructor.name} has neither an innerKernel nor a targetLogProbFn field, ` +
        `so its target log-prob cannot be replaced`,
    );
  }
  return Object.assign(Object.create(Object.getPrototypeOf(kernel) as object) as K, kernel, replace);
}

function isKernel(x: unknown): x is TransitionKernel<tf.TensorContainer> {
  return typeof (x as TransitionKernel | undefined)?.oneStep === 'function';
}

/** The kernel-results type of a kernel. */
export type KernelResultsOf<K> = K extends TransitionKernel<infer R> ? R : never;
