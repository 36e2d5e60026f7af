import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {checkPermutation, invertPermutation} from './internal/shapes';

export interface TransposeOptions extends BijectorOptions {
  /** Permutation of the rightmost `perm.length` dims. */
  perm?: number[];
  /** With no `perm`: reverse the rightmost this-many dims. */
  rightmostTransposedNdims?: number;
}

/** TFP's `Transpose`: permutes the rightmost dims of `x` by `perm`; log-det 0. */
export class Transpose extends Bijector {
  readonly perm: readonly number[];

  constructor(options: TransposeOptions) {
    const {perm, rightmostTransposedNdims} = options ?? {};
    let p: number[];
    if (perm !== undefined) {
      if (!Array.isArray(perm)) throw new Error(`Transpose: parameter 'perm' must be an array, got ${JSON.stringify(perm)}`);
      checkPermutation('Transpose', 'perm', perm);
      if (rightmostTransposedNdims !== undefined && rightmostTransposedNdims !== perm.length) {
        throw new Error(`Transpose: 'rightmostTransposedNdims' (${rightmostTransposedNdims}) must equal perm.length (${perm.length})`);
      }
      p = perm.slice();
    } else if (rightmostTransposedNdims !== undefined) {
      if (!Number.isInteger(rightmostTransposedNdims) || rightmostTransposedNdims < 0) {
        throw new Error(`Transpose: parameter 'rightmostTransposedNdims' must be a non-negative integer, got ${rightmostTransposedNdims}`);
      }
      p = Array.from({length: rightmostTransposedNdims}, (_, i) => rightmostTransposedNdims - 1 - i);
    } else {
      throw new Error(`Transpose: give 'perm' or 'rightmostTransposedNdims'`);
    }
    super(
      {forwardMinEventNdims: p.length, inverseMinEventNdims: p.length, isConstantJacobian: true, parameters: {perm, rightmostTransposedNdims}, defaultName: 'transpose'},
      options,
    );
    this.perm = p;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.permute(x, this.perm);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.permute(y, invertPermutation(this.perm));
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    const k = this.perm.length;
    const b = shape.length - k;
    return [...shape.slice(0, b), ...this.perm.map((p) => shape[b + p])];
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    const inv = invertPermutation(this.perm);
    const b = shape.length - inv.length;
    return [...shape.slice(0, b), ...inv.map((p) => shape[b + p])];
  }

  private permute(v: tf.Tensor, perm: readonly number[]): tf.Tensor {
    const b = v.rank - perm.length;
    return tf.transpose(v, [...Array.from({length: b}, (_, i) => i), ...perm.map((p) => b + p)]);
  }
}
