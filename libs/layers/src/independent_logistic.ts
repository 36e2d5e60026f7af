import * as tf from '@tensorflow/tfjs';
import {Logistic, Distribution} from '@tfjs-probability/distributions';
import {eventShapeList, eventSize, IndependentLayer, IndependentLayerArgs} from './independent_layer';

/**
 * Independent logistic distributions over events of shape `eventShape` from n = prod(eventShape) x 2 params
 * (TFP's `tfp.layers.IndependentLogistic`): loc = params[..., :n], scale = softplus(params[..., n:]).
 */
export class IndependentLogistic extends IndependentLayer {
  static className = 'IndependentLogistic';
  protected readonly paramsPerElement = 2;

  /** The number of params for one event (TFP's `params_size`). */
  static paramsSize(eventShape: number | number[] = []): number {
    return 2 * eventSize(eventShapeList('IndependentLogistic.paramsSize', eventShape));
  }

  protected makeElementwise(blocks: tf.Tensor[]): Distribution {
    return new Logistic({loc: blocks[0], scale: tf.softplus(blocks[1]), validateArgs: this.validateArgs});
  }
}
tf.serialization.registerClass(IndependentLogistic);

/** Factory of {@link IndependentLogistic}. */
export function independentLogistic(args: IndependentLayerArgs = {}): IndependentLogistic {
  return new IndependentLogistic(args);
}
