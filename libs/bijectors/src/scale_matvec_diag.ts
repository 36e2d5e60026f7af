import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {checkParameter, shapeOf, TensorInput, toFloat} from './internal/params';

export interface ScaleMatvecDiagOptions extends BijectorOptions {
  /** The diagonal d [..., n] of the scale matrix; nonzero. */
  scaleDiag: TensorInput;
  /** Multiply by the adjoint (the same for a real diagonal); default false. */
  adjoint?: boolean;
}

/** TFP's `ScaleMatvecDiag`: `y = diag(d) x`, `log|det| = sum_i log|d_i|`; vector events. */
export class ScaleMatvecDiag extends Bijector {
  readonly scaleDiag: TensorInput;
  readonly adjoint: boolean;

  constructor(options: ScaleMatvecDiagOptions) {
    const scaleDiag = options?.scaleDiag;
    if (scaleDiag === undefined) throw new Error(`ScaleMatvecDiag: parameter 'scaleDiag' is required`);
    if (shapeOf(scaleDiag).length < 1) {
      throw new Error(`ScaleMatvecDiag: parameter 'scaleDiag' must have shape [..., n] (rank >= 1), got shape [${shapeOf(scaleDiag)}]`);
    }
    super(
      {forwardMinEventNdims: 1, inverseMinEventNdims: 1, isConstantJacobian: true, parameters: {scaleDiag, adjoint: options.adjoint ?? false}, defaultName: 'scale_matvec_diag'},
      options,
    );
    checkParameter('ScaleMatvecDiag', 'scaleDiag', scaleDiag, (v) => v !== 0 && Number.isFinite(v), 'finite and nonzero', this.validateArgs);
    this.scaleDiag = scaleDiag;
    this.adjoint = options.adjoint ?? false;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.mul(toFloat(this.scaleDiag), x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.div(y, toFloat(this.scaleDiag));
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.sum(tf.log(tf.abs(toFloat(this.scaleDiag))), -1);
  }
}
