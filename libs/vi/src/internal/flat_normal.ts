import * as tf from '@tensorflow/tfjs';
import {FillScaleTriL} from '@tfjs-probability/bijectors';
import {Independent, MultivariateNormalTriL, Normal} from '@tfjs-probability/distributions';
import {DeferredDistribution} from '../deferred_distribution';

/** The covariance structure of an affine surrogate: TFP's `operators='diag'` or `'tril'`. */
export type Operators = 'diag' | 'tril';

/** softplus^-1(s) = log(expm1(s)), float64. */
export function softplusInverse(s: number): number {
  return Math.log(Math.expm1(s));
}

/**
 * A trainable normal over vectors of shape batch + [d]: loc + scale z, z standard normal, with
 * 'diag' scale = diag(softplus(raw)) (mean field) or 'tril' scale = FillScaleTriL(raw) (full rank).
 * Starts at `loc0` with scale `scale0` times the identity. Takes ownership of `loc0`.
 */
export function trainableFlatNormal(operators: Operators, loc0: tf.Tensor, scale0: number, name: string): DeferredDistribution {
  const d = loc0.shape[loc0.rank - 1];
  const loc = tf.variable(loc0, true);
  loc0.dispose();
  const batch = loc.shape.slice(0, -1);
  if (operators === 'diag') {
    const raw = tf.tidy(() => tf.variable(tf.fill([...batch, d], softplusInverse(scale0)), true, `${loc.name}/rawScale`));
    return new DeferredDistribution({
      build: () => new Independent({distribution: new Normal({loc, scale: tf.softplus(raw)}), reinterpretedBatchNdims: 1}),
      trainableVariables: [loc, raw],
      name,
    });
  }
  const fill = new FillScaleTriL({diagShift: 1e-5});
  const raw = tf.tidy(() => {
    const tril = tf.mul(scale0, tf.broadcastTo(tf.eye(d), [...batch, d, d]));
    return tf.variable(fill.inverse(tril), true, `${loc.name}/rawScaleTril`);
  });
  return new DeferredDistribution({
    build: () => new MultivariateNormalTriL({loc, scaleTril: fill.forward(raw)}),
    trainableVariables: [loc, raw],
    name,
  });
}
