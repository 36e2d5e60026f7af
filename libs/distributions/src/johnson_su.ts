import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, Softplus} from '@tfjs-probability/bijectors';
import {logNdtr, ndtr, ndtri} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';

import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface JohnsonSUOptions extends DistributionOptions {
  skewness: TensorLike;
  tailweight: TensorLike;
  loc: TensorLike;
  scale: TensorLike;
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** Above this |y|, asinh(y) = log(2 |y|) and log(1 + y^2) / 2 = log |y| to float32 precision. */
const LARGE = 1e8;

/** asinh(y) = sign(y) tf.log1p(a + a^2 / (1 + sqrt(1 + a^2))), a = |y|; log(2a) for huge a. */
function asinh(y: tf.Tensor): tf.Tensor {
  const a = tf.abs(y);
  const large = tf.greater(a, LARGE);
  const safe = tf.where(large, 0, a);
  const moderate = tf.log1p(tf.add(safe, tf.div(tf.square(safe), tf.add(1, tf.sqrt(tf.add(1, tf.square(safe)))))));
  return tf.mul(tf.sign(y), tf.where(large, tf.log(tf.mul(2, a)), moderate));
}

/** log(1 + y^2) / 2 without overflow. */
function halfLog1pSquare(y: tf.Tensor): tf.Tensor {
  const a = tf.abs(y);
  const large = tf.greater(a, LARGE);
  return tf.where(large, tf.log(a), tf.mul(0.5, tf.log1p(tf.square(tf.where(large, 0, a)))));
}

/**
 * Johnson's S_U distribution (TFP's `tfd.JohnsonSU`): with y = (x - loc) / scale,
 * Z = skewness + tailweight asinh(y) is standard normal, so
 * log p(x) = log(tailweight / scale) - log(1 + y^2) / 2 - Z^2 / 2 - log(2 pi) / 2.
 */
export class JohnsonSU extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly skewness: tf.Tensor;
  readonly tailweight: tf.Tensor;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: JohnsonSUOptions) {
    super({skewness: options.skewness, tailweight: options.tailweight, loc: options.loc, scale: options.scale}, options);
    this.skewness = this.param('skewness', options.skewness, {constraint: 'finite'});
    this.tailweight = this.param('tailweight', options.tailweight, {constraint: 'positive'});
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {skewness: {eventNdims: 0}, tailweight: positive, loc: {eventNdims: 0}, scale: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** loc + scale sinh((z - skewness) / tailweight) for a standard normal z (or its quantile). */
  private fromNormal(z: tf.Tensor): tf.Tensor {
    return tf.add(this.loc, tf.mul(this.scale, tf.sinh(tf.div(tf.sub(z, this.skewness), this.tailweight))));
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.fromNormal(tf.randomNormal([n, ...this.batchShape], 0, 1, 'float32', seed.next()));
  }

  private y(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  private z(x: tf.Tensor): tf.Tensor {
    return tf.add(this.skewness, tf.mul(this.tailweight, asinh(this.y(x))));
  }

  /** The support is R: Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const y = this.y(x);
    const z = tf.add(this.skewness, tf.mul(this.tailweight, asinh(y)));
    return tf.sub(
      tf.sub(tf.log(tf.div(this.tailweight, this.scale)), halfLog1pSquare(y)),
      tf.add(tf.mul(0.5, tf.square(z)), HALF_LOG_TWO_PI),
    );
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
    return this.fromNormal(ndtri(p));
  }

  /** E = loc - scale exp(1 / (2 tailweight^2)) sinh(skewness / tailweight). */
  protected override meanFn(): tf.Tensor {
    const d = this.tailweight;
    const shift = tf.mul(tf.exp(tf.div(0.5, tf.square(d))), tf.sinh(tf.div(this.skewness, d)));
    return tf.sub(this.loc, tf.mul(this.scale, shift));
  }

  /** Var = scale^2 / 2 expm1(1 / tailweight^2) (exp(1 / tailweight^2) cosh(2 skewness / tailweight) + 1). */
  protected override varianceFn(): tf.Tensor {
    const w = tf.reciprocal(tf.square(this.tailweight));
    const spread = tf.add(tf.mul(tf.exp(w), tf.cosh(tf.div(tf.mul(2, this.skewness), this.tailweight))), 1);
    return tf.mul(tf.mul(0.5, tf.square(this.scale)), tf.mul(tf.expm1(w), spread));
  }
}
