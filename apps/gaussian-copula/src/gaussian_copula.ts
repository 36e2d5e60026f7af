import * as tf from '@tensorflow/tfjs';
import {Bijector, Blockwise, NormalCDF} from '@tfjs-probability/bijectors';
import {MultivariateNormalTriL, TransformedDistribution, type TensorLike} from '@tfjs-probability/distributions';

export interface GaussianCopulaTriLOptions {
  /** Lower-triangular Cholesky factor of a correlation matrix (rows of unit norm). */
  scaleTril: TensorLike;
}

/**
 * A Gaussian copula (TFP's Gaussian-copula tutorial): U = Phi(Z) elementwise with
 * Z ~ MVN(0, L L^T) and L L^T a correlation matrix, so each U_i is Uniform(0, 1) and the
 * dependence is Gaussian. log c(u) = log N(Phi^-1(u); 0, L L^T) - sum_i log phi(Phi^-1(u_i)).
 */
export class GaussianCopulaTriL extends TransformedDistribution {
  constructor(options: GaussianCopulaTriLOptions) {
    super({
      distribution: new MultivariateNormalTriL({scaleTril: options.scaleTril}),
      bijector: new NormalCDF(),
      name: 'GaussianCopulaTriL',
    });
  }
}

export interface WarpedGaussianCopulaOptions extends GaussianCopulaTriLOptions {
  /**
   * One bijector per coordinate mapping (0, 1) onto that marginal's support: the inverse of the
   * marginal's CDF, e.g. `new Invert({bijector: new KumaraswamyCDF(...)})`.
   */
  marginalBijectors: Bijector[];
}

/**
 * A distribution with given marginals and a Gaussian copula: X_i = F_i^-1(U_i) with U from
 * GaussianCopulaTriL, built with a Blockwise bijector of the marginals' inverse CDFs.
 * log p(x) = log c(F_1(x_1), ..., F_d(x_d)) + sum_i log f_i(x_i).
 */
export class WarpedGaussianCopula extends TransformedDistribution {
  readonly copula: GaussianCopulaTriL;

  constructor(options: WarpedGaussianCopulaOptions) {
    const copula = new GaussianCopulaTriL(options);
    const d = copula.eventShape[0];
    if (options.marginalBijectors.length !== d) {
      throw new Error(
        `WarpedGaussianCopula: 'marginalBijectors' must hold one bijector per coordinate (${d}); received ${options.marginalBijectors.length}`,
      );
    }
    super({
      distribution: copula,
      bijector: new Blockwise({bijectors: options.marginalBijectors, blockSizes: options.marginalBijectors.map(() => 1)}),
      name: 'WarpedGaussianCopula',
    });
    this.copula = copula;
  }
}

/** The Cholesky factor of the 2 x 2 correlation matrix [[1, rho], [rho, 1]]. */
export function bivariateCorrelationTril(rho: number): number[][] {
  if (!(rho > -1 && rho < 1)) {
    throw new Error(`bivariateCorrelationTril: rho must be in (-1, 1); received ${rho}`);
  }
  return [[1, 0], [rho, Math.sqrt(1 - rho * rho)]];
}

/** Sample Pearson correlation of the two columns of x [n, 2]. */
export function sampleCorrelation(x: tf.Tensor): number {
  return tf.tidy(() => {
    const centred = tf.sub(x, tf.mean(x, 0));
    const cov = tf.div(tf.matMul(centred, centred, true, false), x.shape[0]).arraySync() as number[][];
    return cov[0][1] / Math.sqrt(cov[0][0] * cov[1][1]);
  });
}
