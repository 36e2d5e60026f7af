import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface SigmoidOptions extends BijectorOptions {
  /** Lower end of the range; default 0 (give both `low` and `high` or neither). */
  low?: TensorInput;
  /** Upper end of the range; default 1. */
  high?: TensorInput;
}

/**
 * TFP's `Sigmoid`: `y = low + (high - low) sigmoid(x)`, computed as `high sigmoid(x) + low sigmoid(-x)`;
 * `log|dy/dx| = log(high - low) - softplus(-x) - softplus(x)`.
 */
export class Sigmoid extends Bijector {
  readonly low: TensorInput | undefined;
  readonly high: TensorInput | undefined;

  constructor(options: SigmoidOptions = {}) {
    const {low, high} = options;
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {low, high}, defaultName: 'sigmoid'}, options);
    if ((low === undefined) !== (high === undefined)) {
      throw new Error(`Sigmoid: give both 'low' and 'high' or neither, got low=${low === undefined ? 'undefined' : 'a value'}, high=${high === undefined ? 'undefined' : 'a value'}`);
    }
    if (low !== undefined && high !== undefined) {
      checkParameter('Sigmoid', 'low', low, Number.isFinite, 'finite', this.validateArgs);
      checkParameter('Sigmoid', 'high', high, Number.isFinite, 'finite', this.validateArgs);
      if (this.validateArgs || !(low instanceof tf.Tensor || high instanceof tf.Tensor)) {
        const bad = tf.tidy(() => tf.any(tf.lessEqual(toFloat(high), toFloat(low))).dataSync()[0]);
        if (bad) throw new Error(`Sigmoid: parameter 'high' must exceed 'low' elementwise, got low=${JSON.stringify(low instanceof tf.Tensor ? low.arraySync() : low)}, high=${JSON.stringify(high instanceof tf.Tensor ? high.arraySync() : high)}`);
      }
    }
    this.low = low;
    this.high = high;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    if (this.low === undefined) return tf.sigmoid(x);
    return tf.add(tf.mul(toFloat(this.high as TensorInput), tf.sigmoid(x)), tf.mul(toFloat(this.low), tf.sigmoid(tf.neg(x))));
  }

  protected _inverse(y: tf.Tensor): tf.Tensor {
    if (this.low === undefined) return tf.sub(tf.log(y), tf.log1p(tf.neg(y)));
    return tf.sub(tf.log(tf.sub(y, toFloat(this.low))), tf.log(tf.sub(toFloat(this.high as TensorInput), y)));
  }

  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const base = tf.neg(tf.add(tf.softplus(tf.neg(x)), tf.softplus(x)));
    if (this.low === undefined) return base;
    return tf.add(base, tf.log(tf.sub(toFloat(this.high as TensorInput), toFloat(this.low))));
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    const low = this.low === undefined ? 0 : toFloat(this.low);
    const high = this.high === undefined ? 1 : toFloat(this.high);
    assertElements(this.name, method, 'y', y, (v) => tf.logicalAnd(tf.greater(v, low), tf.less(v, high)), 'strictly between low and high');
  }
}
