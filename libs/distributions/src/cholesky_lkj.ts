import * as tf from '@tensorflow/tfjs';
import {Bijector, CorrelationCholesky} from '@tfjs-probability/bijectors';
import {matrixDiagPart} from '@tfjs-probability/math';
import {LKJBase, LKJBaseOptions} from './internal/lkj_base';
import {SeedStream} from './internal/seed';

export type CholeskyLKJOptions = LKJBaseOptions;

/**
 * The distribution of the Cholesky factor L of an LKJ correlation matrix (TFP's
 * `tfd.CholeskyLKJ`): with R = L L^T ~ LKJ(c), the change of variables on the strictly lower
 * entries (Jacobian prod_i L_ii^(d-1-i)) gives
 * log p(L) = sum_i (2(c - 1) + d - 1 - i) log L_ii - log Z(c, d), i = 0..d-1.
 * Sampled exactly by the onion method.
 */
export class CholeskyLKJ extends LKJBase {
  constructor(options: CholeskyLKJOptions) {
    super({dimension: options.dimension, concentration: options.concentration}, {name: 'CholeskyLKJ', ...options});
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.sampleCholesky(n, seed);
  }

  /** The support is Cholesky factors of correlation matrices: CorrelationCholesky. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new CorrelationCholesky({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    this.assertMatrixShape(x);
    this.assertEntries(x, (v, i, j) => (j > i ? v === 0 : i !== j || v > 0), 'lower triangular with a positive diagonal');
    const d = this.dimension;
    const powers = tf.add(
      tf.expandDims(tf.mul(2, tf.sub(this.concentration, 1)), -1),
      tf.range(d - 1, -1, -1, 'float32'),
    );
    const logDiagonal = tf.log(matrixDiagPart(x));
    return tf.sub(tf.sum(tf.mul(powers, logDiagonal), -1), this.logNormalization());
  }
}
