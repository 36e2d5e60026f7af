import * as tf from '@tensorflow/tfjs';
import {Kwargs, LayerArgs, LayerConfig, singleTensor} from './internal/layer_args';
import {attachDistribution, distributionOf} from './distribution_layer';
import {KLDivergenceRegularizer, KLDivergenceRegularizerArgs} from './kl_divergence_regularizer';

export type KLDivergenceAddLossArgs = LayerArgs & KLDivergenceRegularizerArgs;

/**
 * A pass-through layer after a distribution layer that adds weight * sum(KL[a || b]) to the losses
 * of the forward pass (TFP's `tfp.layers.KLDivergenceAddLoss`, e.g. a VAE's latent prior). Defaults
 * as TFP: Monte Carlo KL at the incoming tensor (a's sample), averaged over all axes
 * (`testPointsReduceAxis` null); `useExactKl` for the closed form.
 */
export class KLDivergenceAddLoss extends tf.layers.Layer {
  static className = 'KLDivergenceAddLoss';
  readonly regularizer: KLDivergenceRegularizer;
  private pending: tf.Tensor | undefined;

  constructor(args: KLDivergenceAddLossArgs) {
    const {distributionB, useExactKl, testPointsReduceAxis, testPointsFn, weight, ...layerArgs} = args;
    super(layerArgs);
    this.regularizer = new KLDivergenceRegularizer(
      {
        distributionB,
        useExactKl,
        testPointsReduceAxis: testPointsReduceAxis === undefined ? null : testPointsReduceAxis,
        testPointsFn,
        weight,
      },
      this.owner(),
    );
    this.addLoss(() => {
      if (this.pending === undefined || this.pending.isDisposed) {
        throw new Error(
          `${this.owner()}: its KL depends on the inputs of a forward pass and none is alive; ` +
            'call the model on data (inside tf.tidy) before reading its losses',
        );
      }
      return this.pending as tf.Scalar;
    });
  }

  private owner(): string {
    return `KLDivergenceAddLoss '${this.name}'`;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = singleTensor(this.owner(), inputs);
    const a = distributionOf(x);
    this.pending = this.regularizer.apply(a, x);
    // A new tensor object (tfjs-layers would clone a returned input and lose the attachment).
    const out = tf.clone(x);
    attachDistribution(out, a);
    return out;
  }

  override getConfig(): LayerConfig {
    return {...super.getConfig(), ...this.regularizer.getConfig(this.owner())};
  }
}
tf.serialization.registerClass(KLDivergenceAddLoss);

/** Factory of {@link KLDivergenceAddLoss}. */
export function klDivergenceAddLoss(args: KLDivergenceAddLossArgs): KLDivergenceAddLoss {
  return new KLDivergenceAddLoss(args);
}
