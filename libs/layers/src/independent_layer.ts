import * as tf from '@tensorflow/tfjs';
import {Distribution, Independent} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayer, DistributionLayerArgs} from './distribution_layer';

export interface IndependentLayerArgs extends DistributionLayerArgs {
  /** Shape of one draw; default [] (scalar). */
  eventShape?: number | number[];
  /** Passed to the distributions. */
  validateArgs?: boolean;
}

/** The event shape as a list; `owner` names the layer in the error. */
export function eventShapeList(owner: string, eventShape: number | number[] | undefined): number[] {
  const shape = eventShape === undefined ? [] : typeof eventShape === 'number' ? [eventShape] : eventShape;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${owner}: eventShape must be a positive integer or a list of them; received ${JSON.stringify(eventShape)}`);
  }
  return shape;
}

/** The number of elements of an event shape. */
export function eventSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The base of TFP's `Independent*` layers: the input's last axis holds `paramsPerElement` blocks of
 * `prod(eventShape)` unconstrained parameters, each reshaped to `batch + eventShape` and turned into
 * an elementwise distribution that `Independent` makes one event of shape `eventShape`.
 */
export abstract class IndependentLayer extends DistributionLayer {
  readonly eventShape: number[];
  readonly validateArgs: boolean;
  /** How many parameter blocks one element needs (2 for loc and scale). */
  protected abstract readonly paramsPerElement: number;

  constructor(args: IndependentLayerArgs = {}) {
    const {eventShape, validateArgs, ...rest} = args;
    super(rest);
    this.eventShape = eventShapeList(this.owner(), eventShape);
    this.validateArgs = validateArgs ?? false;
  }

  /** The elementwise distribution from the parameter blocks, each of shape `batch + eventShape`. */
  protected abstract makeElementwise(blocks: tf.Tensor[]): Distribution;

  protected makeDistribution(params: tf.Tensor): Distribution {
    const size = eventSize(this.eventShape);
    const expected = this.paramsPerElement * size;
    if (params.rank < 1 || params.shape[params.rank - 1] !== expected) {
      throw new Error(
        `${this.owner()}: expected params with last dim ${expected} (paramsSize of eventShape [${this.eventShape}]); ` +
          `received shape [${params.shape}]`,
      );
    }
    const batch = params.shape.slice(0, -1);
    const blocks = (this.paramsPerElement === 1 ? [params] : tf.split(params, this.paramsPerElement, -1)).map((b) =>
      tf.reshape(b, [...batch, ...this.eventShape]),
    );
    return new Independent({
      distribution: this.makeElementwise(blocks),
      reinterpretedBatchNdims: this.eventShape.length,
      validateArgs: this.validateArgs,
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), ...this.eventShape];
  }

  override getConfig(): LayerConfig {
    return {...super.getConfig(), eventShape: this.eventShape, validateArgs: this.validateArgs};
  }
}
