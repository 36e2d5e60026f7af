import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, Softplus} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from '../distribution';
import './ops';
import {TensorLike} from './parameters';
import {SeedStream} from './seed';

export interface LocScaleOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
}

/**
 * Shared machinery of the scalar location-scale families (Laplace, Logistic, Gumbel, Cauchy,
 * HalfCauchy): X = loc + scale Z with Z from a standard member. A subclass supplies the standard
 * sampler and its densities in terms of `z(x) = (x - loc) / scale`. Samples are reparameterized.
 */
export abstract class LocScaleDistribution extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  protected constructor(options: LocScaleOptions) {
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

  /** The support is R (HalfCauchy overrides): Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  /** Draws of the standard member (loc 0, scale 1) with the given shape. */
  protected abstract standardSample(shape: number[], seed: SeedStream): tf.Tensor;

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return tf.add(tf.mul(this.standardSample([n, ...this.batchShape], seed), this.scale), this.loc);
  }

  protected z(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  /** A statistic undefined for every batch member (Cauchy's mean): NaN, or an Error without allowNanStats. */
  protected undefinedForAll(stat: string): tf.Tensor {
    return this.undefinedStatistic(stat, tf.fill(this.batchShape, NaN), tf.fill(this.batchShape, 1, 'bool'));
  }

  /** loc + scale * z, broadcast to the batch (for quantiles, modes, means). */
  protected fromStandard(z: tf.Tensor | number): tf.Tensor {
    return tf.add(tf.mul(z, this.scale), this.loc);
  }
}

/** float32 machine epsilon: the lower bound TFP's default Softplus puts on scale parameters. */
export const FLOAT32_EPS = 2 ** -23;

/** Smallest normal float32 above 0: lower end for uniforms fed to logs. */
export const TINY_UNIFORM = 1.1754944e-38;

/** Largest float32 below 1. */
export const ONE_MINUS_EPS = 1 - 2 ** -24;

/**
 * Uniform draws on the open interval (0, 1). tfjs draws in float64 and rounds to float32, which
 * can give exactly 1, so the top is clipped to the largest float32 below 1.
 */
export function openUniform(shape: number[], seed: number | undefined): tf.Tensor {
  return tf.tidy(() => tf.minimum(tf.randomUniform(shape, TINY_UNIFORM, 1, 'float32', seed), ONE_MINUS_EPS));
}
