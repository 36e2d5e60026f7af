import * as tf from '@tensorflow/tfjs';
import {matrixDiagPart, setDiag} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';

export interface TransformDiagonalOptions extends BijectorOptions {
  /** Applied to the diagonal (a vector); its forwardMinEventNdims must be 0 or 1. */
  diagBijector: Bijector;
}

/**
 * TFP's `TransformDiagonal`: applies a bijector to the diagonal of a matrix, leaving the other
 * entries; `log|det| = diagBijector.fldj(diag(x), 1)`.
 */
export class TransformDiagonal extends Bijector {
  readonly diagBijector: Bijector;

  constructor(options: TransformDiagonalOptions) {
    const b = options?.diagBijector;
    if (!(b instanceof Bijector)) throw new Error(`TransformDiagonal: 'diagBijector' must be a Bijector, got ${String(b)}`);
    if (b.forwardMinEventNdims > 1 || b.inverseMinEventNdims !== b.forwardMinEventNdims) {
      throw new Error(
        `TransformDiagonal: 'diagBijector' (${b.name}) must act on vectors (forward/inverse min event ndims 0 or 1, equal), ` +
          `got ${b.forwardMinEventNdims}/${b.inverseMinEventNdims}`,
      );
    }
    super(
      {forwardMinEventNdims: 2, inverseMinEventNdims: 2, isConstantJacobian: b.isConstantJacobian, parameters: {diagBijector: b}, defaultName: 'transform_diagonal'},
      options,
    );
    this.diagBijector = b;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return setDiag(x, this.diagBijector.forwardRaw(matrixDiagPart(x)));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return setDiag(y, this.diagBijector.inverseRaw(matrixDiagPart(y)));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return this.diagBijector.fldjAt(matrixDiagPart(x), 1);
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return this.diagBijector.ildjAt(matrixDiagPart(y), 1);
  }
}
