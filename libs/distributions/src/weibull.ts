import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {lgamma, log1mexp} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {EULER_GAMMA} from './gumbel';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';
import {extendSupport} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface WeibullOptions extends DistributionOptions {
  concentration: TensorLike;
  scale: TensorLike;
}

/**
 * The Weibull distribution (TFP's `tfd.Weibull`) with concentration k and scale s, on x >= 0:
 * log p(x) = log(k / s) + (k - 1) log(x / s) - (x / s)^k, F(x) = 1 - exp(-(x / s)^k).
 */
export class Weibull extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: WeibullOptions) {
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

  /** X = s (-log U)^(1 / k). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const e = tf.neg(tf.log(openUniform([n, ...this.batchShape], seed.next())));
    return tf.mul(this.scale, tf.pow(e, tf.reciprocal(this.concentration)));
  }

  /** (x / s)^k for x >= 0. */
  private power(x: tf.Tensor): tf.Tensor {
    return tf.pow(tf.div(x, this.scale), this.concentration);
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return extendSupport(tf.greaterEqual(x, 0), x, 1, (v) => {
      const logZ = tf.log(tf.div(v, this.scale));
      return tf.sub(
        tf.add(tf.log(tf.div(this.concentration, this.scale)), tf.mul(tf.sub(this.concentration, 1), logZ)),
        tf.exp(tf.mul(this.concentration, logZ)),
      );
    }, -Infinity);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return extendSupport(tf.greaterEqual(x, 0), x, 0, (v) => tf.neg(tf.expm1(tf.neg(this.power(v)))), 0);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    // log(1 - exp(-y)) with y = (x / s)^k; for y < 1e-5 it is log(y) - y / 2 to O(y^2), taken
    // from log y = k log(x / s) so that an underflowing y (large k, small x) stays finite.
    return extendSupport(tf.greater(x, 0), x, 1, (v) => {
      const logY = tf.mul(this.concentration, tf.log(tf.div(v, this.scale)));
      const y = tf.exp(logY);
      return tf.where(tf.less(y, 1e-5), tf.sub(logY, tf.div(y, 2)), log1mexp(y));
    }, -Infinity);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return extendSupport(tf.greaterEqual(x, 0), x, 0, (v) => tf.neg(this.power(v)), 0);
  }

  /** s (-tf.log1p(-p))^(1 / k). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.mul(this.scale, tf.pow(tf.neg(tf.log1p(tf.neg(p))), tf.reciprocal(this.concentration)));
  }

  /** E = s Gamma(1 + 1 / k). */
  protected override meanFn(): tf.Tensor {
    return tf.mul(this.scale, tf.exp(lgamma(tf.add(1, tf.reciprocal(this.concentration)))));
  }

  /** Var = s^2 (Gamma(1 + 2 / k) - Gamma(1 + 1 / k)^2). */
  protected override varianceFn(): tf.Tensor {
    const g1 = tf.exp(lgamma(tf.add(1, tf.reciprocal(this.concentration))));
    const g2 = tf.exp(lgamma(tf.add(1, tf.div(2, this.concentration))));
    return tf.mul(tf.square(this.scale), tf.sub(g2, tf.square(g1)));
  }

  /** s ((k - 1) / k)^(1 / k) for k > 1, else 0. */
  protected override modeFn(): tf.Tensor {
    const k = this.concentration;
    const interior = tf.mul(this.scale, tf.pow(tf.div(tf.relu(tf.sub(k, 1)), k), tf.reciprocal(k)));
    return tf.where(tf.greater(k, 1), interior, 0);
  }

  /** H = euler_gamma (1 - 1 / k) + log(s / k) + 1. */
  protected override entropyFn(): tf.Tensor {
    const k = this.concentration;
    return tf.add(tf.mul(EULER_GAMMA, tf.sub(1, tf.reciprocal(k))), tf.add(tf.log(tf.div(this.scale, k)), 1));
  }
}

/**
 * KL(a || b) = log(ka / sa^ka) - log(kb / sb^kb) + (ka - kb)(log sa - euler_gamma / ka)
 *   + (sa / sb)^kb Gamma(kb / ka + 1) - 1.
 */
registerKL(Weibull, Weibull, (a, b) => {
  const ka = a.concentration;
  const kb = b.concentration;
  const logSa = tf.log(a.scale);
  const logSb = tf.log(b.scale);
  const terms = [
    tf.sub(tf.log(ka), tf.mul(ka, logSa)),
    tf.neg(tf.sub(tf.log(kb), tf.mul(kb, logSb))),
    tf.mul(tf.sub(ka, kb), tf.sub(logSa, tf.div(EULER_GAMMA, ka))),
    tf.exp(tf.add(tf.mul(kb, tf.sub(logSa, logSb)), lgamma(tf.add(tf.div(kb, ka), 1)))),
  ];
  return tf.sub(terms.reduce((sum, term) => tf.add(sum, term)), 1);
});
