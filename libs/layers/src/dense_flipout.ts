import * as tf from '@tensorflow/tfjs';
import {VariationalDense, VariationalDenseArgs} from './variational_dense';

/**
 * A dense layer with a weight posterior, estimated by Flipout (TFP's `tfp.layers.DenseFlipout`,
 * Wen et al. 2018): with dW ~ q(W) - mean(W) and per-example random signs s_in, s_out,
 * out = activation(x mean(W) + ((x * s_in) dW) * s_out + b), so the examples of a batch get
 * pseudo-independent weight perturbations. Needs an (Independent) Normal kernel posterior.
 * The posterior's KL from the prior (times klWeight) is in the layer's losses and so in `fit`'s loss.
 */
export class DenseFlipout extends VariationalDense {
  static className = 'DenseFlipout';
  protected readonly estimator = 'flipout';
}
tf.serialization.registerClass(DenseFlipout);

/** Factory of {@link DenseFlipout}, as `tf.layers.dense`. */
export function denseFlipout(args: VariationalDenseArgs): DenseFlipout {
  return new DenseFlipout(args);
}
