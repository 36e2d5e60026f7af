import * as tf from '@tensorflow/tfjs';
import {Categorical, Distribution, MixtureSameFamily as MixtureSameFamilyDistribution} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {DistributionLayer, DistributionLayerArgs} from './distribution_layer';
import {positiveSize} from './one_hot_categorical';

export interface MixtureSameFamilyArgs extends DistributionLayerArgs {
  numComponents: number;
  /**
   * The component family: a distribution layer (e.g. `new IndependentNormal({eventShape: [1]})`)
   * whose `distribution(params)` takes `[..., numComponents, componentParamsSize]`; or its
   * serialised `{className, config}`.
   */
  componentLayer: DistributionLayer | LayerConfig;
}

function componentFromConfig(owner: string, value: DistributionLayer | LayerConfig): DistributionLayer {
  if (value instanceof DistributionLayer) return value;
  const className = value.className as string | undefined;
  const entry = className === undefined ? undefined : tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(`${owner}: componentLayer must be a distribution layer or its {className, config}; received ${JSON.stringify(value)}`);
  }
  const [cls, fromConfig] = entry;
  const layer = fromConfig(cls, value.config as tf.serialization.ConfigDict);
  if (!(layer instanceof DistributionLayer)) throw new Error(`${owner}: componentLayer '${className}' is not a distribution layer`);
  return layer;
}

/**
 * A mixture of `numComponents` distributions of one family (TFP's `tfp.layers.MixtureSameFamily`):
 * params[..., :K] are the mixture logits and params[..., K:] reshaped to [..., K, componentParamsSize]
 * parameterise the components through `componentLayer`.
 */
export class MixtureSameFamily extends DistributionLayer {
  static className = 'MixtureSameFamily';
  readonly numComponents: number;
  readonly componentLayer: DistributionLayer;

  constructor(args: MixtureSameFamilyArgs) {
    const {numComponents, componentLayer, ...rest} = args;
    super(rest);
    this.numComponents = positiveSize(this.owner(), 'numComponents', numComponents);
    if (componentLayer === undefined) throw new Error(`${this.owner()}: componentLayer is required`);
    this.componentLayer = componentFromConfig(this.owner(), componentLayer);
  }

  /** K + K * componentParamsSize (TFP's `params_size`). */
  static paramsSize(numComponents: number, componentParamsSize: number): number {
    const k = positiveSize('MixtureSameFamily.paramsSize', 'numComponents', numComponents);
    return k + k * positiveSize('MixtureSameFamily.paramsSize', 'componentParamsSize', componentParamsSize);
  }

  protected makeDistribution(params: tf.Tensor): Distribution {
    const k = this.numComponents;
    const last = params.shape[params.rank - 1];
    if (params.rank < 1 || last <= k || (last - k) % k !== 0) {
      throw new Error(
        `${this.owner()}: expected params with last dim K + K * componentParamsSize (K = ${k}); received shape [${params.shape}]`,
      );
    }
    const [logits, rest] = tf.split(params, [k, last - k], -1);
    const components = this.componentLayer.distribution(tf.reshape(rest, [...params.shape.slice(0, -1), k, (last - k) / k]));
    return new MixtureSameFamilyDistribution({mixtureDistribution: new Categorical({logits}), componentsDistribution: components});
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      numComponents: this.numComponents,
      componentLayer: {className: this.componentLayer.getClassName(), config: this.componentLayer.getConfig()},
    };
  }
}
tf.serialization.registerClass(MixtureSameFamily);

/** Factory of {@link MixtureSameFamily}. */
export function mixtureSameFamily(args: MixtureSameFamilyArgs): MixtureSameFamily {
  return new MixtureSameFamily(args);
}
