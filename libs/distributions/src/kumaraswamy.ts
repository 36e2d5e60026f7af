import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {digamma, lbeta} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {EULER_GAMMA} from './gumbel';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';
import {xlog1py, xlogy} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface KumaraswamyOptions extends DistributionOptions {
  /** a, the exponent of x (default 1). */
  concentration1?: TensorLike;
  /** b, the exponent of 1 - x^a (default 1). */
  concentration0?: TensorLike;
}

/**
 * The Kumaraswamy distribution on [0, 1] (TFP's `tfd.Kumaraswamy`) with a = concentration1 and
 * b = concentration0: log p(x) = log(a b) + (a - 1) log x + (b - 1) log(1 - x^a),
 * F(x) = 1 - (1 - x^a)^b, so samples are the quantile of a uniform (reparameterized).
 */
export class Kumaraswamy extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration1: tf.Tensor;
  readonly concentration0: tf.Tensor;

  constructor(options: KumaraswamyOptions = {}) {
    super({concentration1: options.concentration1 ?? 1, concentration0: options.concentration0 ?? 1}, options);
    this.concentration1 = this.param('concentration1', options.concentration1 ?? 1, {constraint: 'positive'});
    this.concentration0 = this.param('concentration0', options.concentration0 ?? 1, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {concentration1: positive, concentration0: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.quantileFn(openUniform([n, ...this.batchShape], seed.next()));
  }

  /** x^a = exp(a log x). */
  private power(x: tf.Tensor): tf.Tensor {
    return tf.exp(tf.mul(this.concentration1, tf.log(x)));
  }

  /** The support is (0, 1): Sigmoid. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const inside = tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1));
    const safeX = tf.where(inside, x, 0.5);
    const value = tf.add(
      tf.add(tf.log(tf.mul(a, b)), xlogy(tf.sub(a, 1), safeX)),
      xlog1py(tf.sub(b, 1), tf.neg(this.power(safeX))),
    );
    return tf.where(inside, value, -Infinity);
  }

  /** log S = b tf.log1p(-x^a). */
  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.mul(this.concentration0, tf.log1p(tf.neg(this.power(tf.clipByValue(x, 0, 1)))));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  /** F = -expm1(b tf.log1p(-x^a)). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.expm1(this.logSurvivalFn(x)));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  /** (1 - (1 - p)^(1 / b))^(1 / a) = (-expm1(tf.log1p(-p) / b))^(1 / a). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const inner = tf.neg(tf.expm1(tf.div(tf.log1p(tf.neg(p)), this.concentration0)));
    return tf.exp(tf.div(tf.log(inner), this.concentration1));
  }

  /** log E[X^n] = log b + lbeta(1 + n / a, b). */
  private logMoment(n: number): tf.Tensor {
    return tf.add(tf.log(this.concentration0), lbeta(tf.add(1, tf.div(n, this.concentration1)), this.concentration0));
  }

  protected override meanFn(): tf.Tensor {
    return tf.exp(this.logMoment(1));
  }

  /** E[X^2] - E[X]^2 = E[X^2] (1 - exp(2 log m1 - log m2)). */
  protected override varianceFn(): tf.Tensor {
    const m2 = this.logMoment(2);
    return tf.mul(tf.exp(m2), tf.neg(tf.expm1(tf.sub(tf.mul(2, this.logMoment(1)), m2))));
  }

  /** ((a - 1) / (a b - 1))^(1 / a) when a > 1 and b > 1, else undefined (NaN). */
  protected override modeFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration1, this.batchShape);
    const b = tf.broadcastTo(this.concentration0, this.batchShape);
    const valid = tf.logicalAnd(tf.greater(a, 1), tf.greater(b, 1));
    const value = tf.pow(tf.div(tf.sub(a, 1), tf.sub(tf.mul(a, b), 1)), tf.reciprocal(a));
    return this.undefinedStatistic('mode', tf.where(valid, value, NaN), tf.logicalNot(valid));
  }

  /** H = (1 - 1 / b) + (1 - 1 / a) H_b - log(a b), with H_b = digamma(b + 1) + euler_gamma. */
  protected override entropyFn(): tf.Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const harmonic = tf.add(digamma(tf.add(b, 1)), EULER_GAMMA);
    return tf.sub(
      tf.add(tf.sub(1, tf.reciprocal(b)), tf.mul(tf.sub(1, tf.reciprocal(a)), harmonic)),
      tf.log(tf.mul(a, b)),
    );
  }
}
