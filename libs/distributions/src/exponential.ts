import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {log1mexp} from '@tfjs-probability/math';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';
import {extendSupport} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface ExponentialOptions extends DistributionOptions {
  rate: TensorLike;
  /**
   * TFP's `force_probs_to_zero_outside_support`: when true, x < 0 has density 0 (log -inf) and cdf
   * 0; when false (TFP's default) the formulas are evaluated as they stand.
   */
  forceProbsToZeroOutsideSupport?: boolean;
}

/**
 * The exponential distribution (TFP's `tfd.Exponential`) with `rate`:
 * log p(x) = log(rate) - rate x on x >= 0, F(x) = 1 - exp(-rate x).
 */
export class Exponential extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly rate: tf.Tensor;
  readonly forceProbsToZeroOutsideSupport: boolean;

  constructor(options: ExponentialOptions) {
    super({rate: options.rate, forceProbsToZeroOutsideSupport: options.forceProbsToZeroOutsideSupport}, options);
    this.rate = this.param('rate', options.rate, {constraint: 'positive'});
    this.forceProbsToZeroOutsideSupport = options.forceProbsToZeroOutsideSupport ?? false;
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {rate: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** X = -log(U) / rate. */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return tf.div(tf.neg(tf.log(openUniform([n, ...this.batchShape], seed.next()))), this.rate);
  }

  private onSupport(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor, alt: number): tf.Tensor {
    return this.forceProbsToZeroOutsideSupport ? extendSupport(tf.greaterEqual(x, 0), x, 0, f, alt) : f(x);
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => tf.sub(tf.log(this.rate), tf.mul(this.rate, v)), -Infinity);
  }

  /** F = -expm1(-rate x). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => tf.neg(tf.expm1(tf.neg(tf.mul(this.rate, v)))), 0);
  }

  /** log F = log1mexp(rate x). */
  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => log1mexp(tf.mul(this.rate, v)), -Infinity);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => tf.neg(tf.mul(this.rate, v)), 0);
  }

  /** -tf.log1p(-p) / rate. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.div(tf.neg(tf.log1p(tf.neg(p))), this.rate);
  }

  protected override meanFn(): tf.Tensor {
    return tf.reciprocal(this.rate);
  }

  protected override stddevFn(): tf.Tensor {
    return tf.reciprocal(this.rate);
  }

  protected override modeFn(): tf.Tensor {
    return tf.zerosLike(this.rate);
  }

  /** H = 1 - log(rate). */
  protected override entropyFn(): tf.Tensor {
    return tf.sub(1, tf.log(this.rate));
  }
}

/** KL(a || b) = log(ra / rb) + rb / ra - 1. */
registerKL(Exponential, Exponential, (a, b) => {
  const ratio = tf.div(b.rate, a.rate);
  return tf.sub(tf.sub(ratio, tf.log(ratio)), 1);
});
