import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {digamma, igamma, igammac, igammacinv, lgamma, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {extendSupport} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface InverseGammaOptions extends DistributionOptions {
  concentration: TensorLike;
  scale: TensorLike;
}

/**
 * The inverse gamma distribution (TFP's `tfd.InverseGamma`), 1 / X for X ~ Gamma(a, rate = scale):
 * log p(x) = a log(scale) - lgamma(a) - (a + 1) log x - scale / x on x > 0, F(x) = Q(a, scale / x).
 */
export class InverseGamma extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: InverseGammaOptions) {
    super({concentration: options.concentration, scale: options.scale}, options);
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive'});
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {concentration: positive, scale: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** X = scale / G with G ~ Gamma(a, 1). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return tf.div(this.scale, randomGamma([n, ...this.batchShape], this.concentration, seed.next()));
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const a = this.concentration;
    return extendSupport(tf.greater(x, 0), x, 1, (v) => {
      const normalizer = tf.sub(tf.mul(a, tf.log(this.scale)), lgamma(a));
      return tf.sub(normalizer, tf.add(tf.mul(tf.add(a, 1), tf.log(v)), tf.div(this.scale, v)));
    }, -Infinity);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return extendSupport(tf.greater(x, 0), x, 1, (v) => igammac(this.concentration, tf.div(this.scale, v)), 0);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return extendSupport(tf.greater(x, 0), x, 1, (v) => igamma(this.concentration, tf.div(this.scale, v)), 1);
  }

  /**
   * F(x) = Q(a, scale / x), so F^-1(p) = scale / igammacinv(a, p): relatively accurate in the lower
   * tail, where igammainv(a, 1 - p) would see 1 - p rounded.
   */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.div(this.scale, igammacinv(this.concentration, p));
  }

  /** scale / (a - 1) for a > 1, else undefined (NaN). */
  protected override meanFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration, this.batchShape);
    return this.undefinedStatistic('mean', tf.broadcastTo(tf.div(this.scale, tf.sub(a, 1)), this.batchShape), tf.lessEqual(a, 1));
  }

  /** scale^2 / ((a - 1)^2 (a - 2)) for a > 2, else undefined (NaN). */
  protected override varianceFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration, this.batchShape);
    const value = tf.div(tf.square(this.scale), tf.mul(tf.square(tf.sub(a, 1)), tf.sub(a, 2)));
    return this.undefinedStatistic('variance', tf.broadcastTo(value, this.batchShape), tf.lessEqual(a, 2));
  }

  /** scale / (a + 1). */
  protected override modeFn(): tf.Tensor {
    return tf.div(this.scale, tf.add(this.concentration, 1));
  }

  /** H = a + log(scale) + lgamma(a) - (1 + a) digamma(a). */
  protected override entropyFn(): tf.Tensor {
    const a = this.concentration;
    return tf.add(tf.add(a, tf.log(this.scale)), tf.sub(lgamma(a), tf.mul(tf.add(1, a), digamma(a))));
  }
}
