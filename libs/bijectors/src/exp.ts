import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

/** TFP's `Exp`: `y = e^x`, `log|dy/dx| = x`. */
export class Exp extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'exp'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.exp(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.log(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.clone(x);
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log(y));
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.greater(v, 0), 'positive');
  }
}
