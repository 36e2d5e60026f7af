import * as tf from '@tensorflow/tfjs';
import {ndtr, ndtri} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** TFP's `NormalCDF`: `y = Phi(x)` (standard normal CDF), `log|dy/dx| = -x^2/2 - log(2 pi)/2`. */
export class NormalCDF extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'normal_cdf'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return ndtr(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return ndtri(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.sub(tf.mul(-0.5, tf.square(x)), HALF_LOG_TWO_PI);
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.logicalAnd(tf.greater(v, 0), tf.less(v, 1)), 'in (0, 1)');
  }
}
