import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';
import {shapeString} from './internal/shapes';

/**
 * TFP's `SoftmaxCentered`: R^n -> the open simplex in R^(n+1), `y = softmax([x, 0])`;
 * inverse `x_i = log y_i - log y_n`. The log-det is over the first n coordinates of y:
 * `log|det| = sum_i log y_i` over all n+1 entries.
 */
export class SoftmaxCentered extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 1, inverseMinEventNdims: 1, parameters: {}, defaultName: 'softmax_centered'}, options);
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.softmax(this.pad(x));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const n = y.shape[y.rank - 1] - 1;
    if (n < 1) throw new Error(`${this.name}.inverse: y must have at least 2 entries on its last axis, got shape ${shapeString(y.shape)}`);
    const logY = tf.log(y);
    const [head, last] = tf.split(logY, [n, 1], -1);
    return tf.sub(head, last);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const padded = this.pad(x);
    const n1 = padded.shape[padded.rank - 1];
    return tf.sub(tf.sum(x, -1), tf.mul(n1, tf.logSumExp(padded, -1)));
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return tf.neg(tf.sum(tf.log(y), -1));
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }

  private pad(x: tf.Tensor): tf.Tensor {
    return tf.pad(x, [...x.shape.slice(0, -1).map((): [number, number] => [0, 0]), [0, 1]]);
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.greater(v, 0), 'positive (a point of the open simplex)');
    // float32 sums of a few entries are exact to ~1e-6; 1e-4 only catches inputs off the simplex.
    assertElements(this.name, method, 'sum of y over the last axis', tf.sum(y, -1), (s) => tf.less(tf.abs(tf.sub(s, 1)), 1e-4), '1');
  }
}
