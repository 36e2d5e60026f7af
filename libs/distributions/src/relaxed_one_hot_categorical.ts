import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, SoftmaxCentered, Softplus} from '@tfjs-probability/bijectors';
import {FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {CategoricalParameterOptions, CategoricalParameters} from './internal/categorical_parameters';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface RelaxedOneHotCategoricalOptions extends CategoricalParameterOptions {
  /** The temperature tau > 0; as tau -> 0 the distribution approaches OneHotCategorical(p). */
  temperature: TensorLike;
}

/** log((K - 1)!) for K >= 1. */
function logFactorialBelow(k: number): number {
  let s = 0;
  for (let i = 2; i < k; i++) s += Math.log(i);
  return s;
}

/**
 * The relaxed one-hot categorical (Concrete / Gumbel-softmax) distribution (TFP's
 * `tfd.RelaxedOneHotCategorical`, Maddison et al. 2016, Jang et al. 2016) on the open simplex:
 * X = softmax((logits + G) / tau) with G_k independent standard Gumbel. Its density w.r.t. the first
 * K - 1 coordinates, as TFP computes it (ExpRelaxedOneHotCategorical pushed through Exp), is
 * log p(x) = log (K-1)! + (K-1) log tau + sum_k (l_k - (tau + 1) log x_k) - K logsumexp_k(l_k - tau log x_k).
 * Samples are reparameterized; event shape [K].
 */
export class RelaxedOneHotCategorical extends CategoricalParameters {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly temperature: tf.Tensor;

  constructor(options: RelaxedOneHotCategoricalOptions) {
    super({temperature: options.temperature, logits: options.logits, probs: options.probs}, options);
    this.temperature = this.param('temperature', options.temperature, {constraint: 'positive'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      temperature: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})},
      logits: {eventNdims: 1, defaultConstrainingBijector: () => new Identity()},
      probs: {eventNdims: 1, isPreferred: false, defaultConstrainingBijector: () => new SoftmaxCentered()},
    };
  }

  get eventShape(): number[] {
    return [this.numCategories];
  }

  /** temperature with a trailing axis, to broadcast against batchShape + [K]. */
  private tau(): tf.Tensor {
    return tf.expandDims(this.temperature, -1);
  }

  /** softmax((log p + G) / tau), G_k = -log(-log U_k) with U_k uniform on (0, 1). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const K = this.numCategories;
    const u = tf.randomUniform([n, ...this.batchShape, K], 1.1754944e-38, 1, 'float32', seed.next());
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    return tf.softmax(tf.div(tf.add(this.logProbsParameter(), gumbel), this.tau()));
  }

  /** The support is the simplex: SoftmaxCentered (R^(k-1) -> simplex in R^k). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new SoftmaxCentered({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const K = this.numCategories;
    if (x.rank < 1 || x.shape[x.rank - 1] !== K) {
      throw new Error(`${this.name}: x must have last dimension ${K} (the number of categories); received shape [${x.shape}]`);
    }
    const logits = this.logProbsParameter();
    const tau = this.tau();
    const logX = tf.log(x);
    const unnormalized = tf.sum(tf.sub(logits, tf.mul(tf.add(tau, 1), logX)), -1);
    const normalizer = tf.mul(K, tf.logSumExp(tf.sub(logits, tf.mul(tau, logX)), -1));
    const constant = tf.add(logFactorialBelow(K), tf.mul(K - 1, tf.log(this.temperature)));
    return tf.add(constant, tf.sub(unnormalized, normalizer));
  }
}
