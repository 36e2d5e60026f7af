import * as tf from '@tensorflow/tfjs';
import {VariationalConv, VariationalConvArgs} from './variational_conv';

/**
 * A 1D convolution with a kernel posterior estimated by Flipout (TFP's `tfp.layers.Conv1DFlipout`,
 * Wen et al. 2018): out = activation(conv(x, mean W) + conv(x * s_in, dW) * s_out + b) with
 * dW ~ q(W) - mean W and random signs per example and channel. Needs an (Independent) Normal posterior.
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv1DFlipout extends VariationalConv {
  static className = 'Conv1DFlipout';
  protected readonly estimator = 'flipout';

  constructor(args: VariationalConvArgs) {
    super(1, args);
  }
}
tf.serialization.registerClass(Conv1DFlipout);

/** Factory of {@link Conv1DFlipout}, as `tf.layers.conv1d`. */
export function conv1dFlipout(args: VariationalConvArgs): Conv1DFlipout {
  return new Conv1DFlipout(args);
}

/**
 * A 2D convolution with a kernel posterior estimated by Flipout (TFP's `tfp.layers.Conv2DFlipout`,
 * Wen et al. 2018): out = activation(conv(x, mean W) + conv(x * s_in, dW) * s_out + b) with
 * dW ~ q(W) - mean W and random signs per example and channel. Needs an (Independent) Normal posterior.
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv2DFlipout extends VariationalConv {
  static className = 'Conv2DFlipout';
  protected readonly estimator = 'flipout';

  constructor(args: VariationalConvArgs) {
    super(2, args);
  }
}
tf.serialization.registerClass(Conv2DFlipout);

/** Factory of {@link Conv2DFlipout}, as `tf.layers.conv2d`. */
export function conv2dFlipout(args: VariationalConvArgs): Conv2DFlipout {
  return new Conv2DFlipout(args);
}

/**
 * A 3D convolution with a kernel posterior estimated by Flipout (TFP's `tfp.layers.Conv3DFlipout`,
 * Wen et al. 2018): out = activation(conv(x, mean W) + conv(x * s_in, dW) * s_out + b) with
 * dW ~ q(W) - mean W and random signs per example and channel. Needs an (Independent) Normal posterior.
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv3DFlipout extends VariationalConv {
  static className = 'Conv3DFlipout';
  protected readonly estimator = 'flipout';

  constructor(args: VariationalConvArgs) {
    super(3, args);
  }
}
tf.serialization.registerClass(Conv3DFlipout);

/** Factory of {@link Conv3DFlipout}, as `tf.layers.conv3d`. */
export function conv3dFlipout(args: VariationalConvArgs): Conv3DFlipout {
  return new Conv3DFlipout(args);
}
