import * as tf from '@tensorflow/tfjs';
import {DistributionOptions, NOT_REPARAMETERIZED} from './distribution';
import {assertIntegerSupport, logSigmoid, multiplyNoNan} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {BinaryLogitsProbsDistribution} from './internal/binary_logits_probs';

export interface GeometricOptions extends DistributionOptions {
  /** log(p / (1 - p)) of the success probability; give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** The success probability p, in (0, 1]. */
  probs?: TensorLike;
}

/**
 * The geometric distribution (TFP's `tfd.Geometric`): the number of failures before the first success
 * in Bernoulli(p) trials, on {0, 1, 2, ...}: log p(k) = k log(1 - p) + log p. Samples are float32.
 */
export class Geometric extends BinaryLogitsProbsDistribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;

  constructor(options: GeometricOptions) {
    super({logits: options.logits, probs: options.probs}, options);
    // A success probability of 0 would never stop the count: p must be in (0, 1].
    if (this.probs !== undefined && (!(options.probs instanceof tf.Tensor) || this.validateArgs)) {
      this.assertJoint(() => tf.greater(this.probs as tf.Tensor, 0), `parameter 'probs' must be in (0, 1]; received ${String(tf.tidy(() => tf.min(this.probs as tf.Tensor).dataSync()[0]))}`);
    }
  }

  /** [log p, log(1 - p)], stable in either parameterisation. */
  private logSuccessAndFailure(): [tf.Tensor, tf.Tensor] {
    if (this.logits !== undefined) return [logSigmoid(this.logits), logSigmoid(tf.neg(this.logits))];
    const p = this.probs as tf.Tensor;
    return [tf.log(p), tf.log1p(tf.neg(p))];
  }

  /** floor(log U / log(1 - p)) for U uniform on (0, 1) (inversion of the cdf, as TFP). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const [, logFailure] = this.logSuccessAndFailure();
    const u = tf.randomUniform([n, ...this.batchShape], 1.1754944e-38, 1, 'float32', seed.next());
    return tf.floor(tf.div(tf.log(u), logFailure));
  }

  /** k log(1 - p) + log p at k = floor(x) (scipy and TFP floor), -inf for x < 0. */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    if (this.validateArgs) assertIntegerSupport(this.name, x);
    const k = tf.floor(x);
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    // k log(1 - p) with 0 * (-inf) = 0 at p = 1, k = 0 (xlog1py).
    const failures = tf.where(tf.equal(k, 0), tf.zerosLike(k), tf.mul(k, logFailure));
    const logProb = tf.add(failures, logSuccess);
    return tf.where(tf.less(x, 0), tf.fill(logProb.shape, -Infinity), logProb);
  }

  /** P(X <= x) = 1 - (1 - p)^(floor(x) + 1), 0 for x < 0. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const [, logFailure] = this.logSuccessAndFailure();
    const k = tf.floor(x);
    const cdf = tf.neg(tf.expm1(tf.mul(tf.add(k, 1), logFailure)));
    return tf.where(tf.less(x, 0), tf.zerosLike(cdf), cdf);
  }

  /** log P(X > x) = (floor(x) + 1) log(1 - p), 0 for x < 0. */
  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    const [, logFailure] = this.logSuccessAndFailure();
    const logSf = tf.mul(tf.add(tf.floor(x), 1), logFailure);
    return tf.where(tf.less(x, 0), tf.zerosLike(logSf), logSf);
  }

  /** (1 - p) / p = exp(-logits). */
  protected override meanFn(): tf.Tensor {
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    return tf.exp(tf.sub(logFailure, logSuccess));
  }

  /** (1 - p) / p^2. */
  protected override varianceFn(): tf.Tensor {
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    return tf.exp(tf.sub(logFailure, tf.mul(2, logSuccess)));
  }

  protected override modeFn(): tf.Tensor {
    return tf.zeros(this.batchShape);
  }

  /** H = (-(1 - p) log(1 - p) - p log p) / p, the Bernoulli entropy over p. */
  protected override entropyFn(): tf.Tensor {
    const p = this.probsParameter();
    const [logSuccess, logFailure] = this.logSuccessAndFailure();
    const failureTerm = multiplyNoNan(logFailure, tf.sub(1, p));
    return tf.div(tf.neg(tf.add(failureTerm, tf.mul(p, logSuccess))), p);
  }
}
