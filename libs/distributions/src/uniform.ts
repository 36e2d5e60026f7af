import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {openUniform} from './internal/loc_scale';
import './internal/ops';
import {assertLess} from './internal/ordered';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface UniformOptions extends DistributionOptions {
  low?: TensorLike;
  high?: TensorLike;
}

/**
 * The continuous uniform distribution on [low, high] (TFP's `tfd.Uniform`; defaults 0 and 1):
 * p(x) = 1 / (high - low) on the interval, 0 outside.
 */
export class Uniform extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly low: tf.Tensor;
  readonly high: tf.Tensor;

  constructor(options: UniformOptions = {}) {
    super({low: options.low ?? 0, high: options.high ?? 1}, options);
    this.low = this.param('low', options.low ?? 0, {constraint: 'finite'});
    this.high = this.param('high', options.high ?? 1, {constraint: 'finite'});
    this.inferredBatchShape();
    const jsValues = !(options.low instanceof tf.Tensor) && !(options.high instanceof tf.Tensor);
    if (jsValues || this.validateArgs) {
      assertLess(this.name, 'low', this.low, 'high', this.high);
    }
  }

  /** TFP gives low and high no constraining bijector (their constraint is joint). */
  static override parameterProperties(): Record<string, ParameterProperties> {
    return {low: {eventNdims: 0}, high: {eventNdims: 0}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** high - low. */
  range(): tf.Tensor {
    return tf.tidy(() => tf.sub(this.high, this.low));
  }

  /** X = low + (high - low) U. */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return tf.add(this.low, tf.mul(tf.sub(this.high, this.low), openUniform([n, ...this.batchShape], seed.next())));
  }

  private inside(x: tf.Tensor): tf.Tensor {
    return tf.logicalAnd(tf.greaterEqual(x, this.low), tf.lessEqual(x, this.high));
  }

  /** The support is (low, high): Sigmoid with low and high. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({low: this.low, high: this.high, validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return tf.where(this.inside(x), tf.neg(tf.log(tf.sub(this.high, this.low))), -Infinity);
  }

  protected override probFn(x: tf.Tensor): tf.Tensor {
    return tf.where(this.inside(x), tf.reciprocal(tf.sub(this.high, this.low)), 0);
  }

  /** F = clip((x - low) / (high - low), 0, 1). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.clipByValue(tf.div(tf.sub(x, this.low), tf.sub(this.high, this.low)), 0, 1);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.clipByValue(tf.div(tf.sub(this.high, x), tf.sub(this.high, this.low)), 0, 1);
  }

  /** (1 - p) low + p high. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(tf.sub(1, p), this.low), tf.mul(p, this.high));
  }

  protected override meanFn(): tf.Tensor {
    return tf.div(tf.add(this.low, this.high), 2);
  }

  /** Var = (high - low)^2 / 12. */
  protected override varianceFn(): tf.Tensor {
    return tf.div(tf.square(tf.sub(this.high, this.low)), 12);
  }

  /** H = log(high - low). */
  protected override entropyFn(): tf.Tensor {
    return tf.log(tf.sub(this.high, this.low));
  }
}

/** KL(a || b) = log(range b / range a) when [la, ha] lies inside [lb, hb], else infinity. */
registerKL(Uniform, Uniform, (a, b) => {
  const nested = tf.logicalAnd(tf.lessEqual(b.low, a.low), tf.lessEqual(a.high, b.high));
  return tf.where(nested, tf.sub(tf.log(tf.sub(b.high, b.low)), tf.log(tf.sub(a.high, a.low))), Infinity);
});
