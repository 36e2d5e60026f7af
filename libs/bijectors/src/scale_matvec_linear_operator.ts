import * as tf from '@tensorflow/tfjs';
import {LinearOperator} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';

export interface ScaleMatvecLinearOperatorOptions extends BijectorOptions {
  /** A square, non-singular (batch of) operator(s) A [..., n, n]; it stays the caller's (not disposed). */
  scale: LinearOperator;
  /** Multiply by A^T instead; default false. */
  adjoint?: boolean;
}

/**
 * TFP's `ScaleMatvecLinearOperator`: `y = A x` for a LinearOperator A (diagonal, triangular,
 * low-rank update, ...), inverse `A^-1 y` through the operator's solve, `log|det| = log|det A|`.
 */
export class ScaleMatvecLinearOperator extends Bijector {
  readonly scale: LinearOperator;
  readonly adjoint: boolean;

  constructor(options: ScaleMatvecLinearOperatorOptions) {
    const scale = options?.scale;
    if (!(scale instanceof LinearOperator)) {
      throw new Error(`ScaleMatvecLinearOperator: parameter 'scale' must be a LinearOperator, got ${String(scale)}`);
    }
    if (!scale.isSquare) {
      throw new Error(`ScaleMatvecLinearOperator: parameter 'scale' (${scale.name}) must be square, got shape [${scale.shape}]`);
    }
    if (scale.isNonSingular === false) {
      throw new Error(`ScaleMatvecLinearOperator: parameter 'scale' (${scale.name}) must be non-singular, got isNonSingular: false`);
    }
    const adjoint = options.adjoint ?? false;
    super(
      {forwardMinEventNdims: 1, inverseMinEventNdims: 1, isConstantJacobian: true, parameters: {scale, adjoint}, defaultName: 'scale_matvec_linear_operator'},
      options,
    );
    this.scale = scale;
    this.adjoint = adjoint;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.scale.matvec(x, this.adjoint);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.scale.solvevec(y, this.adjoint);
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return this.scale.logAbsDeterminant();
  }
}
