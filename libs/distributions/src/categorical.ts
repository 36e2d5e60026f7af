import * as tf from '@tensorflow/tfjs';
import {Identity, SoftmaxCentered} from '@tfjs-probability/bijectors';
import {NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {CategoricalParameterOptions, CategoricalParameters} from './internal/categorical_parameters';
import {assertIntegerSupport, categoricalEntropy, categoricalKL, oneHot} from './internal/logits_probs';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export type CategoricalOptions = CategoricalParameterOptions;

/**
 * The categorical distribution (TFP's `tfd.Categorical`) over {0, ..., K-1} with
 * P(X = k) = softmax(logits)_k = probs_k. Event shape [], int32 samples.
 */
export class Categorical extends CategoricalParameters {
  readonly reparameterizationType = NOT_REPARAMETERIZED;

  constructor(options: CategoricalOptions) {
    super({logits: options.logits, probs: options.probs}, options);
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      logits: {eventNdims: 1, defaultConstrainingBijector: () => new Identity()},
      probs: {eventNdims: 1, isPreferred: false, defaultConstrainingBijector: () => new SoftmaxCentered()},
    };
  }

  override get dtype(): 'int32' {
    return 'int32';
  }

  get eventShape(): number[] {
    return [];
  }

  /** Gumbel-max: argmax_k(log p_k + G_k) with G_k = -log(-log U_k) standard Gumbel. */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const logProbs = this.logProbsParameter();
    const u = tf.randomUniform([n, ...this.batchShape, this.numCategories], 0, 1, 'float32', seed.next());
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    return tf.argMax(tf.add(logProbs, gumbel), -1);
  }

  /**
   * table[..., k] for k of shape broadcasting against the batch, k cast to an integer toward zero as
   * TFP casts it, clipped into {0, ..., K-1}; also returns whether k was in range.
   */
  private lookup(table: tf.Tensor, k: tf.Tensor): {value: tf.Tensor; inRange: tf.Tensor} {
    const K = this.numCategories;
    // Clipped as floats: tfjs's wasm ClipByValue mishandles int32.
    const index = tf.cast(tf.clipByValue(k, 0, K - 1), 'int32');
    const chosen = tf.cast(oneHot(index, K), 'bool');
    const value = tf.sum(tf.where(chosen, table, tf.zeros([1])), -1);
    const inRange = tf.logicalAnd(tf.greaterEqual(k, 0), tf.less(k, K));
    return {value, inRange};
  }

  /** log probs_k; -inf for k outside {0, ..., K-1} (TFP would fail there). */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    if (this.validateArgs) assertIntegerSupport(this.name, x, this.numCategories - 1);
    const {value, inRange} = this.lookup(this.logProbsParameter(), x);
    return tf.where(inRange, value, tf.fill(value.shape, -Infinity));
  }

  /** P(X <= k) = sum_{j <= k} probs_j: 0 below 0, 1 from K-1 on. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const probs = this.probsParameter();
    // tfjs's wasm Cumsum needs a non-negative axis.
    const cumulative = tf.cumsum(probs, probs.rank - 1);
    const {value} = this.lookup(cumulative, x);
    return tf.where(tf.less(x, 0), tf.zerosLike(value), value);
  }

  /** argmax_k logits_k (the first maximum), int32. */
  protected override modeFn(): tf.Tensor {
    return tf.argMax(this.logProbsParameter(), -1);
  }

  /** H = -sum_k p_k log p_k. */
  protected override entropyFn(): tf.Tensor {
    return categoricalEntropy(this.logProbsParameter());
  }
}

/** KL(a || b) = sum_k p_k (log p_k - log q_k). */
registerKL(Categorical, Categorical, (a, b) => categoricalKL(a.normalizedLogProbs(), b.normalizedLogProbs()));
