import * as tf from '@tensorflow/tfjs';
import {Distribution, JointDistribution} from '@tfjs-probability/distributions';
import type {TensorStructure} from './internal/structure';

/**
 * What variational inference needs of a surrogate posterior q: draws and their log density. Every
 * `tfd.Distribution` (values: one tensor) and `tfd.JointDistribution` (values: an array or object of
 * tensors) is one, as are the surrogates this package builds. Gradients reach the variables only if
 * `sample` and `logProb` compute the parameters from them at call time (see `DeferredDistribution`).
 */
export interface SurrogatePosterior<S extends TensorStructure = TensorStructure> {
  sample(sampleShape?: number | number[], seed?: number): S;
  logProb(values: NoInfer<S>): tf.Tensor;
  /** TFP's `reparameterization_type` (of each part, for joint distributions), when known. */
  readonly reparameterizationType?: unknown;
  /** The variables a trainable surrogate owns (what `fitSurrogatePosterior` trains by default). */
  readonly trainableVariables?: readonly tf.Variable[];
}

const jointCache = new WeakMap<object, boolean>();

/**
 * Whether every part of q is fully reparameterised: from `reparameterizationType`, or for a
 * `tfd.JointDistribution` from the distributions of one run of the model (cached); true when q
 * does not say.
 */
export function isReparameterized(q: SurrogatePosterior<TensorStructure>): boolean {
  if (q instanceof JointDistribution) {
    let known = jointCache.get(q);
    if (known === undefined) {
      const run = q.sampleDistributions([], 0);
      known = Object.values(run.distributions as Record<string, Distribution>).every((d) => d.reparameterizationType === 'FULLY_REPARAMETERIZED');
      run.dispose();
      jointCache.set(q, known);
    }
    return known;
  }
  const r = q.reparameterizationType;
  if (r === undefined) return true;
  const all = (v: unknown): boolean =>
    typeof v === 'string' ? v === 'FULLY_REPARAMETERIZED' : Array.isArray(v) ? v.every(all) : v !== null && typeof v === 'object' ? Object.values(v).every(all) : true;
  return all(r);
}
