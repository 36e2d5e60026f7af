import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface WeibullCDFOptions extends BijectorOptions {
  /** `s > 0`; default 1. */
  scale?: TensorInput;
  /** `k > 0`; default 1. */
  concentration?: TensorInput;
}

/**
 * TFP's `WeibullCDF`: `y = 1 - exp(-(x/s)^k)` on x >= 0;
 * `log|dy/dx| = log k - log s + (k - 1) log(x/s) - (x/s)^k`.
 */
export class WeibullCDF extends Bijector {
  readonly scale: TensorInput;
  readonly concentration: TensorInput;

  constructor(options: WeibullCDFOptions = {}) {
    const {scale = 1, concentration = 1} = options;
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {scale, concentration}, defaultName: 'weibull_cdf'}, options);
    const positive = (v: number) => v > 0 && Number.isFinite(v);
    checkParameter('WeibullCDF', 'scale', scale, positive, 'positive and finite', this.validateArgs);
    checkParameter('WeibullCDF', 'concentration', concentration, positive, 'positive and finite', this.validateArgs);
    this.scale = scale;
    this.concentration = concentration;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    const k = toFloat(this.concentration);
    return tf.neg(tf.expm1(tf.neg(tf.pow(tf.div(x, toFloat(this.scale)), k))));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const k = toFloat(this.concentration);
    return tf.mul(toFloat(this.scale), tf.pow(tf.neg(tf.log1p(tf.neg(y))), tf.reciprocal(k)));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const k = toFloat(this.concentration);
    const s = toFloat(this.scale);
    const logZ = tf.sub(tf.log(x), tf.log(s));
    return tf.sub(tf.add(tf.sub(tf.log(k), tf.log(s)), tf.mul(tf.sub(k, 1), logZ)), tf.exp(tf.mul(k, logZ)));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'x', x, (v) => tf.greaterEqual(v, 0), 'non-negative');
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.less(v, 1)), 'in [0, 1)');
  }
}
