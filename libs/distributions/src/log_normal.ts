import * as tf from '@tensorflow/tfjs';
import {Bijector, Exp, Softplus} from '@tfjs-probability/bijectors';
import {logNdtr, ndtr, ndtri} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {extendSupport} from './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface LogNormalOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The log-normal distribution (TFP's `tfd.LogNormal`): log X ~ Normal(loc, scale), so with
 * z = (log x - loc) / scale, log p(x) = -z^2 / 2 - log(scale) - log(2 pi) / 2 - log(x) on x > 0.
 */
export class LogNormal extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: LogNormalOptions) {
    super({loc: options.loc, scale: options.scale}, options);
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.inferredBatchShape();
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

  /** X = exp(loc + scale Z). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const z = tf.randomNormal([n, ...this.batchShape], 0, 1, 'float32', seed.next());
    return tf.exp(tf.add(tf.mul(z, this.scale), this.loc));
  }

  /** (log x - loc) / scale, with x > 0 (callers mask x <= 0). */
  private z(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(tf.log(x), this.loc), this.scale);
  }

  private onSupport(x: tf.Tensor, f: (z: tf.Tensor, logX: tf.Tensor) => tf.Tensor, alt: number): tf.Tensor {
    return extendSupport(tf.greater(x, 0), x, 1, (v) => f(this.z(v), tf.log(v)), alt);
  }

  /** The support is (0, inf): Exp (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Exp({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(
      x,
      (z, logX) => tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.add(tf.log(this.scale), HALF_LOG_TWO_PI), logX)),
      -Infinity,
    );
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (z) => ndtr(z), 0);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (z) => logNdtr(z), -Infinity);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (z) => ndtr(tf.neg(z)), 1);
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return this.onSupport(x, (z) => logNdtr(tf.neg(z)), 0);
  }

  /** exp(loc + scale ndtri(p)). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.exp(tf.add(tf.mul(ndtri(p), this.scale), this.loc));
  }

  /** E = exp(loc + scale^2 / 2). */
  protected override meanFn(): tf.Tensor {
    return tf.exp(tf.add(this.loc, tf.mul(0.5, tf.square(this.scale))));
  }

  /** Var = expm1(scale^2) exp(2 loc + scale^2). */
  protected override varianceFn(): tf.Tensor {
    const s2 = tf.square(this.scale);
    return tf.mul(tf.expm1(s2), tf.exp(tf.add(tf.mul(2, this.loc), s2)));
  }

  /** exp(loc - scale^2). */
  protected override modeFn(): tf.Tensor {
    return tf.exp(tf.sub(this.loc, tf.square(this.scale)));
  }

  /** H = loc + log(scale) + (1 + log(2 pi)) / 2. */
  protected override entropyFn(): tf.Tensor {
    return tf.add(tf.add(this.loc, tf.log(this.scale)), 0.5 + HALF_LOG_TWO_PI);
  }
}

/** KL(a || b) is the KL of the underlying normals: log(sb / sa) + (sa^2 + (la - lb)^2) / (2 sb^2) - 1/2. */
registerKL(LogNormal, LogNormal, (a, b) => {
  const ratio = tf.div(a.scale, b.scale);
  const meanTerm = tf.square(tf.div(tf.sub(a.loc, b.loc), b.scale));
  return tf.add(tf.mul(0.5, tf.add(tf.square(ratio), meanTerm)), tf.sub(tf.neg(tf.log(ratio)), 0.5));
});
