import * as tf from '@tensorflow/tfjs';
import {Identity, SoftmaxCentered} from '@tfjs-probability/bijectors';
import {NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {CategoricalParameterOptions, CategoricalParameters} from './internal/categorical_parameters';
import {categoricalEntropy, categoricalKL, multiplyNoNan, oneHot} from './internal/logits_probs';
import {describeValues} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export type OneHotCategoricalOptions = CategoricalParameterOptions;

/**
 * The one-hot categorical distribution (TFP's `tfd.OneHotCategorical`): a Categorical draw k encoded
 * as the one-hot vector e_k of length K, log p(x) = sum_k x_k log probs_k. Event shape [K], int32.
 */
export class OneHotCategorical extends CategoricalParameters {
  readonly reparameterizationType = NOT_REPARAMETERIZED;

  constructor(options: OneHotCategoricalOptions) {
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
    return [this.numCategories];
  }

  /** One-hot encoding of a Gumbel-max draw argmax_k(log p_k + G_k). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const logProbs = this.logProbsParameter();
    const u = tf.randomUniform([n, ...this.batchShape, this.numCategories], 0, 1, 'float32', seed.next());
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    return oneHot(tf.argMax(tf.add(logProbs, gumbel), -1), this.numCategories);
  }

  /** sum_k x_k log p_k (0 log 0 = 0), as TFP computes it; validateArgs checks that x is one-hot. */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const K = this.numCategories;
    if (x.rank < 1 || x.shape[x.rank - 1] !== K) {
      throw new Error(`${this.name}: x must have last dimension ${K} (the number of categories); received shape [${x.shape}]`);
    }
    if (this.validateArgs) this.assertOneHot(x);
    return tf.sum(multiplyNoNan(this.logProbsParameter(), x), -1);
  }

  private assertOneHot(x: tf.Tensor): void {
    const values = x.dataSync();
    const K = this.numCategories;
    for (let row = 0; row < values.length / K; row++) {
      const entries = Array.from(values.subarray(row * K, (row + 1) * K));
      const ones = entries.filter((v) => v === 1).length;
      if (ones !== 1 || entries.some((v) => v !== 0 && v !== 1)) {
        throw new Error(
          `${this.name}: x must be one-hot vectors (validateArgs); received [${entries}] at row ${row} of ${describeValues(values, x.shape)}`,
        );
      }
    }
  }

  /** E[x] = probs. */
  protected override meanFn(): tf.Tensor {
    return this.probsParameter();
  }

  /** Var[x_k] = p_k (1 - p_k). */
  protected override varianceFn(): tf.Tensor {
    const p = this.probsParameter();
    return tf.mul(p, tf.sub(1, p));
  }

  /** Cov[x] = diag(p) - p p^T, shape batchShape + [K, K]. */
  protected override covarianceFn(): tf.Tensor {
    const p = tf.broadcastTo(this.probsParameter(), [...this.batchShape, this.numCategories]);
    const outer = tf.mul(tf.expandDims(p, -1), tf.expandDims(p, -2));
    const diagonal = tf.mul(tf.expandDims(p, -1), tf.eye(this.numCategories));
    return tf.sub(diagonal, outer);
  }

  /** e_k for k = argmax logits (the first maximum), int32. */
  protected override modeFn(): tf.Tensor {
    return oneHot(tf.argMax(this.logProbsParameter(), -1), this.numCategories);
  }

  /** H = -sum_k p_k log p_k. */
  protected override entropyFn(): tf.Tensor {
    return categoricalEntropy(this.logProbsParameter());
  }
}

/** KL(a || b) = sum_k p_k (log p_k - log q_k). */
registerKL(OneHotCategorical, OneHotCategorical, (a, b) =>
  categoricalKL(a.normalizedLogProbs(), b.normalizedLogProbs()),
);
