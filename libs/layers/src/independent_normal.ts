import * as tf from '@tensorflow/tfjs';
import {Normal, Distribution} from '@tfjs-probability/distributions';
import {eventShapeList, eventSize, IndependentLayer, IndependentLayerArgs} from './independent_layer';

/**
 * Independent Normal over events of shape `eventShape` from n = prod(eventShape) x 2 params
 * (TFP's `tfp.layers.IndependentNormal`): loc = params[..., :n], scale = softplus(params[..., n:]).
 */
export class IndependentNormal extends IndependentLayer {
  static className = 'IndependentNormal';
  protected readonly paramsPerElement = 2;

  /** The number of params for one event (TFP's `params_size`). */
  static paramsSize(eventShape: number | number[] = []): number {
    return 2 * eventSize(eventShapeList('IndependentNormal.paramsSize', eventShape));
  }

  protected makeElementwise(blocks: tf.Tensor[]): Distribution {
    return new Normal({loc: blocks[0], scale: tf.softplus(blocks[1]), validateArgs: this.validateArgs});
  }
}
tf.serialization.registerClass(IndependentNormal);

/** Factory of {@link IndependentNormal}. */
export function independentNormal(args: IndependentLayerArgs = {}): IndependentNormal {
  return new IndependentNormal(args);
}
