import * as tf from '@tensorflow/tfjs';
import {FillScaleTriL} from '@tfjs-probability/bijectors';
import {LinearOperatorLowerTriangular, matrixDiagPart} from '@tfjs-probability/math';
import {DistributionOptions, ParameterProperties} from './distribution';
import {mvnTrilHalfMahalanobis} from './internal/mvn_tril_log_prob';
import {TensorLike} from './internal/parameters';
import {MultivariateNormalLinearOperator} from './multivariate_normal_linear_operator';

const LOG_TWO_PI = Math.log(2 * Math.PI);

export interface MultivariateNormalTriLOptions extends DistributionOptions {
  /** Mean, batchShape + [d]; zero when omitted. */
  loc?: TensorLike;
  /** Lower-triangular L with a nonzero diagonal, batchShape + [d, d]; the covariance is L L^T. */
  scaleTril: TensorLike;
}

/**
 * The multivariate normal with a Cholesky-factor scale (TFP's `tfd.MultivariateNormalTriL`):
 * X = loc + L Z; solves by substitution, log|det L| = sum log|L_ii|. The strict upper triangle of
 * `scaleTril` is ignored, as in TFP.
 */
export class MultivariateNormalTriL extends MultivariateNormalLinearOperator {
  readonly scaleTril: tf.Tensor;

  constructor(options: MultivariateNormalTriLOptions) {
    const name = options.name ?? 'MultivariateNormalTriL';
    const tril = checkedScaleTril(name, 'scaleTril', options.scaleTril, options.validateArgs ?? false);
    super({...options, name, scale: new LinearOperatorLowerTriangular({tril, isNonSingular: true})}, {
      loc: options.loc,
      scaleTril: options.scaleTril,
    });
    this.scaleTril = tril;
    if (tril !== options.scaleTril) this.own(tril);
  }

  /**
   * One factor and at most one mean (no batch): -|L^-1 (x - loc)|^2 / 2 for all points in one
   * fused kernel with an analytic gradient (internal/mvn_tril_log_prob), then - log|det L| - d log(2 pi) / 2.
   * Batched parameters take the generic solve.
   */
  protected override logProbFn(x: tf.Tensor): tf.Tensor {
    const d = this.scale.domainDimension;
    const loc = this.loc;
    if (this.scaleTril.rank !== 2 || (loc !== undefined && loc.rank !== 1) || x.rank < 1 || x.shape[x.rank - 1] !== d || x.size === 0) {
      return super.logProbFn(x);
    }
    const rows = tf.reshape(x, [-1, d]);
    const q = mvnTrilHalfMahalanobis(rows, loc ?? tf.zeros([d]), this.scaleTril);
    return tf.sub(tf.reshape(q, x.shape.slice(0, -1)), tf.add(this.scale.logAbsDeterminant(), 0.5 * d * LOG_TWO_PI));
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 1},
      scaleTril: {eventNdims: 2, defaultConstrainingBijector: () => new FillScaleTriL({diagShift: 1e-5})},
    };
  }
}

/**
 * Converts and checks a Cholesky factor: square in its last two dims, and (for JS values always,
 * for tensors with validateArgs) finite with a nonzero diagonal, i.e. non-singular.
 */
export function checkedScaleTril(name: string, parameter: string, value: TensorLike, validate: boolean): tf.Tensor {
  const tril = value instanceof tf.Tensor ? value : tf.tensor(value as tf.TensorLike, undefined, 'float32');
  const s = tril.shape;
  if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
    if (tril !== value) tril.dispose();
    throw new Error(`${name}: parameter '${parameter}' must have shape batchShape + [d, d]; received shape [${s}]`);
  }
  if (!(value instanceof tf.Tensor) || validate) {
    const diag = tf.tidy(() => matrixDiagPart(tril).dataSync());
    const bad = diag.findIndex((v) => !(Number.isFinite(v) && v !== 0));
    if (bad >= 0) {
      if (tril !== value) tril.dispose();
      throw new Error(
        `${name}: parameter '${parameter}' must be a non-singular lower-triangular factor (finite, nonzero diagonal); ` +
          `received diagonal entry ${diag[bad]} at flat index ${bad}`,
      );
    }
  }
  return tril;
}
