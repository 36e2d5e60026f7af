import * as tf from '@tensorflow/tfjs';
import {Bernoulli, Distribution} from '@tfjs-probability/distributions';
import {eventShapeList, eventSize, IndependentLayer, IndependentLayerArgs} from './independent_layer';

/**
 * Independent Bernoulli over events of shape `eventShape` from n = prod(eventShape) params
 * (TFP's `tfp.layers.IndependentBernoulli`): logits = params.
 */
export class IndependentBernoulli extends IndependentLayer {
  static className = 'IndependentBernoulli';
  protected readonly paramsPerElement = 1;

  /** The number of params for one event (TFP's `params_size`). */
  static paramsSize(eventShape: number | number[] = []): number {
    return eventSize(eventShapeList('IndependentBernoulli.paramsSize', eventShape));
  }

  protected makeElementwise(blocks: tf.Tensor[]): Distribution {
    return new Bernoulli({logits: blocks[0], validateArgs: this.validateArgs});
  }
}
tf.serialization.registerClass(IndependentBernoulli);

/** Factory of {@link IndependentBernoulli}. */
export function independentBernoulli(args: IndependentLayerArgs = {}): IndependentBernoulli {
  return new IndependentBernoulli(args);
}
