import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';

/** TFP's `Identity`: `y = x`, log-det 0. */
export class Identity extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, isConstantJacobian: true, parameters: {}, defaultName: 'identity'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.clone(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.clone(y);
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
}
