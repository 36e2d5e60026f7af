import * as tf from '@tensorflow/tfjs';
import {Identity, Sigmoid} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions, ParameterProperties} from '../distribution';
import {exactlyOneOf, probsToLogits} from './logits_probs';
import {TensorLike} from './parameters';

/** The success-probability arguments: exactly one of them. */
export interface BinaryLogitsProbsOptions extends DistributionOptions {
  logits?: TensorLike;
  probs?: TensorLike;
}

/**
 * The shared machinery of the scalar distributions parameterised by one success probability given
 * as `logits` (log(p / (1 - p))) or `probs` (p in [0, 1]), exactly one of them, as TFP's Bernoulli,
 * Geometric, Binomial, NegativeBinomial and RelaxedBernoulli: validation, parameter properties,
 * scalar events and TFP's `logits_parameter()` / `probs_parameter()`.
 */
export abstract class BinaryLogitsProbsDistribution extends Distribution {
  /** The logits as given (undefined when built from `probs`). */
  readonly logits: tf.Tensor | undefined;
  /** The probabilities as given (undefined when built from `logits`). */
  readonly probs: tf.Tensor | undefined;

  protected constructor(parameters: Record<string, unknown>, options: BinaryLogitsProbsOptions) {
    super(parameters, options);
    if (exactlyOneOf(this.name, options, 'logits', 'probs') === 'logits') {
      this.logits = this.param('logits', options.logits as TensorLike, {constraint: 'real'});
    } else {
      this.probs = this.param('probs', options.probs as TensorLike, {constraint: 'unitInterval'});
    }
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
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
}
