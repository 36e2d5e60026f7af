import * as tf from '@tensorflow/tfjs';
import {LocScaleDistribution, LocScaleOptions, openUniform} from './internal/loc_scale';

import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export type CauchyOptions = LocScaleOptions;

/**
 * The Cauchy distribution (TFP's `tfd.Cauchy`), with z = (x - loc) / scale:
 * log p(x) = -log(pi scale) - log(1 + z^2). Mean and variance are undefined (NaN, or an Error when
 * allowNanStats is false).
 */
export class Cauchy extends LocScaleDistribution {
  constructor(options: CauchyOptions) {
    super(options);
  }

  /** Z = -cot(pi U), the quantile of U written without the cancellation of tan(pi (U - 1/2)). */
  protected standardSample(shape: number[], seed: SeedStream): tf.Tensor {
    return standardCauchyQuantile(openUniform(shape, seed.next()));
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.add(tf.log(tf.mul(Math.PI, this.scale)), tf.log1p(tf.square(this.z(x)))));
  }

  /** F = atan2(1, -z) / pi, equal to 1/2 + atan(z) / pi but accurate in the lower tail. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.atan2(tf.onesLike(x), tf.neg(this.z(x))), Math.PI);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    return tf.div(tf.atan2(tf.onesLike(z), z), Math.PI);
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.survivalFn(x));
  }

  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return this.fromStandard(standardCauchyQuantile(p));
  }

  protected override meanFn(): tf.Tensor {
    return this.undefinedForAll('mean');
  }

  protected override varianceFn(): tf.Tensor {
    return this.undefinedForAll('variance');
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** H = log(4 pi scale). */
  protected override entropyFn(): tf.Tensor {
    return tf.log(tf.mul(4 * Math.PI, this.scale));
  }
}

/** tan(pi (p - 1/2)) as -1 / tan(pi p) below 1/2 and 1 / tan(pi (1 - p)) above. */
export function standardCauchyQuantile(p: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const lower = tf.less(p, 0.5);
    const tail = tf.where(lower, p, tf.sub(1, p));
    const magnitude = tf.reciprocal(tf.tan(tf.mul(Math.PI, tail)));
    return tf.where(lower, tf.neg(magnitude), magnitude);
  });
}

/** KL(a || b) = log((sa + sb)^2 + (la - lb)^2) - log(4 sa sb). */
registerKL(Cauchy, Cauchy, (a, b) =>
  tf.sub(
    tf.log(tf.add(tf.square(tf.add(a.scale, b.scale)), tf.square(tf.sub(a.loc, b.loc)))),
    tf.log(tf.mul(4, tf.mul(a.scale, b.scale))),
  ),
);
