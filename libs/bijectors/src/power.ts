import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface PowerOptions extends BijectorOptions {
  /** Nonzero exponent. */
  power: TensorInput;
}

/**
 * TFP's `Power`: `y = x^power` on x > 0 (on all reals for odd integer powers, as `sign(x)|x|^power`);
 * `log|dy/dx| = log|power| + (power - 1) log|x|`.
 */
export class Power extends Bijector {
  readonly power: TensorInput;

  constructor(options: PowerOptions) {
    if (options?.power === undefined) throw new Error(`Power: parameter 'power' is required`);
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {power: options.power}, defaultName: 'power'}, options);
    checkParameter('Power', 'power', options.power, (v) => v !== 0 && Number.isFinite(v), 'finite and nonzero', this.validateArgs);
    this.power = options.power;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.mul(tf.sign(x), tf.pow(tf.abs(x), toFloat(this.power)));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.mul(tf.sign(y), tf.pow(tf.abs(y), tf.reciprocal(toFloat(this.power))));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const p = toFloat(this.power);
    return tf.add(tf.log(tf.abs(p)), tf.mul(tf.sub(p, 1), tf.log(tf.abs(x))));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    const p = this.power;
    if (typeof p === 'number' && Number.isInteger(p) && Math.abs(p % 2) === 1) return;
    assertElements(this.name, method, 'x', x, (v) => tf.greaterEqual(v, 0), 'non-negative (power is not an odd integer)');
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    this._checkX(y, method);
  }
}
