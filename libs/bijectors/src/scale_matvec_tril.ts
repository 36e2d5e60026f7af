import * as tf from '@tensorflow/tfjs';
import {matrixDiagPart, matvec, triangularSolve} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';
import {lowerTriangle} from './internal/ops';
import {checkParameter, shapeOf, TensorInput, toFloat} from './internal/params';

export interface ScaleMatvecTriLOptions extends BijectorOptions {
  /** Lower-triangular L [..., n, n] with nonzero diagonal; the upper triangle is ignored. */
  scaleTril: TensorInput;
  /** Multiply by L^T instead of L; default false. */
  adjoint?: boolean;
}

/** TFP's `ScaleMatvecTriL`: `y = L x` (or `L^T x`), `log|det| = sum_i log|L_ii|`; vector events. */
export class ScaleMatvecTriL extends Bijector {
  readonly scaleTril: TensorInput;
  readonly adjoint: boolean;

  constructor(options: ScaleMatvecTriLOptions) {
    const scaleTril = options?.scaleTril;
    if (scaleTril === undefined) throw new Error(`ScaleMatvecTriL: parameter 'scaleTril' is required`);
    const s = shapeOf(scaleTril);
    if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
      throw new Error(`ScaleMatvecTriL: parameter 'scaleTril' must be a (batch of) square matrices [..., n, n], got shape [${s}]`);
    }
    const adjoint = options.adjoint ?? false;
    super(
      {forwardMinEventNdims: 1, inverseMinEventNdims: 1, isConstantJacobian: true, parameters: {scaleTril, adjoint}, defaultName: 'scale_matvec_tril'},
      options,
    );
    if (!(scaleTril instanceof tf.Tensor) || this.validateArgs) {
      const diag = tf.tidy(() => Array.from(matrixDiagPart(toFloat(scaleTril)).dataSync()));
      checkParameter('ScaleMatvecTriL', 'diagonal of scaleTril', diag, (v) => v !== 0 && Number.isFinite(v), 'finite and nonzero', true);
    }
    this.scaleTril = scaleTril;
    this.adjoint = adjoint;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return matvec(lowerTriangle(toFloat(this.scaleTril)), x, this.adjoint);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.squeeze(triangularSolve(toFloat(this.scaleTril), tf.expandDims(y, -1), true, this.adjoint), [-1]);
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.sum(tf.log(tf.abs(matrixDiagPart(toFloat(this.scaleTril)))), -1);
  }
}
