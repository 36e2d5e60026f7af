import * as tf from '@tensorflow/tfjs';
import {Identity, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import {exactlyOneOf, probsToLogits} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

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
export class RelaxedBernoulli extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly temperature: tf.Tensor;
  /** The logits as given (undefined when built from `probs`). */
  readonly logits: tf.Tensor | undefined;
  /** The probabilities as given (undefined when built from `logits`). */
  readonly probs: tf.Tensor | undefined;

  constructor(options: RelaxedBernoulliOptions) {
    super({temperature: options.temperature, logits: options.logits, probs: options.probs}, options);
    this.temperature = this.param('temperature', options.temperature, {constraint: 'positive'});
    if (exactlyOneOf(this.name, options, 'logits', 'probs') === 'logits') {
      this.logits = this.param('logits', options.logits as TensorLike, {constraint: 'real'});
    } else {
      this.probs = this.param('probs', options.probs as TensorLike, {constraint: 'unitInterval'});
    }
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      temperature: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})},
      logits: {eventNdims: 0, defaultConstrainingBijector: () => new Identity()},
      probs: {eventNdims: 0, isPreferred: false, defaultConstrainingBijector: () => new Sigmoid()},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** logits, computed from `probs` when built from them (TFP's `logits_parameter()`). */
  logitsParameter(): tf.Tensor {
    return tf.tidy(() => (this.logits !== undefined ? tf.clone(this.logits) : probsToLogits(this.probs as tf.Tensor)));
  }

  /** probs, computed from `logits` when built from them (TFP's `probs_parameter()`). */
  probsParameter(): tf.Tensor {
    return tf.tidy(() => (this.probs !== undefined ? tf.clone(this.probs) : tf.sigmoid(this.logits as tf.Tensor)));
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
