import * as tf from '@tensorflow/tfjs';
import {Distribution, Independent, lookupKL, klDivergence, Normal} from '@tfjs-probability/distributions';
import {Deterministic} from './internal/deterministic';
import {registerLayerFunction} from './internal/registry';
import {Initializer} from './internal/layer_args';

/** float32 machine epsilon, the floor TFP adds to a softplus-transformed scale. */
export const FLOAT32_EPS = 2 ** -23;

/** Creates a layer weight; the variational layers pass their `addWeight` (TFP's `add_variable_fn`). */
export type AddWeightFn = (
  name: string,
  shape: number[],
  initializer: Initializer,
  trainable: boolean,
) => tf.LayerVariable;

/** What a posterior or prior maker receives (TFP's `(dtype, shape, name, trainable, add_variable_fn)`). */
export interface VariableSpec {
  /** Shape of the weight the distribution is over (e.g. `[inputDim, units]`). */
  shape: number[];
  /** Prefix for the variables it creates (`kernel_posterior`, `bias_prior`, ...). */
  name: string;
  trainable: boolean;
  addWeight: AddWeightFn;
  /** Seed for initializers, derived from the layer's `seed`; undefined means fresh randomness. */
  seed?: number;
}

/**
 * Rebuilds the distribution from the current values of the variables made at build time. Called
 * inside `tf.tidy` by the layers (each forward pass and each loss evaluation).
 */
export type DistributionFactory = () => Distribution;

/** TFP's `kernel_posterior_fn` / `kernel_prior_fn`: creates variables once, returns a factory. */
export type PosteriorFn = (spec: VariableSpec) => DistributionFactory;

/** TFP's `kernel_divergence_fn(q, p, w)`: a scalar divergence of posterior q from prior p; w is a draw from q. */
export type DivergenceFn = (q: Distribution, p: Distribution, w: tf.Tensor) => tf.Tensor;

/** TFP's `kernel_posterior_tensor_fn`: turns a distribution into a tensor (a sample, the mean, ...). */
export type TensorFn = (d: Distribution, seed?: number) => tf.Tensor;

export interface LocScaleFnOptions {
  /** If true, the scale is omitted (a point mass): TFP's `is_singular`. */
  isSingular?: boolean;
  /** Initializer of `loc`; default N(0, 0.1). */
  locInitializer?: Initializer;
  /** Initializer of the scale before softplus; default N(-3, 0.1). */
  untransformedScaleInitializer?: Initializer;
}

/**
 * The variables of a location-scale posterior (TFP's `default_loc_scale_fn`): `loc` and an
 * unconstrained scale, scale = eps + softplus(untransformed). Returns a reader giving tensors
 * (scale undefined when singular).
 */
export function defaultLocScaleFn(
  options: LocScaleFnOptions = {},
): (spec: VariableSpec) => () => {loc: tf.Tensor; scale: tf.Tensor | undefined} {
  return (spec) => {
    const locInit = options.locInitializer ?? tf.initializers.randomNormal({mean: 0, stddev: 0.1, seed: spec.seed});
    const loc = spec.addWeight(`${spec.name}_loc`, spec.shape, locInit, spec.trainable);
    if (options.isSingular) {
      return () => ({loc: loc.read(), scale: undefined});
    }
    const scaleSeed = spec.seed === undefined ? undefined : (spec.seed + 1) >>> 0;
    const scaleInit =
      options.untransformedScaleInitializer ?? tf.initializers.randomNormal({mean: -3, stddev: 0.1, seed: scaleSeed});
    const untransformed = spec.addWeight(`${spec.name}_untransformed_scale`, spec.shape, scaleInit, spec.trainable);
    return () => ({loc: loc.read(), scale: tf.add(FLOAT32_EPS, tf.softplus(untransformed.read()))});
  };
}

/**
 * A mean-field normal over the weight (TFP's `default_mean_field_normal_fn`):
 * Independent(Normal(loc, eps + softplus(u))) with all weight dims as the event, or a point mass at
 * `loc` when `isSingular`.
 */
export function defaultMeanFieldNormalFn(options: LocScaleFnOptions = {}): PosteriorFn {
  const locScale = defaultLocScaleFn(options);
  return (spec) => {
    const read = locScale(spec);
    const ndims = spec.shape.length;
    return () => {
      const {loc, scale} = read();
      if (scale === undefined) return new Deterministic({loc, eventNdims: ndims});
      return new Independent({distribution: new Normal({loc, scale}), reinterpretedBatchNdims: ndims});
    };
  };
}

export interface MultivariateNormalFnOptions {
  loc?: number;
  scale?: number;
}

/**
 * A fixed independent normal over the weight (TFP's `default_multivariate_normal_fn`, the standard
 * normal prior by default); creates no variables.
 */
export function defaultMultivariateNormalFn(options: MultivariateNormalFnOptions = {}): PosteriorFn {
  const loc = options.loc ?? 0;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(loc)) {
    throw new Error(`defaultMultivariateNormalFn: expected finite loc and scale > 0; received loc ${loc}, scale ${scale}`);
  }
  return (spec) => () =>
    new Independent({
      distribution: new Normal({loc: tf.fill(spec.shape, loc), scale: tf.fill(spec.shape, scale)}),
      reinterpretedBatchNdims: spec.shape.length,
    });
}

/**
 * KL(q || p): the closed form when one is registered for the pair, else the one-draw Monte Carlo
 * estimate log q(w) - log p(w) at the posterior draw w (an unbiased estimate of the KL).
 */
export function klDivergenceFn(q: Distribution, p: Distribution, w: tf.Tensor): tf.Tensor {
  if (lookupKL(q, p) !== undefined) return klDivergence(q, p);
  return tf.tidy(() => tf.sub(q.logProb(w), p.logProb(w)));
}

/** Always the Monte Carlo estimate log q(w) - log p(w) (TFP's `use_exact_kl=False`). */
export function monteCarloKlFn(q: Distribution, p: Distribution, w: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(q.logProb(w), p.logProb(w)));
}

/** A draw from the distribution (TFP's default `*_posterior_tensor_fn`, `lambda d: d.sample()`). */
export function sampleTensorFn(d: Distribution, seed?: number): tf.Tensor {
  return d.sample([], seed);
}

/** The mean of the distribution (`tfd.Distribution.mean`). */
export function meanTensorFn(d: Distribution): tf.Tensor {
  return d.mean();
}

/** The mode of the distribution (`tfd.Distribution.mode`). */
export function modeTensorFn(d: Distribution): tf.Tensor {
  return d.mode();
}

/** The default kernel posterior, N(loc, eps + softplus(u)) mean-field. */
export const meanFieldNormalFn = defaultMeanFieldNormalFn();
/** The default bias posterior: a point mass at a trainable `loc`. */
export const meanFieldNormalSingularFn = defaultMeanFieldNormalFn({isSingular: true});
/** The default kernel prior: independent N(0, 1). */
export const standardNormalFn = defaultMultivariateNormalFn();

registerLayerFunction('meanFieldNormal', meanFieldNormalFn);
registerLayerFunction('meanFieldNormalSingular', meanFieldNormalSingularFn);
registerLayerFunction('standardNormal', standardNormalFn);
registerLayerFunction('klDivergence', klDivergenceFn);
registerLayerFunction('monteCarloKl', monteCarloKlFn);
registerLayerFunction('sample', sampleTensorFn);
registerLayerFunction('mean', meanTensorFn);
registerLayerFunction('mode', modeTensorFn);

/**
 * A normal prior whose loc and scale are non-trainable layer weights (initially 0 and 1), so they
 * are saved with the model: `dnnToBnn` centres it at the deterministic weights or at zero.
 */
export const fixedNormalFn: PosteriorFn = (spec) => {
  const loc = spec.addWeight(`${spec.name}_loc`, spec.shape, tf.initializers.zeros(), false);
  const scale = spec.addWeight(`${spec.name}_scale`, spec.shape, tf.initializers.ones(), false);
  return () =>
    new Independent({distribution: new Normal({loc: loc.read(), scale: scale.read()}), reinterpretedBatchNdims: spec.shape.length});
};
registerLayerFunction('fixedNormal', fixedNormalFn);
