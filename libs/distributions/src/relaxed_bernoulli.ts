import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';

import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {BinaryLogitsProbsDistribution} from './internal/binary_logits_probs';

export interface RelaxedBernoulliOptions extends DistributionOptions {
  /** The temperature tau > 0; as tau -> 0 the distribution approaches Bernoulli(p). */
  temperature: TensorLike;
  /** log(p / (1 - p)); give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** p, in [0, 1]. */
  probs?: TensorLike;
}

/**
 * The relaxed Bernoulli (binary Concrete) distribution (TFP's `tfd.RelaxedBernoulli`, Maddison et
 * al. 2016, Jang et al. 2016) on (0, 1): X = sigmoid(Y) with Y ~ Logistic(logits / tau, 1 / tau).
 * With y = logit(x) and z = tau y - logits:
 * log p(x) = log tau - z - 2 softplus(-z) - log x - log(1 - x). Samples are reparameterized.
 */
export class RelaxedBernoulli extends BinaryLogitsProbsDistribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly temperature: tf.Tensor;

  constructor(options: RelaxedBernoulliOptions) {
    super({temperature: options.temperature, logits: options.logits, probs: options.probs}, options);
    this.temperature = this.param('temperature', options.temperature, {constraint: 'positive'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      temperature: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})},
      ...BinaryLogitsProbsDistribution.parameterProperties(),
    };
  }

  /** x = sigmoid((logits + log U - log(1 - U)) / tau), U uniform on (0, 1): a logistic draw squashed. */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const u = tf.randomUniform([n, ...this.batchShape], 1.1754944e-38, 1, 'float32', seed.next());
    const logistic = tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
    return tf.sigmoid(tf.div(tf.add(this.logitsParameter(), logistic), this.temperature));
  }

  /** z = tau logit(x) - logits, the standardised logistic variable of x. */
  private standardized(x: tf.Tensor): tf.Tensor {
    const logit = tf.sub(tf.log(x), tf.log1p(tf.neg(x)));
    return tf.sub(tf.mul(this.temperature, logit), this.logitsParameter());
  }

  /** The support is (0, 1): Sigmoid. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const z = this.standardized(x);
    const logistic = tf.sub(tf.sub(tf.log(this.temperature), z), tf.mul(2, tf.softplus(tf.neg(z))));
    return tf.sub(logistic, tf.add(tf.log(x), tf.log1p(tf.neg(x))));
  }

  /** P(X <= x) = sigmoid(tau logit(x) - logits). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(this.standardized(x));
  }

  /** x = sigmoid((logits + logit(q)) / tau). */
  protected override quantileFn(q: tf.Tensor): tf.Tensor {
    const logitQ = tf.sub(tf.log(q), tf.log1p(tf.neg(q)));
    return tf.sigmoid(tf.div(tf.add(this.logitsParameter(), logitQ), this.temperature));
  }
}
