import * as tf from '@tensorflow/tfjs';
import {Poisson, Distribution} from '@tfjs-probability/distributions';
import {eventShapeList, eventSize, IndependentLayer, IndependentLayerArgs} from './independent_layer';

/**
 * Independent Poisson over events of shape `eventShape` from n = prod(eventShape) params
 * (TFP's `tfp.layers.IndependentPoisson`): logRate = params.
 */
export class IndependentPoisson extends IndependentLayer {
  static className = 'IndependentPoisson';
  protected readonly paramsPerElement = 1;

  /** The number of params for one event (TFP's `params_size`). */
  static paramsSize(eventShape: number | number[] = []): number {
    return eventSize(eventShapeList('IndependentPoisson.paramsSize', eventShape));
  }

  protected makeElementwise(blocks: tf.Tensor[]): Distribution {
    return new Poisson({logRate: blocks[0], validateArgs: this.validateArgs});
  }
}
tf.serialization.registerClass(IndependentPoisson);

/** Factory of {@link IndependentPoisson}. */
export function independentPoisson(args: IndependentLayerArgs = {}): IndependentPoisson {
  return new IndependentPoisson(args);
}
