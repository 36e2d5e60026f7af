import * as tf from '@tensorflow/tfjs';

/** beta1^t and beta2^t of a tfjs Adam optimizer, as it holds them. */
export interface AdamPowers {
  accBeta1: number;
  accBeta2: number;
}

/** The fields of tfjs's AdamOptimizer (private in its typings) that hold beta1^t and beta2^t. */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

function internals(optimizer: tf.AdamOptimizer): AdamInternals {
  const fields = optimizer as unknown as Partial<AdamInternals>;
  if (!(fields.accBeta1 instanceof tf.Variable) || !(fields.accBeta2 instanceof tf.Variable)) {
    throw new Error('adamPowers: this tfjs AdamOptimizer has no accBeta1/accBeta2 variables; the resume state cannot be read');
  }
  return fields as AdamInternals;
}

/**
 * tfjs's Adam keeps beta1^t and beta2^t as running float32 products, updated after every step, but
 * `getWeights` does not save them and `setWeights` recomputes them as pow(beta, t + 1), which
 * differs from the product in the last bits after many steps (beta2 = 0.999: after ~1,000 steps),
 * and a resumed run drifts from the uninterrupted one. Saving these two numbers with the
 * checkpoint and restoring them after `setWeights` makes the resume exact. (float32 values are
 * exact as JSON doubles.)
 */
export function adamPowers(optimizer: tf.AdamOptimizer): AdamPowers {
  const {accBeta1, accBeta2} = internals(optimizer);
  return {accBeta1: accBeta1.dataSync()[0], accBeta2: accBeta2.dataSync()[0]};
}

/** Restores what `adamPowers` read; call after `optimizer.setWeights`. */
export function restoreAdamPowers(optimizer: tf.AdamOptimizer, powers: AdamPowers): void {
  const {accBeta1, accBeta2} = internals(optimizer);
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(powers.accBeta1));
    accBeta2.assign(tf.scalar(powers.accBeta2));
  });
}
