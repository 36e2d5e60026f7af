import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {erfinv, logNdtr, ndtr, ndtri} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface HalfNormalOptions extends DistributionOptions {
  scale: TensorLike;
}

const SQRT_2 = Math.SQRT2;
const LOG_2 = Math.log(2);

/**
 * The half-normal distribution (TFP's `tfd.HalfNormal`), |N(0, scale^2)| on x >= 0:
 * log p(x) = -(x / scale)^2 / 2 - log(scale) - log(pi / 2) / 2.
 */
export class HalfNormal extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly scale: tf.Tensor;

  constructor(options: HalfNormalOptions) {
    super({scale: options.scale}, options);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {scale: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** X = |Z| scale. */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return tf.abs(tf.mul(tf.randomNormal([n, ...this.batchShape], 0, 1, 'float32', seed.next()), this.scale));
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const logNorm = tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2));
    return tf.where(tf.greaterEqual(x, 0), tf.sub(tf.mul(-0.5, tf.square(tf.div(x, this.scale))), logNorm), -Infinity);
  }

  /**
   * F = erf(x / (scale sqrt 2)): by its Taylor series (9 terms, relative error < 1e-9) for
   * arguments below 1/2, where 1 - 2 ndtr(-z) would cancel, and 1 - 2 ndtr(-z) above.
   */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const w = tf.div(tf.relu(x), tf.mul(this.scale, SQRT_2));
    const small = tf.less(w, 0.5);
    const ws = tf.where(small, w, 0);
    const w2 = tf.square(ws);
    // erf(w) = 2 / sqrt(pi) sum_n (-1)^n w^(2n+1) / (n! (2n + 1)).
    let term = ws;
    let series = ws;
    for (let n = 1; n < 9; n++) {
      term = tf.mul(term, tf.mul(w2, -1 / n));
      series = tf.add(series, tf.div(term, 2 * n + 1));
    }
    const large = tf.sub(1, tf.mul(2, ndtr(tf.neg(tf.mul(w, SQRT_2)))));
    return tf.where(small, tf.mul(series, 2 / Math.sqrt(Math.PI)), large);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  /** S = 2 ndtr(-x / scale). */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.mul(2, ndtr(tf.neg(tf.div(tf.relu(x), this.scale))));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.add(LOG_2, logNdtr(tf.neg(tf.div(tf.relu(x), this.scale))));
  }

  /** scale sqrt(2) erfinv(p) below 1/2; -scale ndtri((1 - p) / 2) above, accurate as p -> 1. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const lower = tf.less(p, 0.5);
    const low = tf.mul(SQRT_2, erfinv(tf.where(lower, p, 0)));
    const high = tf.neg(ndtri(tf.div(tf.sub(1, tf.where(lower, 0.5, p)), 2)));
    return tf.mul(this.scale, tf.where(lower, low, high));
  }

  /** E = scale sqrt(2 / pi). */
  protected override meanFn(): tf.Tensor {
    return tf.mul(this.scale, Math.sqrt(2 / Math.PI));
  }

  /** Var = scale^2 (1 - 2 / pi). */
  protected override varianceFn(): tf.Tensor {
    return tf.mul(tf.square(this.scale), 1 - 2 / Math.PI);
  }

  protected override modeFn(): tf.Tensor {
    return tf.zerosLike(this.scale);
  }

  /** H = log(pi scale^2 / 2) / 2 + 1/2. */
  protected override entropyFn(): tf.Tensor {
    return tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5);
  }
}

/** KL(a || b) = log(sb / sa) + (sa^2 - sb^2) / (2 sb^2). */
registerKL(HalfNormal, HalfNormal, (a, b) => {
  const ratio2 = tf.square(tf.div(a.scale, b.scale));
  return tf.add(tf.mul(-0.5, tf.log(ratio2)), tf.mul(0.5, tf.sub(ratio2, 1)));
});
