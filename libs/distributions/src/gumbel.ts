import * as tf from '@tensorflow/tfjs';
import {lgamma} from '@tfjs-probability/math';
import {LocScaleDistribution, LocScaleOptions, openUniform} from './internal/loc_scale';

import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export type GumbelOptions = LocScaleOptions;

/** The Euler-Mascheroni constant. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * The Gumbel (maximum) distribution (TFP's `tfd.Gumbel`), with z = (x - loc) / scale:
 * log p(x) = -(z + exp(-z)) - log(scale), F(x) = exp(-exp(-z)).
 */
export class Gumbel extends LocScaleDistribution {
  constructor(options: GumbelOptions) {
    super(options);
  }

  /** Z = -log(-log U). */
  protected standardSample(shape: number[], seed: SeedStream): tf.Tensor {
    return tf.neg(tf.log(tf.neg(tf.log(openUniform(shape, seed.next())))));
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    return tf.sub(tf.neg(tf.add(z, tf.exp(tf.neg(z)))), tf.log(this.scale));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logCdfFn(x));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.exp(tf.neg(this.z(x))));
  }

  /** S = -expm1(-exp(-z)). */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.expm1(tf.neg(tf.exp(tf.neg(this.z(x))))));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.survivalFn(x));
  }

  /** loc - scale log(-log p), with log p = tf.log1p(p - 1) above 1/2 (p - 1 is exact there). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const logP = tf.where(tf.greater(p, 0.5), tf.log1p(tf.sub(p, 1)), tf.log(p));
    return this.fromStandard(tf.neg(tf.log(tf.neg(logP))));
  }

  /** E = loc + scale * euler_gamma. */
  protected override meanFn(): tf.Tensor {
    return this.fromStandard(EULER_GAMMA);
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** Var = scale^2 pi^2 / 6. */
  protected override varianceFn(): tf.Tensor {
    return tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 6);
  }

  /** H = log(scale) + euler_gamma + 1. */
  protected override entropyFn(): tf.Tensor {
    return tf.add(tf.log(this.scale), EULER_GAMMA + 1);
  }
}

/**
 * KL(a || b) = log(sb / sa) + euler_gamma (sa / sb - 1) + expm1((lb - la) / sb + lgamma(sa / sb + 1))
 *   + (la - lb) / sb.
 */
registerKL(Gumbel, Gumbel, (a, b) => {
  const ratio = tf.div(a.scale, b.scale);
  const shift = tf.div(tf.sub(b.loc, a.loc), b.scale);
  const terms = [
    tf.neg(tf.log(ratio)),
    tf.mul(EULER_GAMMA, tf.sub(ratio, 1)),
    tf.expm1(tf.add(shift, lgamma(tf.add(ratio, 1)))),
    tf.neg(shift),
  ];
  return terms.reduce((sum, term) => tf.add(sum, term));
});
