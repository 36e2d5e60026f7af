import * as tf from '@tensorflow/tfjs';
import {Distribution} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {resolveLayerFunction, serializeLayerFunction} from './internal/registry';
import {DistributionLayer, DistributionLayerArgs} from './distribution_layer';

/** Makes the layer's distribution from its input tensor (TFP's `make_distribution_fn`). */
export type MakeDistributionFn = (params: tf.Tensor) => Distribution;

export interface DistributionLambdaArgs extends DistributionLayerArgs {
  /** A function or the name it was registered under (needed to save the layer). */
  makeDistributionFn: MakeDistributionFn | string;
}

/**
 * A layer whose output is a distribution made from its input (TFP's `tfp.layers.DistributionLambda`).
 * The output tensor is `convertToTensorFn(d)` (a sample by default), so downstream layers see a
 * tensor; the loss gets the distribution back with `distributionOf(yPred)`, e.g.
 * `model.compile({loss: negLogLik})` for -d.logProb(y). See {@link DistributionLayer}.
 */
export class DistributionLambda extends DistributionLayer {
  static className = 'DistributionLambda';
  readonly makeDistributionFn: MakeDistributionFn;

  constructor(args: DistributionLambdaArgs) {
    const {makeDistributionFn, ...rest} = args;
    super(rest);
    if (makeDistributionFn === undefined) throw new Error(`${this.owner()}: makeDistributionFn is required`);
    this.makeDistributionFn = resolveLayerFunction(this.owner(), 'makeDistributionFn', makeDistributionFn);
  }

  protected makeDistribution(params: tf.Tensor): Distribution {
    const d = this.makeDistributionFn(params);
    if (!(d instanceof Distribution)) {
      throw new Error(`${this.owner()}: makeDistributionFn must return a Distribution; received ${String(d)}`);
    }
    return d;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      makeDistributionFn: serializeLayerFunction(this.owner(), 'makeDistributionFn', this.makeDistributionFn),
    };
  }
}
tf.serialization.registerClass(DistributionLambda);

/** Factory of {@link DistributionLambda}. */
export function distributionLambda(args: DistributionLambdaArgs): DistributionLambda {
  return new DistributionLambda(args);
}
