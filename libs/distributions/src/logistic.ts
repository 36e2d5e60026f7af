import * as tf from '@tensorflow/tfjs';
import {LocScaleDistribution, LocScaleOptions, openUniform} from './internal/loc_scale';

import {SeedStream} from './internal/seed';

export type LogisticOptions = LocScaleOptions;

/**
 * The logistic distribution (TFP's `tfd.Logistic`), with z = (x - loc) / scale:
 * log p(x) = -z - 2 softplus(-z) - log(scale), F(x) = sigmoid(z).
 */
export class Logistic extends LocScaleDistribution {
  constructor(options: LogisticOptions) {
    super(options);
  }

  /** Z = log(U) - log(1 - U). */
  protected standardSample(shape: number[], seed: SeedStream): tf.Tensor {
    const u = openUniform(shape, seed.next());
    return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    return tf.sub(tf.sub(tf.neg(z), tf.mul(2, tf.softplus(tf.neg(z)))), tf.log(this.scale));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(this.z(x));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.softplus(tf.neg(this.z(x))));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(tf.neg(this.z(x)));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.softplus(this.z(x)));
  }

  /** loc + scale (log p - log(1 - p)). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return this.fromStandard(tf.sub(tf.log(p), tf.log1p(tf.neg(p))));
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** Var = scale^2 pi^2 / 3. */
  protected override varianceFn(): tf.Tensor {
    return tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 3);
  }

  /** H = log(scale) + 2. */
  protected override entropyFn(): tf.Tensor {
    return tf.add(tf.log(this.scale), 2);
  }
}
