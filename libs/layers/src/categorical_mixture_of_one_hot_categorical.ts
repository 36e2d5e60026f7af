import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayerArgs} from './distribution_layer';
import {MixtureSameFamily} from './mixture_same_family';
import {OneHotCategorical, positiveSize} from './one_hot_categorical';

export interface CategoricalMixtureOfOneHotCategoricalArgs extends DistributionLayerArgs {
  eventSize: number;
  numComponents: number;
}

/**
 * A mixture of K one-hot categoricals over `eventSize` classes (TFP's
 * `tfp.layers.CategoricalMixtureOfOneHotCategorical`): params[..., :K] are the mixture logits,
 * the rest the [K, eventSize] component logits.
 */
export class CategoricalMixtureOfOneHotCategorical extends MixtureSameFamily {
  static override className = 'CategoricalMixtureOfOneHotCategorical';
  readonly eventSize: number;

  constructor(args: CategoricalMixtureOfOneHotCategoricalArgs) {
    const {eventSize, ...rest} = args;
    const size = positiveSize(`CategoricalMixtureOfOneHotCategorical '${args.name ?? ''}'`, 'eventSize', eventSize);
    super({...rest, componentLayer: new OneHotCategorical({eventSize: size})});
    this.eventSize = size;
  }

  /** K + K * eventSize. */
  static override paramsSize(eventSize: number, numComponents: number): number {
    return MixtureSameFamily.paramsSize(numComponents, eventSize);
  }

  override getConfig(): LayerConfig {
    const config = super.getConfig();
    delete config.componentLayer;
    return {...config, eventSize: this.eventSize};
  }
}
tf.serialization.registerClass(CategoricalMixtureOfOneHotCategorical);

/** Factory of {@link CategoricalMixtureOfOneHotCategorical}. */
export function categoricalMixtureOfOneHotCategorical(
  args: CategoricalMixtureOfOneHotCategoricalArgs,
): CategoricalMixtureOfOneHotCategorical {
  return new CategoricalMixtureOfOneHotCategorical(args);
}
