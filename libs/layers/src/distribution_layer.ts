import * as tf from '@tensorflow/tfjs';
import {Distribution, SeedStream} from '@tfjs-probability/distributions';
import {Kwargs, LayerArgs, LayerConfig, singleShape, singleTensor} from './internal/layer_args';
import {resolveLayerFunction, serializeLayerFunction} from './internal/registry';
import {KLDivergenceRegularizer} from './kl_divergence_regularizer';
import {sampleTensorFn, TensorFn} from './util';

/**
 * The side table behind distribution-valued layer outputs. tfjs-layers passes plain tensors between
 * layers and to the loss, so a distribution layer returns `convertToTensorFn(distribution)` (a
 * sample by default, TFP's `_TensorCoercible`) and records the distribution here, keyed by that
 * tensor object. `distributionOf(yPred)` inside a loss, or on the result of `model.apply(x)`, gets it
 * back. The entry lives as long as the tensor object; the distribution's parameters live in the
 * scope the layer ran in (the training step, or the caller's `tf.tidy`).
 */
const distributions = new WeakMap<tf.Tensor, Distribution>();

/** Records that `value` is the tensor coercion of `distribution`. */
export function attachDistribution(value: tf.Tensor, distribution: Distribution): void {
  distributions.set(value, distribution);
}

/**
 * The distribution a distribution layer attached to its output tensor (TFP's layer outputs are the
 * distribution itself). Throws when `value` did not come from a distribution layer.
 */
export function distributionOf(value: tf.Tensor): Distribution {
  const d = distributions.get(value);
  if (d === undefined) {
    throw new Error(
      `distributionOf: the tensor of shape [${value.shape}] is not the output of a distribution layer ` +
        '(DistributionLambda, IndependentNormal, ...) in this forward pass; ' +
        'use it as the model output the loss receives, or call model.apply(x) inside tf.tidy',
    );
  }
  return d;
}

/** True when `value` carries a distribution. */
export function hasDistribution(value: tf.Tensor): boolean {
  return distributions.has(value);
}

/**
 * The negative log-likelihood loss of a model whose output is a distribution layer:
 * loss(y, rv) = -rv.logProb(y), TFP's `lambda y, rv: -rv.log_prob(y)`. Use it in
 * `model.compile({loss: negLogLik})`.
 */
export function negLogLik(y: tf.Tensor, rv: tf.Tensor): tf.Tensor {
  const d = distributionOf(rv);
  return tf.tidy(() => tf.neg(d.logProb(y)));
}

export interface DistributionLayerArgs extends Omit<LayerArgs, 'activityRegularizer'> {
  /** How the distribution becomes the layer's output tensor: 'sample' (default), 'mean', 'mode', or a registered TensorFn. */
  convertToTensorFn?: TensorFn | string;
  /** A KL penalty on the output distribution, added to the losses of the forward pass (TFP's `activity_regularizer`). */
  activityRegularizer?: KLDivergenceRegularizer | LayerConfig;
  /** Makes the output samples reproducible (see `reseed`). */
  seed?: number;
}

/**
 * The base of layers whose output is a distribution (TFP's `DistributionLambda` family). A subclass
 * builds the distribution from the input (`makeDistribution`); the base converts it to the output
 * tensor, attaches it (see `distributionOf`), applies the activity regularizer, and carries seeds and
 * config.
 */
export abstract class DistributionLayer extends tf.layers.Layer {
  readonly convertToTensorFn: TensorFn;
  readonly klRegularizer: KLDivergenceRegularizer | undefined;
  readonly seed: number | undefined;
  private seedStream: SeedStream;
  private pendingRegularization: tf.Tensor | undefined;

  constructor(args: DistributionLayerArgs = {}) {
    const {activityRegularizer, convertToTensorFn, seed, ...layerArgs} = args;
    super(layerArgs);
    this.convertToTensorFn = resolveLayerFunction(this.owner(), 'convertToTensorFn', convertToTensorFn ?? sampleTensorFn);
    this.klRegularizer =
      activityRegularizer === undefined || activityRegularizer === null || activityRegularizer instanceof KLDivergenceRegularizer
        ? activityRegularizer ?? undefined
        : KLDivergenceRegularizer.fromConfig(activityRegularizer, this.owner());
    if (seed !== undefined && seed !== null && !Number.isFinite(seed)) {
      throw new Error(`${this.owner()}: seed must be a finite number; received ${seed}`);
    }
    this.seed = seed ?? undefined;
    this.seedStream = new SeedStream(this.seed, this.name);
    if (this.klRegularizer !== undefined) {
      this.addLoss(() => this.regularization());
    }
  }

  /** "ClassName 'layer_name'", the prefix of this layer's errors. */
  protected owner(): string {
    return `${this.getClassName()} '${this.name}'`;
  }

  /** The distribution for the input `params` (its tensors are not tidied: they live with the output). */
  protected abstract makeDistribution(params: tf.Tensor): Distribution;

  /**
   * The layer's distribution for a params tensor, without converting it to a tensor (as `call` does);
   * its tensors belong to the caller's scope. {@link predictDistribution} uses it.
   */
  distribution(params: tf.Tensor): Distribution {
    return this.makeDistribution(params);
  }

  /** Restarts the output-sampling stream from `seed` (default: the `seed` argument). */
  reseed(seed: number | undefined = this.seed): void {
    this.seedStream = new SeedStream(seed, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const params = singleTensor(this.owner(), inputs);
    const distribution = this.makeDistribution(params);
    let value = this.convertToTensorFn(distribution, this.seedStream.next());
    if (value.dtype !== 'float32') value = tf.cast(value, 'float32');
    if (value === params) value = tf.clone(value);
    attachDistribution(value, distribution);
    if (this.klRegularizer !== undefined) {
      this.pendingRegularization = this.klRegularizer.apply(distribution, value);
    }
    return value;
  }

  /** The activity-regularization loss of the latest forward pass (read by `fit` in the same step). */
  private regularization(): tf.Scalar {
    const value = this.pendingRegularization;
    if (value === undefined || value.isDisposed) {
      throw new Error(
        `${this.owner()}: its KL activity regularization depends on the inputs of a forward pass and none is ` +
          'alive; call the model on data (inside tf.tidy) before reading its losses',
      );
    }
    return value as tf.Scalar;
  }

  /** Output shape from a probe: run on zeros with unknown dims set to 1 and 2, unknown where they differ. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(this.owner(), inputShape);
    const probe = (fill: number): number[] =>
      tf.tidy(() => {
        const d = this.makeDistribution(tf.zeros(shape.map((s) => s ?? fill)));
        return this.convertToTensorFn(d, 0).shape;
      });
    let one: number[];
    let two: number[];
    try {
      one = probe(1);
      two = probe(2);
    } catch (error) {
      throw new Error(`${this.owner()}: cannot make a distribution from an input of shape [${shape}]: ${(error as Error).message}`);
    }
    return one.map((d, i) => (d === two[i] ? d : null));
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      convertToTensorFn: serializeLayerFunction(this.owner(), 'convertToTensorFn', this.convertToTensorFn),
      ...(this.klRegularizer === undefined ? {} : {activityRegularizer: this.klRegularizer.getConfig(this.owner())}),
      ...(this.seed === undefined ? {} : {seed: this.seed}),
    };
  }
}
