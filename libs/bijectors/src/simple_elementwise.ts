import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

/** TFP's `Expm1`: `y = e^x - 1`, `log|dy/dx| = x`; inverse `log1p(y)`. */
export class Expm1 extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'expm1'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.expm1(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.log1p(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.clone(x);
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log1p(y));
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.greater(v, -1), 'greater than -1');
  }
}

/** TFP's `Square`: `y = x^2` on x >= 0, `log|dy/dx| = log 2 + log x`. */
export class Square extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'square'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.square(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.sqrt(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.add(Math.LN2, tf.log(x));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'x', x, (v) => tf.greaterEqual(v, 0), 'non-negative');
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.greaterEqual(v, 0), 'non-negative');
  }
}

/** TFP's `Reciprocal`: `y = 1 / x` (x != 0), `log|dy/dx| = -2 log|x|`; its own inverse. */
export class Reciprocal extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'reciprocal'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.reciprocal(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.reciprocal(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.mul(-2, tf.log(tf.abs(x)));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'x', x, (v) => tf.notEqual(v, 0), 'nonzero');
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.notEqual(v, 0), 'nonzero');
  }
}
