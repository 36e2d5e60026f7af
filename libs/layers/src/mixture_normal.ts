import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayerArgs} from './distribution_layer';
import {eventShapeList} from './independent_layer';
import {IndependentNormal} from './independent_normal';
import {MixtureSameFamily} from './mixture_same_family';

export interface MixtureNormalArgs extends DistributionLayerArgs {
  numComponents: number;
  eventShape?: number | number[];
}

/**
 * A mixture of K independent normals over events of shape `eventShape` (TFP's
 * `tfp.layers.MixtureNormal`): MixtureSameFamily with IndependentNormal components.
 */
export class MixtureNormal extends MixtureSameFamily {
  static override className = 'MixtureNormal';
  readonly eventShape: number[];

  constructor(args: MixtureNormalArgs) {
    const {eventShape, ...rest} = args;
    const shape = eventShapeList(`MixtureNormal '${args.name ?? ''}'`, eventShape);
    super({...rest, componentLayer: new IndependentNormal({eventShape: shape})});
    this.eventShape = shape;
  }

  /** K + K * 2 prod(eventShape). */
  static override paramsSize(numComponents: number, eventShape: number | number[] = []): number {
    return MixtureSameFamily.paramsSize(numComponents, IndependentNormal.paramsSize(eventShape));
  }

  override getConfig(): LayerConfig {
    const config = super.getConfig();
    delete config.componentLayer;
    return {...config, eventShape: this.eventShape};
  }
}
tf.serialization.registerClass(MixtureNormal);

/** Factory of {@link MixtureNormal}. */
export function mixtureNormal(args: MixtureNormalArgs): MixtureNormal {
  return new MixtureNormal(args);
}
