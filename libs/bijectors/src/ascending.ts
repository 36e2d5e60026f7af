import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {cumsum} from './internal/ops';
import {assertElements} from './internal/params';

/**
 * TFP's `Ascending`: R^n -> strictly increasing vectors, `y_0 = x_0`, `y_i = y_(i-1) + exp(x_i)`;
 * `log|det| = sum_(i>=1) x_i`. Inverse `x_0 = y_0`, `x_i = log(y_i - y_(i-1))`.
 */
export class Ascending extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 1, inverseMinEventNdims: 1, parameters: {}, defaultName: 'ascending'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    const [head, tail] = splitFirst(x);
    return cumsum(tf.concat([head, tf.exp(tail)], -1), -1);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const [head, tail] = splitFirst(y);
    const n = y.shape[y.rank - 1];
    const previous = tf.slice(y, y.shape.map(() => 0), [...y.shape.slice(0, -1), n - 1]);
    return tf.concat([head, tf.log(tf.sub(tail, previous))], -1);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.sum(splitFirst(x)[1], -1);
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    if (y.shape[y.rank - 1] < 2) return;
    const [, tail] = splitFirst(y);
    const previous = tf.slice(y, y.shape.map(() => 0), [...y.shape.slice(0, -1), y.shape[y.rank - 1] - 1]);
    assertElements(this.name, method, 'the increments of y', tf.sub(tail, previous), (d) => tf.greater(d, 0), 'positive (y strictly increasing)');
  }
}

function splitFirst(v: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const n = v.shape[v.rank - 1];
  const [head, tail] = tf.split(v, [1, n - 1], -1);
  return [head, tail];
}
