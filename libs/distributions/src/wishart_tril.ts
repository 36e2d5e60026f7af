import * as tf from '@tensorflow/tfjs';
import {
  Bijector,
  Chain,
  CholeskyOuterProduct,
  FillScaleTriL,
  FillTriangular,
  Softplus,
  TransformDiagonal,
} from '@tfjs-probability/bijectors';
import {cholesky, digamma, lgamma, matmul, matrixDiagPart, triangularSolve, tril} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {logRandomGamma} from './internal/log_random_gamma';
import {describeValues, isJsValue, TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {checkedScaleTril} from './multivariate_normal_tril';

export interface WishartTriLOptions extends DistributionOptions {
  /** Degrees of freedom, df > d - 1. */
  df: TensorLike;
  /** Lower-triangular L with a positive diagonal, batchShape + [d, d]; the scale matrix is S = L L^T. */
  scaleTril: TensorLike;
  /** Samples are, and logProb takes, Cholesky factors of the matrices (same density, that of X). */
  inputOutputCholesky?: boolean;
}

const LOG_2 = Math.log(2);
const LOG_PI = Math.log(Math.PI);

/**
 * The Wishart distribution over d x d symmetric positive-definite matrices with scale S = L L^T
 * (TFP's `tfd.WishartTriL`):
 * log p(X) = (df - d - 1)/2 log|X| - tr(S^-1 X)/2 - df d/2 log 2 - df/2 log|S| - log Gamma_d(df/2),
 * with Gamma_d the multivariate gamma function. Sampled by the Bartlett decomposition X = (L A)(L A)^T,
 * A lower triangular with A_ii = sqrt(chi2(df - i)) and standard normal entries below the diagonal.
 */
export class WishartTriL extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly df: tf.Tensor;
  readonly scaleTril: tf.Tensor;
  readonly inputOutputCholesky: boolean;
  readonly dimension: number;

  constructor(options: WishartTriLOptions) {
    super(
      {df: options.df, scaleTril: options.scaleTril, inputOutputCholesky: options.inputOutputCholesky},
      {name: 'WishartTriL', ...options},
    );
    const trilValue = checkedScaleTril(this.name, 'scaleTril', options.scaleTril, this.validateArgs);
    if (trilValue !== options.scaleTril) this.own(trilValue);
    this.scaleTril = this.param('scaleTril', trilValue, {eventNdims: 2});
    this.dimension = this.scaleTril.shape[this.scaleTril.rank - 1];
    this.df = this.param('df', options.df, {constraint: 'real'});
    if (isJsValue(options.df) || this.validateArgs) {
      const values = this.df.dataSync();
      const bad = values.findIndex((v) => !(v > this.dimension - 1));
      if (bad >= 0) {
        throw new Error(
          `${this.name}: parameter 'df' must be greater than dimension - 1 = ${this.dimension - 1}; received ${values[bad]}` +
            (this.df.rank === 0 ? '' : ` at flat index ${bad} of ${describeValues(values, this.df.shape)}`),
        );
      }
    }
    this.inputOutputCholesky = options.inputOutputCholesky ?? false;
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      df: {eventNdims: 0},
      scaleTril: {eventNdims: 2, defaultConstrainingBijector: () => new FillScaleTriL({diagShift: 1e-5})},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [this.dimension, this.dimension];
  }

  /** The scale matrix S = L L^T, batch + [d, d]. */
  private scale(): tf.Tensor {
    return matmul(this.scaleTril, this.scaleTril, false, true);
  }

  /** df with two trailing unit dims, to scale matrices. */
  private dfMatrix(): tf.Tensor {
    return tf.reshape(this.df, [...this.df.shape, 1, 1]);
  }

  /** log Gamma_d(a) = d(d-1)/4 log pi + sum_{j=0}^{d-1} lgamma(a - j/2). */
  private logMultivariateGamma(a: tf.Tensor): tf.Tensor {
    const d = this.dimension;
    const offsets = tf.range(0, d, 1, 'float32').div(2);
    return tf.add(tf.sum(lgamma(tf.sub(tf.expandDims(a, -1), offsets)), -1), (d * (d - 1) / 4) * LOG_PI);
  }

  /** log|L| = sum log L_ii. */
  private logDetScaleTril(): tf.Tensor {
    return tf.sum(tf.log(matrixDiagPart(this.scaleTril)), -1);
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const d = this.dimension;
    const shape = [n, ...this.batchShape];
    // A_ii^2 ~ chi2(df - i) = 2 Gamma((df - i)/2, 1); A_ii = exp((log 2 + log G) / 2) from a log-Gamma
    // draw, so that small df - i (df near d - 1) does not underflow to a singular factor.
    const chiDf = tf.sub(tf.expandDims(this.df, -1), tf.range(0, d, 1, 'float32'));
    const logGamma = logRandomGamma([...shape, d], tf.broadcastTo(tf.div(chiDf, 2), [...shape, d]), seed);
    const diagonal = tf.exp(tf.mul(0.5, tf.add(logGamma, LOG_2)));
    const normals = tf.randomNormal([...shape, d, d], 0, 1, 'float32', seed.next());
    const strictlyLower = tf.sub(tril(normals), tf.mul(normals, tf.eye(d)));
    const a = tf.add(strictlyLower, tf.mul(tf.expandDims(diagonal, -2), tf.eye(d)));
    const factor = matmul(tf.broadcastTo(this.scaleTril, [...this.batchShape, d, d]), a);
    return this.inputOutputCholesky ? factor : matmul(factor, factor, false, true);
  }

  /**
   * Lower-triangular factors with a softplus diagonal (TFP's Chain([TransformDiagonal(Softplus),
   * FillTriangular])), then CholeskyOuterProduct unless inputs are Cholesky factors.
   */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    const validateArgs = this.validateArgs;
    const tril = new Chain([
      new TransformDiagonal({diagBijector: new Softplus({validateArgs}), validateArgs}),
      new FillTriangular({validateArgs}),
    ]);
    return this.inputOutputCholesky ? tril : new Chain([new CholeskyOuterProduct({validateArgs}), tril]);
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const d = this.dimension;
    if (x.rank < 2 || x.shape[x.rank - 1] !== d || x.shape[x.rank - 2] !== d) {
      throw new Error(`${this.name}: input must have shape [..., ${d}, ${d}]; received [${x.shape}]`);
    }
    const chol = this.inputOutputCholesky ? x : cholesky(x);
    const logDetX = tf.mul(2, tf.sum(tf.log(matrixDiagPart(chol)), -1));
    // tr(S^-1 X) = |L^-1 C|_F^2 with X = C C^T.
    const trace = tf.sum(tf.square(triangularSolve(this.scaleTril, chol, true, false)), [-2, -1]);
    const logNormalizer = tf.add(
      tf.add(tf.mul(this.df, (d / 2) * LOG_2), tf.mul(this.df, this.logDetScaleTril())),
      this.logMultivariateGamma(tf.div(this.df, 2)),
    );
    return tf.sub(tf.sub(tf.mul(tf.div(tf.sub(this.df, d + 1), 2), logDetX), tf.div(trace, 2)), logNormalizer);
  }

  /** E[X] = df S. */
  protected override meanFn(): tf.Tensor {
    return tf.mul(this.dfMatrix(), this.scale());
  }

  /** (df - d - 1) S, defined for df >= d + 1 (NaN or an error otherwise, per allowNanStats). */
  protected override modeFn(): tf.Tensor {
    const mode = tf.broadcastTo(tf.mul(tf.sub(this.dfMatrix(), this.dimension + 1), this.scale()), [
      ...this.batchShape,
      ...this.eventShape,
    ]);
    const undefinedWhere = tf.broadcastTo(tf.less(this.dfMatrix(), this.dimension + 1), mode.shape);
    return this.undefinedStatistic('mode', mode, undefinedWhere);
  }

  /** Var[X_ij] = df (S_ij^2 + S_ii S_jj). */
  protected override varianceFn(): tf.Tensor {
    const s = this.scale();
    const diagonal = matrixDiagPart(s);
    return tf.mul(this.dfMatrix(), tf.add(tf.square(s), tf.mul(tf.expandDims(diagonal, -1), tf.expandDims(diagonal, -2))));
  }

  /**
   * H = (d+1)/2 log|S| + d(d+1)/2 log 2 + log Gamma_d(df/2) - (df - d - 1)/2 psi_d(df/2) + df d/2,
   * with psi_d(a) = sum_{j=0}^{d-1} digamma(a - j/2).
   */
  protected override entropyFn(): tf.Tensor {
    const d = this.dimension;
    const half = tf.div(this.df, 2);
    const psi = tf.sum(digamma(tf.sub(tf.expandDims(half, -1), tf.range(0, d, 1, 'float32').div(2))), -1);
    const terms = [
      tf.mul((d + 1), this.logDetScaleTril()),
      this.logMultivariateGamma(half),
      tf.neg(tf.mul(tf.div(tf.sub(this.df, d + 1), 2), psi)),
      tf.mul(this.df, d / 2),
    ];
    return tf.add(terms.reduce((a, b) => tf.add(a, b)), (d * (d + 1) / 2) * LOG_2);
  }
}
