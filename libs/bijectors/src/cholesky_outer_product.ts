import * as tf from '@tensorflow/tfjs';
import {cholesky, matmul, matrixDiagPart} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements} from './internal/params';

/**
 * TFP's `CholeskyOuterProduct`: lower-triangular L with positive diagonal -> positive-definite
 * `Y = L L^T`; inverse by Cholesky. On the n(n+1)/2 free coordinates,
 * `log|det| = n log 2 + sum_i (n - i) log L_ii` (i = 0..n-1).
 */
export class CholeskyOuterProduct extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 2, inverseMinEventNdims: 2, parameters: {}, defaultName: 'cholesky_outer_product'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return matmul(x, x, false, true);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return cholesky(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const n = x.shape[x.rank - 1];
    const weights = tf.tensor1d(Array.from({length: n}, (_, i) => n - i));
    const logDiag = tf.log(tf.abs(matrixDiagPart(x)));
    return tf.add(n * Math.LN2, tf.sum(tf.mul(weights, logDiag), -1));
  }
  protected override _checkX(x: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'the diagonal of x', matrixDiagPart(x), (d) => tf.greater(d, 0), 'positive (x is a Cholesky factor)');
  }
}
