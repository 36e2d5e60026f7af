import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {checkPermutation, invertPermutation, shapeString} from './internal/shapes';

export interface PermuteOptions extends BijectorOptions {
  /** A permutation of 0..n-1 applied along `axis`: `y[..., i] = x[..., permutation[i]]`. */
  permutation: number[];
  /** A negative axis; default -1. forwardMinEventNdims = -axis. */
  axis?: number;
}

/** TFP's `Permute`: reorders the entries along one (negative) axis; log-det 0. */
export class Permute extends Bijector {
  readonly permutation: readonly number[];
  readonly axis: number;

  constructor(options: PermuteOptions) {
    const {permutation, axis = -1} = options ?? ({} as PermuteOptions);
    if (!Array.isArray(permutation)) throw new Error(`Permute: parameter 'permutation' must be an array, got ${JSON.stringify(permutation)}`);
    checkPermutation('Permute', 'permutation', permutation);
    if (!Number.isInteger(axis) || axis >= 0) {
      throw new Error(`Permute: parameter 'axis' must be a negative integer, got ${axis}`);
    }
    super(
      {forwardMinEventNdims: -axis, inverseMinEventNdims: -axis, isConstantJacobian: true, parameters: {permutation, axis}, defaultName: 'permute'},
      options,
    );
    this.permutation = permutation.slice();
    this.axis = axis;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.gather(x, this.permutation, 'forward');
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.gather(y, invertPermutation(this.permutation), 'inverse');
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }

  private gather(v: tf.Tensor, perm: readonly number[], method: string): tf.Tensor {
    const axis = v.rank + this.axis;
    if (axis < 0 || v.shape[axis] !== perm.length) {
      throw new Error(`${this.name}.${method}: input of shape ${shapeString(v.shape)} must have size ${perm.length} along axis ${this.axis}`);
    }
    return tf.gather(v, tf.tensor1d(perm as number[], 'int32'), axis);
  }
}
