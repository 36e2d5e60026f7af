import * as tf from '@tensorflow/tfjs';
import {Distribution, OneHotCategorical as OneHotCategoricalDistribution} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayer, DistributionLayerArgs} from './distribution_layer';

export interface OneHotCategoricalArgs extends DistributionLayerArgs {
  /** Number of classes. */
  eventSize: number;
  validateArgs?: boolean;
}

/** Checks a positive integer size argument. */
export function positiveSize(owner: string, what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${owner}: ${what} must be a positive integer; received ${value}`);
  }
  return value;
}

/** Checks that params end in `expected` entries. */
export function checkParamsSize(owner: string, params: tf.Tensor, expected: number, what: string): void {
  if (params.rank < 1 || params.shape[params.rank - 1] !== expected) {
    throw new Error(`${owner}: expected params with last dim ${expected} (${what}); received shape [${params.shape}]`);
  }
}

/**
 * A one-hot categorical over `eventSize` classes with logits = params (TFP's
 * `tfp.layers.OneHotCategorical`); the output tensor is a one-hot sample by default.
 */
export class OneHotCategorical extends DistributionLayer {
  static className = 'OneHotCategorical';
  readonly eventSize: number;
  readonly validateArgs: boolean;

  constructor(args: OneHotCategoricalArgs) {
    const {eventSize, validateArgs, ...rest} = args;
    super(rest);
    this.eventSize = positiveSize(this.owner(), 'eventSize', eventSize);
    this.validateArgs = validateArgs ?? false;
  }

  /** The number of params (logits) for one event (TFP's `params_size`). */
  static paramsSize(eventSize: number): number {
    return positiveSize('OneHotCategorical.paramsSize', 'eventSize', eventSize);
  }

  protected makeDistribution(params: tf.Tensor): Distribution {
    checkParamsSize(this.owner(), params, this.eventSize, `paramsSize(${this.eventSize})`);
    return new OneHotCategoricalDistribution({logits: params, validateArgs: this.validateArgs});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.eventSize];
  }

  override getConfig(): LayerConfig {
    return {...super.getConfig(), eventSize: this.eventSize, validateArgs: this.validateArgs};
  }
}
tf.serialization.registerClass(OneHotCategorical);

/** Factory of {@link OneHotCategorical}. */
export function oneHotCategorical(args: OneHotCategoricalArgs): OneHotCategorical {
  return new OneHotCategorical(args);
}
