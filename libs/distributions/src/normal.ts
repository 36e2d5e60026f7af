import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, Softplus} from '@tfjs-probability/bijectors';
import {logNdtr, ndtr, ndtri} from '@tfjs-probability/math';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface NormalOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** float32 machine epsilon: the lower bound TFP gives a scale's Softplus. */
const FLOAT32_EPS = 2 ** -23;

/**
 * The normal distribution (TFP's `tfd.Normal`) with mean `loc` and standard deviation `scale`:
 * log p(x) = -((x - loc) / scale)^2 / 2 - log(scale) - log(2 pi) / 2.
 */
export class Normal extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: NormalOptions) {
    super({loc: options.loc, scale: options.scale}, options);
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 0},
      scale: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const z = tf.randomNormal([n, ...this.batchShape], 0, 1, 'float32', seed.next());
    return tf.add(tf.mul(z, this.scale), this.loc);
  }

  private z(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  /** The support is R: Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return tf.sub(tf.mul(-0.5, tf.square(this.z(x))), tf.add(tf.log(this.scale), HALF_LOG_TWO_PI));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return ndtr(this.z(x));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return logNdtr(this.z(x));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return ndtr(tf.neg(this.z(x)));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return logNdtr(tf.neg(this.z(x)));
  }

  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(ndtri(p), this.scale), this.loc);
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  protected override stddevFn(): tf.Tensor {
    return this.scale;
  }

  /** H = log(scale) + (1 + log(2 pi)) / 2. */
  protected override entropyFn(): tf.Tensor {
    return tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_TWO_PI), this.batchShape);
  }
}

/** KL(p || q) = log(sq / sp) + (sp^2 + (mp - mq)^2) / (2 sq^2) - 1/2. */
registerKL(Normal, Normal, (p, q) => {
  const ratio = tf.div(p.scale, q.scale);
  const meanTerm = tf.square(tf.div(tf.sub(p.loc, q.loc), q.scale));
  return tf.add(tf.mul(0.5, tf.add(tf.square(ratio), meanTerm)), tf.sub(tf.neg(tf.log(ratio)), 0.5));
});
