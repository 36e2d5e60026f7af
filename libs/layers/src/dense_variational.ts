import * as tf from '@tensorflow/tfjs';
import {ActivationIdentifier} from './internal/activations';
import {LayerArgs, LayerConfig} from './internal/layer_args';
import {serializeLayerFunction} from './internal/registry';
import {PosteriorFn} from './util';
import {VariationalDense} from './variational_dense';

export interface DenseVariationalArgs extends LayerArgs {
  units: number;
  /**
   * Posterior over the flat vector [kernel (inputDim * units), bias (units)] (TFP's
   * `make_posterior_fn(kernel_size, bias_size, dtype)`); default the mean-field normal 'meanFieldNormal'.
   */
  makePosteriorFn?: PosteriorFn | string;
  /** Prior over the same vector; default N(0, 1) ('standardNormal'). */
  makePriorFn?: PosteriorFn | string;
  /** Multiplies the KL added to the losses; 1 / numExamples gives the per-example ELBO. Default 1. */
  klWeight?: number;
  /** Closed-form KL (default false, as TFP: a one-draw Monte Carlo estimate at the weights used). */
  klUseExact?: boolean;
  activation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  seed?: number;
}

/**
 * A dense layer with one posterior over all its weights (TFP's `tfp.layers.DenseVariational`):
 * w = [vec(W), b] ~ q, out = activation(x W + b), one draw per forward pass, with
 * klWeight * KL(q || p) (exact or Monte Carlo) in the layer's losses.
 */
export class DenseVariational extends VariationalDense {
  static className = 'DenseVariational';
  protected readonly estimator = 'reparameterization';
  readonly useBias: boolean;
  readonly klUseExact: boolean;

  constructor(args: DenseVariationalArgs) {
    const {makePosteriorFn, makePriorFn, klUseExact, useBias, ...rest} = args;
    super({
      ...rest,
      kernelPosteriorFn: makePosteriorFn ?? 'meanFieldNormal',
      kernelPriorFn: makePriorFn ?? 'standardNormal',
      kernelDivergenceFn: klUseExact ? 'klDivergence' : 'monteCarloKl',
      biasPosteriorFn: null,
    });
    this.useBias = useBias ?? true;
    this.klUseExact = klUseExact ?? false;
  }

  /** The posterior is over [inputDim * units + units] (or without the bias). */
  protected override kernelShape(inputShape: tf.Shape): number[] {
    const inputDim = inputShape[inputShape.length - 1] as number;
    return [inputDim * this.units + (this.useBias ? this.units : 0)];
  }

  protected override applyKernel(x: tf.Tensor, w: tf.Tensor): tf.Tensor {
    const inputDim = x.shape[x.rank - 1];
    const kernelSize = inputDim * this.units;
    const kernel = tf.reshape(tf.slice(w, [0], [kernelSize]), [inputDim, this.units]);
    const out = super.applyKernel(x, kernel);
    return this.useBias ? tf.add(out, tf.slice(w, [kernelSize], [this.units])) : out;
  }

  override getConfig(): LayerConfig {
    const base = super.getConfig();
    for (const key of Object.keys(base)) {
      if (key.startsWith('kernel') || key.startsWith('bias')) delete base[key];
    }
    return {
      ...base,
      makePosteriorFn: serializeLayerFunction(this.owner(), 'makePosteriorFn', this.kernelPosteriorFn),
      makePriorFn: serializeLayerFunction(this.owner(), 'makePriorFn', this.kernelPriorFn as PosteriorFn),
      klUseExact: this.klUseExact,
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(DenseVariational);

/** Factory of {@link DenseVariational}. */
export function denseVariational(args: DenseVariationalArgs): DenseVariational {
  return new DenseVariational(args);
}
