import * as tf from '@tensorflow/tfjs';
import {Bijector, Chain, Shift, Softplus} from '@tfjs-probability/bijectors';
import {LocScaleDistribution, LocScaleOptions, openUniform} from './internal/loc_scale';

import {SeedStream} from './internal/seed';

export type HalfCauchyOptions = LocScaleOptions;

/**
 * The half-Cauchy distribution (TFP's `tfd.HalfCauchy`) on x >= loc, with z = (x - loc) / scale:
 * log p(x) = log(2 / (pi scale)) - log(1 + z^2). Mean and variance are undefined.
 */
export class HalfCauchy extends LocScaleDistribution {
  constructor(options: HalfCauchyOptions) {
    super(options);
  }

  /** Z = tan(pi U / 2). */
  protected standardSample(shape: number[], seed: SeedStream): tf.Tensor {
    return tf.tan(tf.mul(Math.PI / 2, openUniform(shape, seed.next())));
  }

  /** The support is [loc, inf): Chain([Shift(loc), Softplus]). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Chain([new Shift({shift: this.loc, validateArgs: this.validateArgs}), new Softplus({validateArgs: this.validateArgs})]);
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    const inside = tf.sub(tf.log(tf.div(2 / Math.PI, this.scale)), tf.log1p(tf.square(z)));
    return tf.where(tf.less(z, 0), tf.fill(inside.shape, -Infinity), inside);
  }

  /** F = (2 / pi) atan(z) on z >= 0. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.mul(2 / Math.PI, tf.atan(tf.relu(this.z(x))));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  /** S = (2 / pi) atan(1 / z), accurate in the upper tail. */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const z = tf.relu(this.z(x));
    return tf.mul(2 / Math.PI, tf.atan2(tf.onesLike(z), z));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.survivalFn(x));
  }

  /** loc + scale tan(pi p / 2), as 1 / tan(pi (1 - p) / 2) near p = 1. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const low = tf.tan(tf.mul(Math.PI / 2, p));
    const high = tf.reciprocal(tf.tan(tf.mul(Math.PI / 2, tf.sub(1, p))));
    return this.fromStandard(tf.where(tf.less(p, 0.5), low, high));
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

  /** H = log(2 pi scale). */
  protected override entropyFn(): tf.Tensor {
    return tf.log(tf.mul(2 * Math.PI, this.scale));
  }
}
