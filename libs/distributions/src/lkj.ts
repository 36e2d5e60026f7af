import * as tf from '@tensorflow/tfjs';
import {Bijector, Chain, CholeskyOuterProduct, CorrelationCholesky} from '@tfjs-probability/bijectors';
import {choleskyLogDeterminant, logAbsDeterminant, matmul} from '@tfjs-probability/math';
import {LKJBase, LKJBaseOptions} from './internal/lkj_base';
import {SeedStream} from './internal/seed';

export interface LKJOptions extends LKJBaseOptions {
  /** Samples are, and logProb takes, Cholesky factors of the correlation matrices (same density). */
  inputOutputCholesky?: boolean;
}

/**
 * The LKJ distribution over d x d correlation matrices (TFP's `tfd.LKJ`):
 * p(R) = det(R)^(c - 1) / Z(c, d), with Z the integral of det^(c-1) over correlation matrices
 * (density with respect to Lebesgue measure on the d(d-1)/2 off-diagonal entries). c = 1 is
 * uniform. Each correlation is 2B - 1 with B ~ Beta(c - 1 + d/2, c - 1 + d/2). Sampled exactly by
 * the onion method. With `inputOutputCholesky`, samples and inputs are Cholesky factors; the
 * density is still that of R.
 */
export class LKJ extends LKJBase {
  readonly inputOutputCholesky: boolean;

  constructor(options: LKJOptions) {
    super(
      {dimension: options.dimension, concentration: options.concentration, inputOutputCholesky: options.inputOutputCholesky},
      {name: 'LKJ', ...options},
    );
    this.inputOutputCholesky = options.inputOutputCholesky ?? false;
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const chol = this.sampleCholesky(n, seed);
    if (this.inputOutputCholesky) return chol;
    // R = L L^T with its diagonal set to exactly 1.
    const product = matmul(chol, chol, false, true);
    return tf.where(tf.cast(tf.eye(this.dimension), 'bool'), tf.onesLike(product), product);
  }

  /** CorrelationCholesky, followed by CholeskyOuterProduct unless inputs are Cholesky factors (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    const cholesky = new CorrelationCholesky({validateArgs: this.validateArgs});
    if (this.inputOutputCholesky) return cholesky;
    return new Chain([new CholeskyOuterProduct({validateArgs: this.validateArgs}), cholesky]);
  }

  /** log p(R) = (c - 1) log det R - log Z; log det R = 2 sum log diag L for Cholesky input. */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    this.assertMatrixShape(x);
    if (!this.inputOutputCholesky) {
      // A correlation matrix: entries in [-1, 1], unit diagonal, symmetric (to float32 rounding).
      this.assertEntries(
        x,
        (v, i, j, at) => Math.abs(v) <= 1 && (i !== j || Math.abs(v - 1) <= 1e-5) && Math.abs(v - at(j, i)) <= 1e-5,
        'a correlation matrix (entries in [-1, 1], unit diagonal, symmetric)',
      );
    }
    const logDet = this.inputOutputCholesky ? choleskyLogDeterminant(x) : logAbsDeterminant(x);
    return tf.sub(tf.mul(tf.sub(this.concentration, 1), logDet), this.logNormalization());
  }

  /** The identity: the distribution is invariant under flipping the sign of any variable. */
  protected override meanFn(): tf.Tensor {
    return tf.eye(this.dimension);
  }
}
