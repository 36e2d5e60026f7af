import * as tf from '@tensorflow/tfjs';
import {Bijector, Chain, Shift, Softplus} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';
import {extendSupport} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface ParetoOptions extends DistributionOptions {
  concentration: TensorLike;
  /** The lower end of the support; default 1. */
  scale?: TensorLike;
}

/**
 * The Pareto distribution (TFP's `tfd.Pareto`) with concentration a and scale s, on x >= s:
 * log p(x) = log(a) + a log(s) - (a + 1) log(x), F(x) = 1 - (s / x)^a.
 */
export class Pareto extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: ParetoOptions) {
    super({concentration: options.concentration, scale: options.scale ?? 1}, options);
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive'});
    this.scale = this.param('scale', options.scale ?? 1, {constraint: 'positive'});
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

  /** X = s U^(-1 / a). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const u = openUniform([n, ...this.batchShape], seed.next());
    return tf.mul(this.scale, tf.exp(tf.div(tf.neg(tf.log(u)), this.concentration)));
  }

  private onSupport(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor, alt: number): tf.Tensor {
    const scale = tf.broadcastTo(this.scale, this.batchShape);
    return extendSupport(tf.greaterEqual(x, scale), x, scale, f, alt);
  }

  /** The support is [scale, inf): Chain([Shift(scale), Softplus]) (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Chain([new Shift({shift: this.scale, validateArgs: this.validateArgs}), new Softplus({validateArgs: this.validateArgs})]);
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const a = this.concentration;
    return this.onSupport(
      x,
      (v) => tf.sub(tf.add(tf.log(a), tf.mul(a, tf.log(this.scale))), tf.mul(tf.add(a, 1), tf.log(v))),
      -Infinity,
    );
  }

  /** log(s / x) = -tf.log1p((x - s) / s): x - s is exact near the lower end of the support. */
  private logRatio(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log1p(tf.div(tf.sub(x, this.scale), this.scale)));
  }

  /** a log(s / x). */
  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => tf.mul(this.concentration, this.logRatio(v)), 0);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  /** F = -expm1(a log(s / x)). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (v) => tf.neg(tf.expm1(tf.mul(this.concentration, this.logRatio(v)))), 0);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  /** s (1 - p)^(-1 / a). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.mul(this.scale, tf.exp(tf.div(tf.neg(tf.log1p(tf.neg(p))), this.concentration)));
  }

  /** a s / (a - 1) for a > 1, else infinity (as TFP). */
  protected override meanFn(): tf.Tensor {
    const a = this.concentration;
    return tf.where(tf.greater(a, 1), tf.div(tf.mul(a, this.scale), tf.sub(a, 1)), Infinity);
  }

  /** s^2 a / ((a - 1)^2 (a - 2)) for a > 2, else infinity (as TFP). */
  protected override varianceFn(): tf.Tensor {
    const a = this.concentration;
    const finite = tf.div(tf.mul(tf.square(this.scale), a), tf.mul(tf.square(tf.sub(a, 1)), tf.sub(a, 2)));
    return tf.where(tf.greater(a, 2), finite, Infinity);
  }

  protected override modeFn(): tf.Tensor {
    return this.scale;
  }

  /** H = log(s / a) + 1 / a + 1. */
  protected override entropyFn(): tf.Tensor {
    const a = this.concentration;
    return tf.add(tf.log(tf.div(this.scale, a)), tf.add(tf.reciprocal(a), 1));
  }
}

/** KL(a || b) = kb log(sa / sb) + log(ka / kb) + kb / ka - 1 when sa >= sb, else infinity. */
registerKL(Pareto, Pareto, (a, b) => {
  const ka = a.concentration;
  const kb = b.concentration;
  const finite = tf.add(
    tf.mul(kb, tf.log(tf.div(a.scale, b.scale))),
    tf.sub(tf.add(tf.log(tf.div(ka, kb)), tf.div(kb, ka)), 1),
  );
  return tf.where(tf.greaterEqual(a.scale, b.scale), finite, Infinity);
});
