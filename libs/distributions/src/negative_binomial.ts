import * as tf from '@tensorflow/tfjs';
import {Softplus} from '@tfjs-probability/bijectors';
import {betainc, lgamma, randomGamma} from '@tfjs-probability/math';
import {DistributionOptions, NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {SeededRandom} from '@tfjs-probability/math';
import {samplePoisson} from './internal/discrete_samplers';
import {assertIntegerSupport, logSigmoid, multiplyNoNan, probsAndComplement} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {BinaryLogitsProbsDistribution} from './internal/binary_logits_probs';

export interface NegativeBinomialOptions extends DistributionOptions {
  /** The number of failures r > 0 at which the trials stop. */
  totalCount: TensorLike;
  /** log(p / (1 - p)) of the success probability; give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** The success probability p, in [0, 1). */
  probs?: TensorLike;
  /** Require an integer totalCount (TFP's `require_integer_total_count`, default true). */
  requireIntegerTotalCount?: boolean;
}

/**
 * The negative binomial distribution (TFP's `tfd.NegativeBinomial`): the number of successes before
 * the r-th failure in Bernoulli(p) trials, on {0, 1, 2, ...}:
 * log p(k) = lgamma(k + r) - lgamma(k + 1) - lgamma(r) + r log(1 - p) + k log p. Samples are float32.
 * (scipy's nbinom(r, 1 - p) is the same distribution.)
 */
export class NegativeBinomial extends BinaryLogitsProbsDistribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  readonly totalCount: tf.Tensor;
  readonly requireIntegerTotalCount: boolean;

  constructor(options: NegativeBinomialOptions) {
    super(
      {
        totalCount: options.totalCount,
        logits: options.logits,
        probs: options.probs,
        requireIntegerTotalCount: options.requireIntegerTotalCount,
      },
      options,
    );
    this.requireIntegerTotalCount = options.requireIntegerTotalCount ?? true;
    this.totalCount = this.param('totalCount', options.totalCount, {
      constraint: this.requireIntegerTotalCount ? 'positiveInteger' : 'positive',
    });
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      totalCount: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})},
      ...BinaryLogitsProbsDistribution.parameterProperties(),
    };
  }

  /** [log p, log(1 - p)], stable in either parameterisation. */
  private logSuccessAndFailure(): [tf.Tensor, tf.Tensor] {
    if (this.logits !== undefined) return [logSigmoid(this.logits), logSigmoid(tf.neg(this.logits))];
    const p = this.probs as tf.Tensor;
    return [tf.log(p), tf.log1p(tf.neg(p))];
  }

  /** p / (1 - p) = exp(logits). */
  private odds(): tf.Tensor {
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    return tf.exp(tf.sub(logSuccess, logFailure));
  }

  /**
   * The gamma-Poisson mixture (as TFP): lambda ~ Gamma(r, rate (1 - p) / p) with math's randomGamma,
   * then an exact Poisson(lambda) draw (float64, seeded).
   */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const shape = [n, ...this.batchShape];
    const rates = randomGamma(shape, this.totalCount, seed.next(), tf.reciprocal(this.odds())).dataSync();
    const uniforms = new SeededRandom(seed.next(), 'NegativeBinomial');
    const out = new Float32Array(rates.length);
    for (let i = 0; i < rates.length; i++) out[i] = samplePoisson(rates[i], uniforms);
    return tf.tensor(out, shape, 'float32');
  }

  /**
   * TFP's formula, continuous between integers, with 0 log 0 = 0 at p = 0; -inf for x < 0 (where the
   * formula has no meaning).
   */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    if (this.validateArgs) assertIntegerSupport(this.name, x);
    const r = this.totalCount;
    const negative = tf.less(x, 0);
    const safe = tf.where(negative, tf.zerosLike(x), x);
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    const unnormalized = tf.add(tf.mul(r, logFailure), multiplyNoNan(logSuccess, safe));
    const logChoose = tf.sub(lgamma(tf.add(safe, r)), tf.add(lgamma(tf.add(safe, 1)), lgamma(r)));
    const logProb = tf.add(logChoose, unnormalized);
    return tf.where(tf.broadcastTo(negative, logProb.shape), tf.fill(logProb.shape, -Infinity), logProb);
  }

  /** P(X <= x) = betainc(r, floor(x) + 1, 1 - p) (scipy's nbinom cdf; TFP's without the floor), 0 below 0. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const k = tf.maximum(tf.floor(x), 0);
    const [, q] = probsAndComplement(this.logits, this.probs);
    const cdf = betainc(this.totalCount, tf.add(k, 1), q);
    return tf.where(tf.less(x, 0), tf.zerosLike(cdf), cdf);
  }

  /** r p / (1 - p). */
  protected override meanFn(): tf.Tensor {
    return tf.mul(this.totalCount, this.odds());
  }

  /** r p / (1 - p)^2. */
  protected override varianceFn(): tf.Tensor {
    const [, q] = probsAndComplement(this.logits, this.probs);
    return tf.div(tf.mul(this.totalCount, this.odds()), q);
  }

  /** floor((r - 1) p / (1 - p)) for r > 1, else 0. */
  protected override modeFn(): tf.Tensor {
    const r = this.totalCount;
    const adjusted = tf.where(tf.greater(r, 1), tf.sub(r, 1), tf.zerosLike(r));
    return tf.floor(tf.mul(adjusted, this.odds()));
  }
}
