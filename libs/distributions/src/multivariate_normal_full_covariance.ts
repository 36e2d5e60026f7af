import * as tf from '@tensorflow/tfjs';
import {cholesky, LinearOperatorLowerTriangular, matrixTranspose} from '@tfjs-probability/math';
import {DistributionOptions} from './distribution';
import {TensorLike} from './internal/parameters';
import {MultivariateNormalLinearOperator} from './multivariate_normal_linear_operator';

export interface MultivariateNormalFullCovarianceOptions extends DistributionOptions {
  /** Mean, batchShape + [d]; zero when omitted. */
  loc?: TensorLike;
  /** Symmetric positive-definite covariance, batchShape + [d, d]. */
  covarianceMatrix: TensorLike;
}

/**
 * The multivariate normal with a full covariance matrix (TFP's
 * `tfd.MultivariateNormalFullCovariance`), scale = cholesky(covarianceMatrix).
 */
export class MultivariateNormalFullCovariance extends MultivariateNormalLinearOperator {
  readonly covarianceMatrix: tf.Tensor;

  constructor(options: MultivariateNormalFullCovarianceOptions) {
    const name = options.name ?? 'MultivariateNormalFullCovariance';
    const cov = options.covarianceMatrix instanceof tf.Tensor
      ? options.covarianceMatrix
      : tf.tensor(options.covarianceMatrix as tf.TensorLike, undefined, 'float32');
    const s = cov.shape;
    if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
      if (cov !== options.covarianceMatrix) cov.dispose();
      throw new Error(`${name}: parameter 'covarianceMatrix' must have shape batchShape + [d, d]; received shape [${s}]`);
    }
    const tril = cholesky(cov);
    if (!(options.covarianceMatrix instanceof tf.Tensor) || options.validateArgs) {
      const asymmetry = tf.tidy(() => tf.max(tf.abs(tf.sub(cov, matrixTranspose(cov)))).dataSync()[0]);
      const finite = tf.tidy(() => tf.all(tf.isFinite(tril)).dataSync()[0]);
      if (!(asymmetry <= 1e-6 * Math.max(1, tf.tidy(() => tf.max(tf.abs(cov)).dataSync()[0]))) || !finite) {
        tril.dispose();
        if (cov !== options.covarianceMatrix) cov.dispose();
        throw new Error(
          `${name}: parameter 'covarianceMatrix' must be symmetric positive definite; ` +
            (finite ? `it is not symmetric (max |C - C^T| = ${asymmetry})` : 'its Cholesky factorisation failed'),
        );
      }
    }
    super({...options, name, scale: new LinearOperatorLowerTriangular({tril, isNonSingular: true})}, {
      loc: options.loc,
      covarianceMatrix: options.covarianceMatrix,
    });
    this.covarianceMatrix = cov;
    this.own(tril);
    if (cov !== options.covarianceMatrix) this.own(cov);
  }

  protected override covarianceFn(): tf.Tensor {
    return tf.broadcastTo(this.covarianceMatrix, [...this.batchShape, ...this.eventShape, ...this.eventShape]);
  }
}
