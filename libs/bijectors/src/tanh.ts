import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

/** TFP's `Tanh`: `y = tanh x`, `log|dy/dx| = 2 (log 2 - x - softplus(-2x))`. */
export class Tanh extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'tanh'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    // atanh(y) = (log1p(y) - log1p(-y)) / 2, accurate near 0 and near +-1.
    return tf.mul(0.5, tf.sub(tf.log1p(y), tf.log1p(tf.neg(y))));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.mul(2, tf.sub(tf.sub(Math.LN2, x), tf.softplus(tf.mul(-2, x))));
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.less(tf.abs(v), 1), 'in (-1, 1)');
  }
}
