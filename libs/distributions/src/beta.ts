import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {betainc, betaincinv, digamma, lbeta, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {xlog1py, xlogy} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface BetaOptions extends DistributionOptions {
  concentration1: TensorLike;
  concentration0: TensorLike;
}

/**
 * The beta distribution (TFP's `tfd.Beta`) with concentration1 a (of x) and concentration0 b (of
 * 1 - x): log p(x) = (a - 1) log x + (b - 1) log(1 - x) - lbeta(a, b) on [0, 1], F(x) = I_x(a, b).
 * Samples are G1 / (G1 + G0) with Gi ~ Gamma, reparameterized through math's randomGamma.
 */
export class Beta extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration1: tf.Tensor;
  readonly concentration0: tf.Tensor;

  constructor(options: BetaOptions) {
    super({concentration1: options.concentration1, concentration0: options.concentration0}, options);
    this.concentration1 = this.param('concentration1', options.concentration1, {constraint: 'positive'});
    this.concentration0 = this.param('concentration0', options.concentration0, {constraint: 'positive'});
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
    const shape = [n, ...this.batchShape];
    const g1 = randomGamma(shape, this.concentration1, seed.next());
    const g0 = randomGamma(shape, this.concentration0, seed.next());
    const total = tf.add(g1, g0);
    // With tiny concentrations both float32 gammas can underflow to 0; the Beta then sits at an end
    // of [0, 1], 1 with probability a / (a + b) (the small-concentration limit).
    const underflow = tf.equal(total, 0);
    const mean = tf.div(this.concentration1, tf.add(this.concentration1, this.concentration0));
    const end = tf.cast(tf.less(tf.randomUniform(shape, 0, 1, 'float32', seed.next()), mean), 'float32');
    return tf.where(underflow, end, tf.div(g1, tf.where(underflow, 1, total)));
  }

  /** The support is (0, 1): Sigmoid. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const inside = tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, 1));
    const safeX = tf.where(inside, x, 0.5);
    const value = tf.sub(
      tf.add(xlogy(tf.sub(this.concentration1, 1), safeX), xlog1py(tf.sub(this.concentration0, 1), tf.neg(safeX))),
      lbeta(this.concentration1, this.concentration0),
    );
    return tf.where(inside, value, -Infinity);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return betainc(this.concentration1, this.concentration0, tf.clipByValue(x, 0, 1));
  }

  /**
   * S = I_{1 - x}(b, a) for x >= 1/2, accurate in the upper tail; 1 - I_x(a, b) below, where
   * forming 1 - x in float32 would lose x's low digits.
   */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const clipped = tf.clipByValue(x, 0, 1);
    const upper = betainc(this.concentration0, this.concentration1, tf.sub(1, clipped));
    const lower = tf.sub(1, betainc(this.concentration1, this.concentration0, clipped));
    return tf.where(tf.greaterEqual(clipped, 0.5), upper, lower);
  }

  /** F^-1(p) = betaincinv(concentration1, concentration0, p). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return betaincinv(this.concentration1, this.concentration0, p);
  }

  protected override meanFn(): tf.Tensor {
    return tf.div(this.concentration1, tf.add(this.concentration1, this.concentration0));
  }

  protected override varianceFn(): tf.Tensor {
    const total = tf.add(this.concentration1, this.concentration0);
    return tf.div(tf.mul(this.concentration1, this.concentration0), tf.mul(tf.square(total), tf.add(total, 1)));
  }

  /** (a - 1) / (a + b - 2) when a > 1 and b > 1, else undefined (NaN). */
  protected override modeFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration1, this.batchShape);
    const b = tf.broadcastTo(this.concentration0, this.batchShape);
    const value = tf.div(tf.sub(a, 1), tf.sub(tf.add(a, b), 2));
    return this.undefinedStatistic('mode', value, tf.logicalOr(tf.lessEqual(a, 1), tf.lessEqual(b, 1)));
  }

  /** H = lbeta(a, b) - (a - 1) digamma(a) - (b - 1) digamma(b) + (a + b - 2) digamma(a + b). */
  protected override entropyFn(): tf.Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const total = tf.add(a, b);
    return tf.add(
      tf.sub(tf.sub(lbeta(a, b), tf.mul(tf.sub(a, 1), digamma(a))), tf.mul(tf.sub(b, 1), digamma(b))),
      tf.mul(tf.sub(total, 2), digamma(total)),
    );
  }
}

/**
 * KL(p || q) = lbeta(aq, bq) - lbeta(ap, bp) + (ap - aq) digamma(ap) + (bp - bq) digamma(bp)
 *   + (aq - ap + bq - bp) digamma(ap + bp).
 */
registerKL(Beta, Beta, (p, q) => {
  const ap = p.concentration1;
  const bp = p.concentration0;
  const aq = q.concentration1;
  const bq = q.concentration0;
  const terms = [
    tf.sub(lbeta(aq, bq), lbeta(ap, bp)),
    tf.mul(tf.sub(ap, aq), digamma(ap)),
    tf.mul(tf.sub(bp, bq), digamma(bp)),
    tf.mul(tf.add(tf.sub(aq, ap), tf.sub(bq, bp)), digamma(tf.add(ap, bp))),
  ];
  return terms.reduce((sum, term) => tf.add(sum, term));
});
