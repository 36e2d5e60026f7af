import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface KumaraswamyCDFOptions extends BijectorOptions {
  /** `a > 0`; default 1. */
  concentration1?: TensorInput;
  /** `b > 0`; default 1. */
  concentration0?: TensorInput;
}

/**
 * TFP's `KumaraswamyCDF`: `y = 1 - (1 - x^a)^b` on [0, 1];
 * `log|dy/dx| = log a + log b + (a - 1) log x + (b - 1) log(1 - x^a)`.
 */
export class KumaraswamyCDF extends Bijector {
  readonly concentration1: TensorInput;
  readonly concentration0: TensorInput;

  constructor(options: KumaraswamyCDFOptions = {}) {
    const {concentration1 = 1, concentration0 = 1} = options;
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {concentration1, concentration0}, defaultName: 'kumaraswamy_cdf'}, options);
    const positive = (v: number) => v > 0 && Number.isFinite(v);
    checkParameter('KumaraswamyCDF', 'concentration1', concentration1, positive, 'positive and finite', this.validateArgs);
    checkParameter('KumaraswamyCDF', 'concentration0', concentration0, positive, 'positive and finite', this.validateArgs);
    this.concentration1 = concentration1;
    this.concentration0 = concentration0;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    const a = toFloat(this.concentration1);
    const b = toFloat(this.concentration0);
    // 1 - exp(b log(1 - x^a)), with x^a = exp(a log x).
    return tf.neg(tf.expm1(tf.mul(b, tf.log1p(tf.neg(tf.pow(x, a))))));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const a = toFloat(this.concentration1);
    const b = toFloat(this.concentration0);
    return tf.pow(tf.neg(tf.expm1(tf.div(tf.log1p(tf.neg(y)), b))), tf.reciprocal(a));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const a = toFloat(this.concentration1);
    const b = toFloat(this.concentration0);
    const logA = tf.log(a);
    const logB = tf.log(b);
    return tf.add(tf.add(logA, logB), tf.add(tf.mul(tf.sub(a, 1), tf.log(x)), tf.mul(tf.sub(b, 1), tf.log1p(tf.neg(tf.pow(x, a))))));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'x', x, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, 1)), 'in [0, 1]');
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, 1)), 'in [0, 1]');
  }
}
