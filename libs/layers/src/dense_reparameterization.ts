import * as tf from '@tensorflow/tfjs';
import {VariationalDense, VariationalDenseArgs} from './variational_dense';

/**
 * A dense layer with a weight posterior, estimated by one posterior draw of the kernel per forward
 * pass shared by the batch (TFP's `tfp.layers.DenseReparameterization`, Kingma & Welling 2014):
 * out = activation(x W + b), W ~ q(W).
 * The posterior's KL from the prior (times klWeight) is in the layer's losses and so in `fit`'s loss.
 */
export class DenseReparameterization extends VariationalDense {
  static className = 'DenseReparameterization';
  protected readonly estimator = 'reparameterization';
}
tf.serialization.registerClass(DenseReparameterization);

/** Factory of {@link DenseReparameterization}, as `tf.layers.dense`. */
export function denseReparameterization(args: VariationalDenseArgs): DenseReparameterization {
  return new DenseReparameterization(args);
}
