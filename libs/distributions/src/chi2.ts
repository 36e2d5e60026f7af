import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {igamma, igammac, igammainv, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {gammaEntropy, gammaKL, gammaLogProb} from './gamma';
import {FLOAT32_EPS} from './internal/loc_scale';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface Chi2Options extends DistributionOptions {
  df: TensorLike;
}

/**
 * The chi-squared distribution with `df` degrees of freedom (TFP's `tfd.Chi2`), Gamma(df / 2, 1 / 2):
 * log p(x) = (df / 2 - 1) log x - x / 2 - (df / 2) log 2 - lgamma(df / 2).
 */
export class Chi2 extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly df: tf.Tensor;

  constructor(options: Chi2Options) {
    super({df: options.df}, options);
    this.df = this.param('df', options.df, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {df: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  private get half(): tf.Tensor {
    return tf.mul(this.df, 0.5);
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return randomGamma([n, ...this.batchShape], this.half, seed.next(), 0.5);
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return gammaLogProb(x, this.half, tf.scalar(0.5));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return igamma(this.half, tf.mul(0.5, tf.relu(x)));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return igammac(this.half, tf.mul(0.5, tf.relu(x)));
  }

  /** F^-1(p) = 2 igammainv(df / 2, p). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.mul(2, igammainv(this.half, p));
  }

  protected override meanFn(): tf.Tensor {
    return this.df;
  }

  protected override varianceFn(): tf.Tensor {
    return tf.mul(2, this.df);
  }

  /** df - 2 for df > 2, else undefined (NaN). */
  protected override modeFn(): tf.Tensor {
    const df = tf.broadcastTo(this.df, this.batchShape);
    return this.undefinedStatistic('mode', tf.sub(df, 2), tf.lessEqual(df, 2));
  }

  protected override entropyFn(): tf.Tensor {
    return gammaEntropy(this.half, tf.scalar(0.5));
  }
}

/** KL of the corresponding Gamma(df / 2, 1 / 2) distributions. */
registerKL(Chi2, Chi2, (p, q) => {
  const half = tf.scalar(0.5);
  return gammaKL(tf.mul(p.df, 0.5), half, tf.mul(q.df, 0.5), half);
});
