import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayerArgs} from './distribution_layer';
import {eventShapeList} from './independent_layer';
import {IndependentLogistic} from './independent_logistic';
import {MixtureSameFamily} from './mixture_same_family';

export interface MixtureLogisticArgs extends DistributionLayerArgs {
  numComponents: number;
  eventShape?: number | number[];
}

/**
 * A mixture of K independent logistics over events of shape `eventShape` (TFP's
 * `tfp.layers.MixtureLogistic`): MixtureSameFamily with IndependentLogistic components.
 */
export class MixtureLogistic extends MixtureSameFamily {
  static override className = 'MixtureLogistic';
  readonly eventShape: number[];

  constructor(args: MixtureLogisticArgs) {
    const {eventShape, ...rest} = args;
    const shape = eventShapeList(`MixtureLogistic '${args.name ?? ''}'`, eventShape);
    super({...rest, componentLayer: new IndependentLogistic({eventShape: shape})});
    this.eventShape = shape;
  }

  /** K + K * 2 prod(eventShape). */
  static override paramsSize(numComponents: number, eventShape: number | number[] = []): number {
    return MixtureSameFamily.paramsSize(numComponents, IndependentLogistic.paramsSize(eventShape));
  }

  override getConfig(): LayerConfig {
    const config = super.getConfig();
    delete config.componentLayer;
    return {...config, eventShape: this.eventShape};
  }
}
tf.serialization.registerClass(MixtureLogistic);

/** Factory of {@link MixtureLogistic}. */
export function mixtureLogistic(args: MixtureLogisticArgs): MixtureLogistic {
  return new MixtureLogistic(args);
}
