import * as tf from '@tensorflow/tfjs';
import {Identity, SoftmaxCentered} from '@tfjs-probability/bijectors';
import {lgamma} from '@tfjs-probability/math';
import {NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {CategoricalParameterOptions, CategoricalParameters} from './internal/categorical_parameters';
import {SeededRandom} from '@tfjs-probability/math';
import {sampleBinomial} from './internal/discrete_samplers';
import {multiplyNoNan} from './internal/logits_probs';
import {describeValues, TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface MultinomialOptions extends CategoricalParameterOptions {
  /** The number of trials n, a non-negative integer; broadcasts against the batch of probs. */
  totalCount: TensorLike;
}

/**
 * The multinomial distribution (TFP's `tfd.Multinomial`): category counts of n Categorical(p) draws,
 * log p(x) = lgamma(n + 1) - sum_k lgamma(x_k + 1) + sum_k x_k log p_k. Event shape [K], float32.
 */
export class Multinomial extends CategoricalParameters {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  readonly totalCount: tf.Tensor;

  constructor(options: MultinomialOptions) {
    super({totalCount: options.totalCount, logits: options.logits, probs: options.probs}, options);
    this.totalCount = this.param('totalCount', options.totalCount, {constraint: 'nonNegativeInteger'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      totalCount: {eventNdims: 0},
      logits: {eventNdims: 1, defaultConstrainingBijector: () => new Identity()},
      probs: {eventNdims: 1, isPreferred: false, defaultConstrainingBijector: () => new SoftmaxCentered()},
    };
  }

  get eventShape(): number[] {
    return [this.numCategories];
  }

  /**
   * Exact draws by conditional binomials: x_k ~ Binomial(n - sum_{j<k} x_j, p_k / sum_{j>=k} p_j), each
   * drawn with the Binomial's exact sampler (float64, seeded).
   */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const K = this.numCategories;
    const counts = tf.broadcastTo(this.totalCount, this.batchShape).dataSync();
    const probs = tf.broadcastTo(this.probsParameter(), [...this.batchShape, K]).dataSync();
    const uniforms = new SeededRandom(seed.next(), 'Multinomial');
    const m = counts.length;
    const out = new Float32Array(n * m * K);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let remaining = counts[j];
        let mass = 1;
        const base = (i * m + j) * K;
        for (let k = 0; k < K - 1 && remaining > 0; k++) {
          const p = probs[j * K + k];
          const draw = mass > 0 ? sampleBinomial(remaining, Math.min(1, Math.max(0, p / mass)), uniforms) : 0;
          out[base + k] = draw;
          remaining -= draw;
          mass -= p;
        }
        out[base + K - 1] += remaining;
      }
    }
    return tf.tensor(out, [n, ...this.batchShape, K], 'float32');
  }

  /**
   * TFP's formula (continuous in non-integer counts), and -inf where a count is negative or the counts
   * do not sum to n (zero mass there; TFP only checks this with validateArgs, which here throws).
   */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const K = this.numCategories;
    if (x.rank < 1 || x.shape[x.rank - 1] !== K) {
      throw new Error(`${this.name}: x must have last dimension ${K} (the number of categories); received shape [${x.shape}]`);
    }
    const n = this.totalCount;
    const total = tf.sum(x, -1);
    if (this.validateArgs) this.assertCounts(x, total);
    const valid = tf.logicalAnd(tf.all(tf.greaterEqual(x, 0), -1), tf.equal(total, n));
    const logProb = tf.add(
      tf.sub(lgamma(tf.add(n, 1)), tf.sum(lgamma(tf.add(tf.relu(x), 1)), -1)),
      tf.sum(multiplyNoNan(this.logProbsParameter(), x), -1),
    );
    return tf.where(tf.broadcastTo(valid, logProb.shape), logProb, tf.fill(logProb.shape, -Infinity));
  }

  private assertCounts(x: tf.Tensor, total: tf.Tensor): void {
    const values = x.dataSync();
    const bad = Array.from(values).findIndex((v) => !(Number.isInteger(v) && v >= 0));
    if (bad >= 0) {
      throw new Error(`${this.name}: counts must be non-negative integers (validateArgs); received ${values[bad]} at flat index ${bad} of ${describeValues(values, x.shape)}`);
    }
    const [sums, counts] = tf.tidy(() => {
      const shape = tf.backend_util.assertAndGetBroadcastShape(total.shape, this.totalCount.shape);
      return [tf.broadcastTo(total, shape).dataSync(), tf.broadcastTo(this.totalCount, shape).dataSync()];
    });
    const wrong = Array.from(sums).findIndex((s, i) => s !== counts[i]);
    if (wrong >= 0) {
      throw new Error(`${this.name}: counts must sum to totalCount (validateArgs); received a sum of ${sums[wrong]} where totalCount is ${counts[wrong]} (batch index ${wrong})`);
    }
  }

  /** n p. */
  protected override meanFn(): tf.Tensor {
    return tf.mul(tf.expandDims(this.totalCount, -1), this.probsParameter());
  }

  /** n p_k (1 - p_k). */
  protected override varianceFn(): tf.Tensor {
    const p = this.probsParameter();
    return tf.mul(tf.mul(tf.expandDims(this.totalCount, -1), p), tf.sub(1, p));
  }

  /** n (diag(p) - p p^T), shape batchShape + [K, K]. */
  protected override covarianceFn(): tf.Tensor {
    const p = tf.broadcastTo(this.probsParameter(), [...this.batchShape, this.numCategories]);
    const outer = tf.mul(tf.expandDims(p, -1), tf.expandDims(p, -2));
    const diagonal = tf.mul(tf.expandDims(p, -1), tf.eye(this.numCategories));
    const n = tf.reshape(tf.broadcastTo(this.totalCount, this.batchShape), [...this.batchShape, 1, 1]);
    return tf.mul(n, tf.sub(diagonal, outer));
  }
}
