import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

/** TFP's `Log` (the inverse of `Exp`): `y = log x`, `log|dy/dx| = -log x`. */
export class Log extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'log'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.log(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.exp(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log(x));
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return tf.clone(y);
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'x', x, (v) => tf.greater(v, 0), 'positive');
  }
}
