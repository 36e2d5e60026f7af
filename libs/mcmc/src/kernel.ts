/**
 * TFP's `tfp.mcmc.TransitionKernel`: one Markov step and the initial kernel results. Implement it
 * to plug a custom kernel into sampleChain. States are a tensor or an array of tensors whose
 * leading dimensions index independent chains.
 *
 * Memory contract: `oneStep` and `bootstrapResults` never dispose their inputs and return fresh
 * tensors (sampleChain runs them inside tf.tidy and disposes what it no longer needs).
 */
import * as tf from '@tensorflow/tfjs';
import type {State} from './internal/state';

export interface TransitionKernel<R extends tf.TensorContainer = tf.TensorContainer> {
  /** True if the kernel leaves the target invariant by itself (it has its own accept/reject). */
  readonly isCalibrated: boolean;
  /** One transition: the next state (same structure as currentState) and the new kernel results. */
  oneStep<S extends State>(currentState: S, previousKernelResults: R, seed?: number): [S, R];
  /** Kernel results for the initial state (target log-prob, gradients, ...). */
  bootstrapResults(initState: State): R;
}

/** The kernel-results type of a kernel. */
export type KernelResultsOf<K> = K extends TransitionKernel<infer R> ? R : never;
