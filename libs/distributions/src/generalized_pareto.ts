import * as tf from '@tensorflow/tfjs';
import {Bijector, Inline, Softplus} from '@tfjs-probability/bijectors';
import {softplusInverse} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';

import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface GeneralizedParetoOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
  concentration: TensorLike;
}

/** |xi z| below which tf.log1p(xi z) / xi and expm1(xi L) / xi use their Taylor series (error < 1e-12). */
const SERIES_CUTOFF = 1e-4;

/** tf.log1p(c z) / c, continuous through c = 0 (where it is z). */
function log1pRatio(c: tf.Tensor, z: tf.Tensor): tf.Tensor {
  const cz = tf.mul(c, z);
  const small = tf.less(tf.abs(cz), SERIES_CUTOFF);
  const series = tf.mul(z, tf.add(1, tf.mul(cz, tf.add(-0.5, tf.div(cz, 3)))));
  const safeC = tf.where(small, 1, c);
  const exact = tf.div(tf.log1p(tf.where(small, 0, cz)), safeC);
  return tf.where(small, series, exact);
}

/** expm1(c l) / c, continuous through c = 0 (where it is l). */
function expm1Ratio(c: tf.Tensor, l: tf.Tensor): tf.Tensor {
  const cl = tf.mul(c, l);
  const small = tf.less(tf.abs(cl), SERIES_CUTOFF);
  const series = tf.mul(l, tf.add(1, tf.mul(cl, tf.add(0.5, tf.div(cl, 6)))));
  const exact = tf.div(tf.expm1(tf.where(small, 0, cl)), tf.where(small, 1, c));
  return tf.where(small, series, exact);
}

/**
 * The generalized Pareto distribution (TFP's `tfd.GeneralizedPareto`) with z = (x - loc) / scale and
 * concentration xi: log p(x) = -log(scale) - (1 / xi + 1) tf.log1p(xi z), on z >= 0 (and
 * z <= -1 / xi when xi < 0); xi = 0 is the exponential limit.
 */
export class GeneralizedPareto extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
  readonly concentration: tf.Tensor;

  constructor(options: GeneralizedParetoOptions) {
    super({loc: options.loc, scale: options.scale, concentration: options.concentration}, options);
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.concentration = this.param('concentration', options.concentration, {constraint: 'finite'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 0},
      scale: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
      concentration: {eventNdims: 0},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** X = quantile(U). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.quantileFn(openUniform([n, ...this.batchShape], seed.next()));
  }

  /** z, the support mask, and z replaced by 0 outside the support. */
  private standardize(x: tf.Tensor): {z: tf.Tensor; inside: tf.Tensor; safeZ: tf.Tensor} {
    const z = tf.div(tf.sub(x, this.loc), this.scale);
    const inside = tf.logicalAnd(tf.greaterEqual(z, 0), tf.greater(tf.add(1, tf.mul(this.concentration, z)), 0));
    return {z, inside, safeZ: tf.where(inside, z, 0)};
  }

  /**
   * TFP's GeneralizedPareto bijector: onto [loc, inf) by loc + softplus(x) where concentration >= 0,
   * onto [loc, loc + scale / |concentration|] by loc + h sigmoid(x), h = scale / |concentration|,
   * where it is negative; log|dy/dx| = -softplus(-x), resp. log h - softplus(x) - softplus(-x).
   */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    const bounded = () => tf.less(this.concentration, 0);
    const height = () => tf.div(this.scale, tf.where(bounded(), tf.abs(this.concentration), 1));
    return new Inline({
      forwardFn: (x) =>
        tf.add(this.loc, tf.where(bounded(), tf.mul(height(), tf.sigmoid(x)), tf.softplus(x))),
      inverseFn: (y) => {
        const u = tf.sub(y, this.loc);
        const h = height();
        // Each branch evaluated where it is defined, so that the other's NaN cannot leak through.
        const safeLogit = tf.sub(tf.log(u), tf.log(tf.sub(h, tf.minimum(u, h))));
        return tf.where(bounded(), safeLogit, softplusInverse(u));
      },
      forwardLogDetJacobianFn: (x) => {
        const logistic = tf.sub(tf.log(height()), tf.add(tf.softplus(x), tf.softplus(tf.neg(x))));
        return tf.where(bounded(), logistic, tf.neg(tf.softplus(tf.neg(x))));
      },
      forwardMinEventNdims: 0,
      validateArgs: this.validateArgs,
      name: 'generalized_pareto',
    });
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const {inside, safeZ} = this.standardize(x);
    const value = tf.sub(
      tf.neg(tf.log(this.scale)),
      tf.mul(tf.add(1, this.concentration), log1pRatio(this.concentration, safeZ)),
    );
    return tf.where(inside, value, -Infinity);
  }

  /** log S = -tf.log1p(xi z) / xi; 0 below the support, -inf above it. */
  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    const {z, inside, safeZ} = this.standardize(x);
    const value = tf.neg(log1pRatio(this.concentration, safeZ));
    return tf.where(inside, value, tf.where(tf.less(z, 0), 0, -Infinity));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  /** F = -expm1(log S). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.expm1(this.logSurvivalFn(x)));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  /** loc + scale expm1(xi L) / xi with L = -tf.log1p(-p). */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const l = tf.neg(tf.log1p(tf.neg(p)));
    return tf.add(this.loc, tf.mul(this.scale, expm1Ratio(this.concentration, l)));
  }

  /** loc + scale / (1 - xi) for xi < 1, else undefined. */
  protected override meanFn(): tf.Tensor {
    const valid = tf.less(this.concentration, 1);
    const safe = tf.where(valid, this.concentration, 0.5);
    const value = tf.add(this.loc, tf.div(this.scale, tf.sub(1, safe)));
    return this.undefinedStatistic('mean', tf.broadcastTo(value, this.batchShape), tf.broadcastTo(tf.logicalNot(valid), this.batchShape));
  }

  /** scale^2 / ((1 - xi)^2 (1 - 2 xi)) for xi < 1/2, else undefined. */
  protected override varianceFn(): tf.Tensor {
    const valid = tf.less(this.concentration, 0.5);
    const safe = tf.where(valid, this.concentration, 0.25);
    const value = tf.div(tf.square(this.scale), tf.mul(tf.square(tf.sub(1, safe)), tf.sub(1, tf.mul(2, safe))));
    return this.undefinedStatistic('variance', tf.broadcastTo(value, this.batchShape), tf.broadcastTo(tf.logicalNot(valid), this.batchShape));
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** H = log(scale) + xi + 1. */
  protected override entropyFn(): tf.Tensor {
    return tf.add(tf.log(this.scale), tf.add(this.concentration, 1));
  }
}
