import * as tf from '@tensorflow/tfjs';
import {FillScaleTriL} from '@tfjs-probability/bijectors';
import {Distribution, MultivariateNormalTriL as MultivariateNormalTriLDistribution} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayer, DistributionLayerArgs} from './distribution_layer';
import {checkParamsSize, positiveSize} from './one_hot_categorical';

export interface MultivariateNormalTriLArgs extends DistributionLayerArgs {
  /** Dimension n of the normal. */
  eventSize: number;
  validateArgs?: boolean;
}

/**
 * A multivariate normal with full covariance from n + n(n+1)/2 params (TFP's
 * `tfp.layers.MultivariateNormalTriL`): loc = params[..., :n] and
 * scaleTril = FillScaleTriL(diagShift 1e-5)(params[..., n:]) (softplus diagonal).
 */
export class MultivariateNormalTriL extends DistributionLayer {
  static className = 'MultivariateNormalTriL';
  readonly eventSize: number;
  readonly validateArgs: boolean;

  constructor(args: MultivariateNormalTriLArgs) {
    const {eventSize, validateArgs, ...rest} = args;
    super(rest);
    this.eventSize = positiveSize(this.owner(), 'eventSize', eventSize);
    this.validateArgs = validateArgs ?? false;
  }

  /** n + n(n+1)/2 (TFP's `params_size`). */
  static paramsSize(eventSize: number): number {
    const n = positiveSize('MultivariateNormalTriL.paramsSize', 'eventSize', eventSize);
    return n + (n * (n + 1)) / 2;
  }

  protected makeDistribution(params: tf.Tensor): Distribution {
    const n = this.eventSize;
    checkParamsSize(this.owner(), params, MultivariateNormalTriL.paramsSize(n), `paramsSize(${n})`);
    const [loc, tril] = tf.split(params, [n, params.shape[params.rank - 1] - n], -1);
    const scaleTril = new FillScaleTriL({diagShift: 1e-5}).forward(tril);
    return new MultivariateNormalTriLDistribution({loc, scaleTril, validateArgs: this.validateArgs});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.eventSize];
  }

  override getConfig(): LayerConfig {
    return {...super.getConfig(), eventSize: this.eventSize, validateArgs: this.validateArgs};
  }
}
tf.serialization.registerClass(MultivariateNormalTriL);

/** Factory of {@link MultivariateNormalTriL}. */
export function multivariateNormalTriL(args: MultivariateNormalTriLArgs): MultivariateNormalTriL {
  return new MultivariateNormalTriL(args);
}
