import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {digamma, igamma, igammac, igammainv, lgamma, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {select} from './internal/select';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface GammaOptions extends DistributionOptions {
  concentration: TensorLike;
  rate: TensorLike;
}

/** log p(x) = (a - 1) log x - b x + a log b - lgamma(a) on x >= 0, -inf below. */
export function gammaLogProb(x: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inside = tf.greaterEqual(x, 0);
    const safeX = select(inside, x, 1);
    // xlogy(a - 1, x) as (a - 1) log(x + [a = 1]): x >= 0 here, so adding 1 where a = 1 gives
    // 0 log(x + 1) = 0 there (also at x = 0) without a select broadcast over the points (only
    // x = +inf with a = 1 differs: NaN instead of -inf).
    const aMinus1 = tf.sub(a, 1);
    const logX = tf.log(tf.add(safeX, tf.cast(tf.equal(aMinus1, 0), 'float32')));
    const value = tf.sub(
      tf.sub(tf.mul(aMinus1, logX), tf.mul(b, safeX)),
      tf.sub(lgamma(a), tf.mul(a, tf.log(b))),
    );
    return select(inside, value, -Infinity);
  });
}

/** H = a - log b + lgamma(a) + (1 - a) digamma(a). */
export function gammaEntropy(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.sub(a, tf.log(b)), tf.add(lgamma(a), tf.mul(tf.sub(1, a), digamma(a)))));
}

/**
 * KL(Gamma(ap, bp) || Gamma(aq, bq)) = (ap - aq) digamma(ap) + lgamma(aq) - lgamma(ap)
 *   + aq (log bp - log bq) + ap (bq / bp - 1).
 */
export function gammaKL(ap: tf.Tensor, bp: tf.Tensor, aq: tf.Tensor, bq: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const terms = [
      tf.mul(tf.sub(ap, aq), digamma(ap)),
      tf.sub(lgamma(aq), lgamma(ap)),
      tf.mul(aq, tf.sub(tf.log(bp), tf.log(bq))),
      tf.mul(ap, tf.sub(tf.div(bq, bp), 1)),
    ];
    return terms.reduce((sum, term) => tf.add(sum, term));
  });
}

/**
 * The gamma distribution (TFP's `tfd.Gamma`) with `concentration` a and `rate` b:
 * log p(x) = (a - 1) log x - b x + a log b - lgamma(a), F(x) = P(a, b x). Samples are
 * reparameterized: the gradient in a is implicit (math's randomGamma), in b it is -x / b.
 */
export class Gamma extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;
  readonly rate: tf.Tensor;

  constructor(options: GammaOptions) {
    super({concentration: options.concentration, rate: options.rate}, options);
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive'});
    this.rate = this.param('rate', options.rate, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {concentration: positive, rate: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return randomGamma([n, ...this.batchShape], this.concentration, seed.next(), this.rate);
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return gammaLogProb(x, this.concentration, this.rate);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return igamma(this.concentration, tf.mul(this.rate, tf.relu(x)));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return igammac(this.concentration, tf.mul(this.rate, tf.relu(x)));
  }

  /** F^-1(p) = igammainv(a, p) / b. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.div(igammainv(this.concentration, p), this.rate);
  }

  protected override meanFn(): tf.Tensor {
    return tf.div(this.concentration, this.rate);
  }

  protected override varianceFn(): tf.Tensor {
    return tf.div(this.concentration, tf.square(this.rate));
  }

  /** (a - 1) / b for a > 1, else undefined (NaN). */
  protected override modeFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration, this.batchShape);
    const value = tf.div(tf.sub(a, 1), this.rate);
    return this.undefinedStatistic('mode', tf.broadcastTo(value, this.batchShape), tf.lessEqual(a, 1));
  }

  protected override entropyFn(): tf.Tensor {
    return gammaEntropy(this.concentration, this.rate);
  }
}

registerKL(Gamma, Gamma, (p, q) => gammaKL(p.concentration, p.rate, q.concentration, q.rate));
