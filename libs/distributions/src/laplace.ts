import * as tf from '@tensorflow/tfjs';
import {LocScaleDistribution, LocScaleOptions, openUniform} from './internal/loc_scale';

import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export type LaplaceOptions = LocScaleOptions;

const LOG_HALF = Math.log(0.5);

/**
 * The Laplace (double exponential) distribution (TFP's `tfd.Laplace`):
 * log p(x) = -|x - loc| / scale - log(2 scale).
 */
export class Laplace extends LocScaleDistribution {
  constructor(options: LaplaceOptions) {
    super(options);
  }

  /** Z = -sign(V) log(1 - |V|) with V = 2U - 1 uniform on (-1, 1). */
  protected standardSample(shape: number[], seed: SeedStream): tf.Tensor {
    const v = tf.sub(tf.mul(openUniform(shape, seed.next()), 2), 1);
    return tf.mul(tf.neg(tf.sign(v)), tf.log1p(tf.neg(tf.abs(v))));
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return tf.sub(tf.neg(tf.abs(this.z(x))), tf.log(tf.mul(2, this.scale)));
  }

  /** Below loc: exp(z) / 2; above: 1 - exp(-z) / 2 (the small tail is always computed directly). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    const tail = tf.mul(0.5, tf.exp(tf.neg(tf.abs(z))));
    return tf.where(tf.less(z, 0), tail, tf.sub(1, tail));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    const logTail = tf.sub(LOG_HALF, tf.abs(z));
    return tf.where(tf.less(z, 0), logTail, tf.log1p(tf.neg(tf.exp(logTail))));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    const tail = tf.mul(0.5, tf.exp(tf.neg(tf.abs(z))));
    return tf.where(tf.greater(z, 0), tail, tf.sub(1, tail));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    const logTail = tf.sub(LOG_HALF, tf.abs(z));
    return tf.where(tf.greater(z, 0), logTail, tf.log1p(tf.neg(tf.exp(logTail))));
  }

  /** loc + scale log(2p) for p < 1/2, loc - scale log(2 (1 - p)) above. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const lower = tf.log(tf.mul(2, p));
    const upper = tf.neg(tf.log(tf.mul(2, tf.sub(1, p))));
    return this.fromStandard(tf.where(tf.less(p, 0.5), lower, upper));
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** Var = 2 scale^2. */
  protected override varianceFn(): tf.Tensor {
    return tf.mul(2, tf.square(this.scale));
  }

  /** H = 1 + log(2 scale). */
  protected override entropyFn(): tf.Tensor {
    return tf.add(1, tf.log(tf.mul(2, this.scale)));
  }
}

/** KL(a || b) = log(sb / sa) - 1 + |la - lb| / sb + (sa / sb) exp(-|la - lb| / sa). */
registerKL(Laplace, Laplace, (a, b) => {
  const distance = tf.abs(tf.sub(a.loc, b.loc));
  const ratio = tf.div(a.scale, b.scale);
  return tf.add(
    tf.sub(tf.neg(tf.log(ratio)), 1),
    tf.add(tf.div(distance, b.scale), tf.mul(ratio, tf.exp(tf.neg(tf.div(distance, a.scale))))),
  );
});
