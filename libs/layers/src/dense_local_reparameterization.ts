import * as tf from '@tensorflow/tfjs';
import {VariationalDense, VariationalDenseArgs} from './variational_dense';

/**
 * A dense layer with a weight posterior, estimated by local reparameterization (TFP's
 * `tfp.layers.DenseLocalReparameterization`, Kingma et al. 2015): the pre-activations are drawn from
 * their Gaussian, z ~ N(x mean(W), x^2 scale(W)^2), independently per example; out = activation(z + b).
 * Needs an (Independent) Normal kernel posterior.
 * The posterior's KL from the prior (times klWeight) is in the layer's losses and so in `fit`'s loss.
 */
export class DenseLocalReparameterization extends VariationalDense {
  static className = 'DenseLocalReparameterization';
  protected readonly estimator = 'localReparameterization';
}
tf.serialization.registerClass(DenseLocalReparameterization);

/** Factory of {@link DenseLocalReparameterization}, as `tf.layers.dense`. */
export function denseLocalReparameterization(args: VariationalDenseArgs): DenseLocalReparameterization {
  return new DenseLocalReparameterization(args);
}
