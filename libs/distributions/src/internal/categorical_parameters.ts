import * as tf from '@tensorflow/tfjs';
import {Distribution, DistributionOptions} from '../distribution';
import {exactlyOneOf, logSoftmax} from './logits_probs';
import {describeValues, TensorLike} from './parameters';

export interface CategoricalParameterOptions extends DistributionOptions {
  /** Unnormalised log-probabilities, shape batchShape + [K]; give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** Probabilities over the last axis, shape batchShape + [K], each row summing to 1. */
  probs?: TensorLike;
}

/** Tolerance of the probs-sum-to-1 check: a few float32 roundings per category. */
const SUM_TOLERANCE = 1e-5;

/**
 * The shared parameter handling of the distributions over K categories (Categorical,
 * OneHotCategorical, Multinomial, RelaxedOneHotCategorical): exactly one of `logits` and `probs`,
 * with event rank 1, so the batch shape excludes the last axis and K = numCategories.
 */
export abstract class CategoricalParameters extends Distribution {
  /** The logits as given (undefined when built from `probs`). */
  readonly logits: tf.Tensor | undefined;
  /** The probabilities as given (undefined when built from `logits`). */
  readonly probs: tf.Tensor | undefined;
  /** K, the number of categories (the last axis of the parameter). */
  readonly numCategories: number;

  protected constructor(parameters: Record<string, unknown>, options: CategoricalParameterOptions) {
    super(parameters, options);
    if (exactlyOneOf(this.name, options, 'logits', 'probs') === 'logits') {
      this.logits = this.param('logits', options.logits as TensorLike, {constraint: 'real', eventNdims: 1});
      this.numCategories = this.logits.shape[this.logits.rank - 1];
    } else {
      const probs = this.param('probs', options.probs as TensorLike, {constraint: 'unitInterval', eventNdims: 1});
      if (!(options.probs instanceof tf.Tensor) || this.validateArgs) {
        this.assertSumsToOne(probs);
      }
      this.probs = probs;
      this.numCategories = probs.shape[probs.rank - 1];
    }
    if (this.numCategories < 1) {
      throw new Error(`${this.name}: the last axis of '${this.logits ? 'logits' : 'probs'}' (the categories) must be non-empty; received shape [${(this.logits ?? this.probs)?.shape}]`);
    }
  }

  private assertSumsToOne(probs: tf.Tensor): void {
    const sums = tf.tidy(() => tf.sum(probs, -1).dataSync());
    const bad = Array.from(sums).findIndex((s) => !(Math.abs(s - 1) <= SUM_TOLERANCE));
    if (bad >= 0) {
      throw new Error(
        `${this.name}: parameter 'probs' must sum to 1 over its last axis; received a sum of ${sums[bad]} ` +
          `at batch index ${bad} of sums ${describeValues(sums, probs.shape.slice(0, -1))}`,
      );
    }
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  /** logits, log(probs) when built from probabilities (TFP's `logits_parameter()`). */
  logitsParameter(): tf.Tensor {
    return tf.tidy(() => (this.logits !== undefined ? tf.clone(this.logits) : tf.log(this.probs as tf.Tensor)));
  }

  /** probs, softmax(logits) when built from logits (TFP's `probs_parameter()`). */
  probsParameter(): tf.Tensor {
    return tf.tidy(() => (this.probs !== undefined ? tf.clone(this.probs) : tf.softmax(this.logits as tf.Tensor)));
  }

  /** Normalised log-probabilities, shape batchShape + [K]: log_softmax(logits) or log(probs). */
  protected logProbsParameter(): tf.Tensor {
    return this.logits !== undefined ? logSoftmax(this.logits) : tf.log(this.probs as tf.Tensor);
  }

  /** Normalised log-probabilities log p, shape batchShape + [K] (used by the KL closed forms). */
  normalizedLogProbs(): tf.Tensor {
    return tf.tidy(() => this.logProbsParameter());
  }
}
