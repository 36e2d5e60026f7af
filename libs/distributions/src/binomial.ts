import * as tf from '@tensorflow/tfjs';
import {betainc, lgamma} from '@tfjs-probability/math';
import {DistributionOptions, NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {SeededRandom} from '@tfjs-probability/math';
import {sampleBinomial} from './internal/discrete_samplers';
import {assertIntegerSupport, logSigmoid, multiplyNoNan, probsAndComplement} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {BinaryLogitsProbsDistribution} from './internal/binary_logits_probs';

export interface BinomialOptions extends DistributionOptions {
  /** The number of trials n, a non-negative integer. */
  totalCount: TensorLike;
  /** log(p / (1 - p)) of the success probability; give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** The success probability p, in [0, 1]. */
  probs?: TensorLike;
}

/**
 * The binomial distribution (TFP's `tfd.Binomial`): successes in n Bernoulli(p) trials,
 * log p(k) = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k log p + (n - k) log(1 - p).
 * Samples are float32 counts.
 */
export class Binomial extends BinaryLogitsProbsDistribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  readonly totalCount: tf.Tensor;

  constructor(options: BinomialOptions) {
    super({totalCount: options.totalCount, logits: options.logits, probs: options.probs}, options);
    this.totalCount = this.param('totalCount', options.totalCount, {constraint: 'nonNegativeInteger'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      totalCount: {eventNdims: 0},
      ...BinaryLogitsProbsDistribution.parameterProperties(),
    };
  }

  /** [log p, log(1 - p)], stable in either parameterisation. */
  private logSuccessAndFailure(): [tf.Tensor, tf.Tensor] {
    if (this.logits !== undefined) return [logSigmoid(this.logits), logSigmoid(tf.neg(this.logits))];
    const p = this.probs as tf.Tensor;
    return [tf.log(p), tf.log1p(tf.neg(p))];
  }

  /** Exact draws: BINV inversion for n min(p, 1 - p) < 10, Hormann's BTRS rejection above (float64, seeded). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const counts = tf.broadcastTo(this.totalCount, this.batchShape).dataSync();
    const probs = tf.broadcastTo(this.probsParameter(), this.batchShape).dataSync();
    const uniforms = new SeededRandom(seed.next(), 'Binomial');
    const m = counts.length;
    const out = new Float32Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) out[i * m + j] = sampleBinomial(counts[j], probs[j], uniforms);
    }
    return tf.tensor(out, [n, ...this.batchShape], 'float32');
  }

  /**
   * TFP's formula, with 0 log 0 = 0 at p in {0, 1}; continuous between integers as TFP evaluates it,
   * and -inf outside [0, n] (where TFP's lgamma terms have no meaning).
   */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const n = this.totalCount;
    if (this.validateArgs) assertIntegerSupport(this.name, x, n);
    const inSupport = tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, n));
    const safe = tf.where(inSupport, x, tf.zerosLike(x));
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    const unnormalized = tf.add(multiplyNoNan(logSuccess, safe), multiplyNoNan(logFailure, tf.sub(n, safe)));
    const logChoose = tf.sub(lgamma(tf.add(n, 1)), tf.add(lgamma(tf.add(safe, 1)), lgamma(tf.add(tf.sub(n, safe), 1))));
    const logProb = tf.add(logChoose, unnormalized);
    return tf.where(tf.broadcastTo(inSupport, logProb.shape), logProb, tf.fill(logProb.shape, -Infinity));
  }

  /**
   * P(X <= x) = betainc(n - k, k + 1, 1 - p) at k = floor(x) (scipy's and TFP's bdtr), 0 below 0
   * and 1 from n on (where betainc's first argument would be 0).
   */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const n = this.totalCount;
    const k = tf.floor(x);
    const inside = tf.logicalAnd(tf.greaterEqual(k, 0), tf.less(k, n));
    const safeK = tf.where(inside, k, tf.zerosLike(k));
    const safeN = tf.where(inside, tf.broadcastTo(n, inside.shape), tf.onesLike(k));
    const [, q] = probsAndComplement(this.logits, this.probs);
    const cdf = betainc(tf.sub(safeN, safeK), tf.add(safeK, 1), q);
    return tf.where(inside, cdf, tf.where(tf.less(k, 0), tf.zerosLike(cdf), tf.onesLike(cdf)));
  }

  /** n p. */
  protected override meanFn(): tf.Tensor {
    return tf.mul(this.totalCount, this.probsParameter());
  }

  /** n p (1 - p). */
  protected override varianceFn(): tf.Tensor {
    const [p, q] = probsAndComplement(this.logits, this.probs);
    return tf.mul(tf.mul(this.totalCount, p), q);
  }

  /** floor((n + 1) p), capped at n (the larger mode when (n + 1) p is an integer, as TFP). */
  protected override modeFn(): tf.Tensor {
    return tf.minimum(tf.floor(tf.mul(tf.add(this.totalCount, 1), this.probsParameter())), this.totalCount);
  }
}
