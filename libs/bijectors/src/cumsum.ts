import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {cumsum} from './internal/ops';

export interface CumsumOptions extends BijectorOptions {
  /** A negative axis; default -1. forwardMinEventNdims = -axis. */
  axis?: number;
}

/** TFP's `Cumsum`: cumulative sum along a (negative) axis; unit lower-triangular Jacobian, log-det 0. */
export class Cumsum extends Bijector {
  readonly axis: number;

  constructor(options: CumsumOptions = {}) {
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis) || axis >= 0) throw new Error(`Cumsum: parameter 'axis' must be a negative integer, got ${axis}`);
    super({forwardMinEventNdims: -axis, inverseMinEventNdims: -axis, isConstantJacobian: true, parameters: {axis}, defaultName: 'cumsum'}, options);
    this.axis = axis;
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return cumsum(x, this.axis);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const axis = y.rank + this.axis;
    const n = y.shape[axis];
    const begin = y.shape.map(() => 0);
    const size = y.shape.slice();
    size[axis] = n - 1;
    const previous = tf.slice(y, begin, size);
    const padding = y.shape.map((): [number, number] => [0, 0]);
    padding[axis] = [1, 0];
    return tf.sub(y, tf.pad(previous, padding));
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
}
