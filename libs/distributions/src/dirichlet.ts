import * as tf from '@tensorflow/tfjs';
import {Bijector, SoftmaxCentered, Softplus} from '@tfjs-probability/bijectors';
import {digamma, lgamma, randomGamma} from '@tfjs-probability/math';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import {multiplyNoNan} from './internal/logits_probs';
import {describeValues, TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface DirichletOptions extends DistributionOptions {
  /** Positive concentrations alpha, shape batchShape + [K]. */
  concentration: TensorLike;
}

/** Tolerance of validateArgs' sum-to-1 check of x: a few float32 roundings per component. */
const SIMPLEX_TOLERANCE = 1e-5;

/** log B(alpha) = sum_k lgamma(alpha_k) - lgamma(sum_k alpha_k), over the last axis. */
function logMultivariateBeta(alpha: tf.Tensor): tf.Tensor {
  return tf.sub(tf.sum(lgamma(alpha), -1), lgamma(tf.sum(alpha, -1)));
}

/**
 * The Dirichlet distribution (TFP's `tfd.Dirichlet`) on the simplex {x : x_k >= 0, sum_k x_k = 1}:
 * log p(x) = sum_k (alpha_k - 1) log x_k - log B(alpha). Samples are normalised Gamma(alpha_k) draws,
 * reparameterized through math's randomGamma (implicit gradients).
 */
export class Dirichlet extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;

  constructor(options: DirichletOptions) {
    super({concentration: options.concentration}, options);
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive', eventNdims: 1});
    if (this.concentration.shape[this.concentration.rank - 1] < 1) {
      throw new Error(`${this.name}: the last axis of 'concentration' must be non-empty; received shape [${this.concentration.shape}]`);
    }
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {concentration: {eventNdims: 1, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [this.concentration.shape[this.concentration.rank - 1]];
  }

  /** alpha_0 = sum_k alpha_k, shape batchShape + [1]. */
  private totalConcentration(): tf.Tensor {
    return tf.sum(this.concentration, -1, true);
  }

  /** x = g / sum(g), g_k ~ Gamma(alpha_k, 1). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const gammas = randomGamma([n, ...this.batchShape, ...this.eventShape], this.concentration, seed.next());
    return tf.div(gammas, tf.sum(gammas, -1, true));
  }

  /** sum_k (alpha_k - 1) log x_k - log B(alpha), with 0 log 0 = 0 where alpha_k = 1 (xlogy). */
  /** The support is the simplex: SoftmaxCentered (R^(k-1) -> simplex in R^k). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new SoftmaxCentered({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const K = this.eventShape[0];
    if (x.rank < 1 || x.shape[x.rank - 1] !== K) {
      throw new Error(`${this.name}: x must have last dimension ${K} (the event size); received shape [${x.shape}]`);
    }
    if (this.validateArgs) this.assertSimplex(x);
    const a = tf.sub(this.concentration, 1);
    return tf.sub(tf.sum(multiplyNoNan(tf.log(x), a), -1), logMultivariateBeta(this.concentration));
  }

  private assertSimplex(x: tf.Tensor): void {
    const K = this.eventShape[0];
    const values = x.dataSync();
    for (let row = 0; row < values.length / K; row++) {
      const entries = Array.from(values.subarray(row * K, (row + 1) * K));
      const sum = entries.reduce((s, v) => s + v, 0);
      if (entries.some((v) => !(v >= 0 && v <= 1)) || !(Math.abs(sum - 1) <= SIMPLEX_TOLERANCE)) {
        throw new Error(
          `${this.name}: x must lie on the simplex (entries in [0, 1] summing to 1; validateArgs); received [${entries}] ` +
            `(sum ${sum}) at row ${row} of ${describeValues(values, x.shape)}`,
        );
      }
    }
  }

  /** alpha / alpha_0. */
  protected override meanFn(): tf.Tensor {
    return tf.div(this.concentration, this.totalConcentration());
  }

  /** alpha_k (alpha_0 - alpha_k) / (alpha_0^2 (alpha_0 + 1)). */
  protected override varianceFn(): tf.Tensor {
    const a0 = this.totalConcentration();
    const m = tf.div(this.concentration, a0);
    return tf.div(tf.mul(m, tf.sub(1, m)), tf.add(a0, 1));
  }

  /** (diag(m) - m m^T) / (alpha_0 + 1) with m the mean, shape batchShape + [K, K]. */
  protected override covarianceFn(): tf.Tensor {
    const a0 = this.totalConcentration();
    const m = tf.div(this.concentration, a0);
    const K = this.eventShape[0];
    const cov = tf.sub(tf.mul(tf.expandDims(m, -1), tf.eye(K)), tf.mul(tf.expandDims(m, -1), tf.expandDims(m, -2)));
    return tf.div(cov, tf.expandDims(tf.add(a0, 1), -1));
  }

  /** (alpha - 1) / (alpha_0 - K), defined when every alpha_k > 1 (NaN elsewhere, per allowNanStats). */
  protected override modeFn(): tf.Tensor {
    const K = this.eventShape[0];
    const mode = tf.div(tf.sub(this.concentration, 1), tf.sub(this.totalConcentration(), K));
    const undefinedWhere = tf.logicalNot(tf.all(tf.greater(this.concentration, 1), -1, true));
    return this.undefinedStatistic('mode', mode, tf.broadcastTo(undefinedWhere, mode.shape));
  }

  /** H = log B(alpha) + (alpha_0 - K) digamma(alpha_0) - sum_k (alpha_k - 1) digamma(alpha_k). */
  protected override entropyFn(): tf.Tensor {
    const K = this.eventShape[0];
    const a0 = tf.sum(this.concentration, -1);
    return tf.sub(
      tf.add(logMultivariateBeta(this.concentration), tf.mul(tf.sub(a0, K), digamma(a0))),
      tf.sum(tf.mul(tf.sub(this.concentration, 1), digamma(this.concentration)), -1),
    );
  }
}

/**
 * KL(p || q) = lgamma(a_0) - sum lgamma(a) - lgamma(b_0) + sum lgamma(b)
 *   + sum_k (a_k - b_k) (digamma(a_k) - digamma(a_0)), for concentrations a of p and b of q.
 */
registerKL(Dirichlet, Dirichlet, (p, q) => {
  const a = p.concentration;
  const b = q.concentration;
  const a0 = tf.sum(a, -1, true);
  const cross = tf.sum(tf.mul(tf.sub(a, b), tf.sub(digamma(a), digamma(a0))), -1);
  return tf.add(tf.sub(logMultivariateBeta(b), logMultivariateBeta(a)), cross);
});
