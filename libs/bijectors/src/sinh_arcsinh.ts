import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {logCosh} from '@tfjs-probability/math';
import {asinh, halfLog1pSquare} from './internal/ops';
import {checkParameter, TensorInput, toFloat} from './internal/params';

export interface SinhArcsinhOptions extends BijectorOptions {
  /** Default 0. */
  skewness?: TensorInput;
  /** `> 0`; default 1. */
  tailweight?: TensorInput;
}

/**
 * TFP's `SinhArcsinh`: `y = sinh((asinh(x) + skewness) * tailweight)`;
 * `log|dy/dx| = log tailweight + log cosh((asinh x + skewness) tailweight) - log(1 + x^2) / 2`.
 */
export class SinhArcsinh extends Bijector {
  readonly skewness: TensorInput;
  readonly tailweight: TensorInput;

  constructor(options: SinhArcsinhOptions = {}) {
    const {skewness = 0, tailweight = 1} = options;
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {skewness, tailweight}, defaultName: 'sinh_arcsinh'}, options);
    checkParameter('SinhArcsinh', 'skewness', skewness, Number.isFinite, 'finite', this.validateArgs);
    checkParameter('SinhArcsinh', 'tailweight', tailweight, (v) => v > 0 && Number.isFinite(v), 'positive and finite', this.validateArgs);
    this.skewness = skewness;
    this.tailweight = tailweight;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.sinh(tf.mul(tf.add(asinh(x), toFloat(this.skewness)), toFloat(this.tailweight)));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.sinh(tf.sub(tf.div(asinh(y), toFloat(this.tailweight)), toFloat(this.skewness)));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const tw = toFloat(this.tailweight);
    const inner = tf.mul(tf.add(asinh(x), toFloat(this.skewness)), tw);
    return tf.sub(tf.add(tf.log(tw), logCosh(inner)), halfLog1pSquare(x));
  }
}
