import * as tf from '@tensorflow/tfjs';
import {VariationalConv, VariationalConvArgs} from './variational_conv';

/**
 * A 1D convolution with a kernel posterior, one kernel draw per forward pass shared by the batch
 * (TFP's `tfp.layers.Conv1DReparameterization`): out = activation(conv(x, W) + b), W ~ q(W).
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv1DReparameterization extends VariationalConv {
  static className = 'Conv1DReparameterization';
  protected readonly estimator = 'reparameterization';

  constructor(args: VariationalConvArgs) {
    super(1, args);
  }
}
tf.serialization.registerClass(Conv1DReparameterization);

/** Factory of {@link Conv1DReparameterization}, as `tf.layers.conv1d`. */
export function conv1dReparameterization(args: VariationalConvArgs): Conv1DReparameterization {
  return new Conv1DReparameterization(args);
}

/**
 * A 2D convolution with a kernel posterior, one kernel draw per forward pass shared by the batch
 * (TFP's `tfp.layers.Conv2DReparameterization`): out = activation(conv(x, W) + b), W ~ q(W).
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv2DReparameterization extends VariationalConv {
  static className = 'Conv2DReparameterization';
  protected readonly estimator = 'reparameterization';

  constructor(args: VariationalConvArgs) {
    super(2, args);
  }
}
tf.serialization.registerClass(Conv2DReparameterization);

/** Factory of {@link Conv2DReparameterization}, as `tf.layers.conv2d`. */
export function conv2dReparameterization(args: VariationalConvArgs): Conv2DReparameterization {
  return new Conv2DReparameterization(args);
}

/**
 * A 3D convolution with a kernel posterior, one kernel draw per forward pass shared by the batch
 * (TFP's `tfp.layers.Conv3DReparameterization`): out = activation(conv(x, W) + b), W ~ q(W).
 * The KL of the posterior from the prior (times klWeight) is in the layer's losses.
 */
export class Conv3DReparameterization extends VariationalConv {
  static className = 'Conv3DReparameterization';
  protected readonly estimator = 'reparameterization';

  constructor(args: VariationalConvArgs) {
    super(3, args);
  }
}
tf.serialization.registerClass(Conv3DReparameterization);

/** Factory of {@link Conv3DReparameterization}, as `tf.layers.conv3d`. */
export function conv3dReparameterization(args: VariationalConvArgs): Conv3DReparameterization {
  return new Conv3DReparameterization(args);
}
