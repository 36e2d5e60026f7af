import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity} from '@tfjs-probability/bijectors';
import {LinearOperator} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED} from './distribution';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface MultivariateNormalLinearOperatorOptions extends DistributionOptions {
  /** Mean, batchShape + [d]; zero when omitted. */
  loc?: TensorLike;
  /** A square, non-singular LinearOperator S (batchShape + [d, d]); the covariance is S S^T. */
  scale: LinearOperator;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * The multivariate normal X = loc + S Z, Z ~ N(0, I_d), with S a LinearOperator (TFP's
 * `tfd.MultivariateNormalLinearOperator`): log p(x) = -|S^-1 (x - loc)|^2 / 2 - d log(2 pi) / 2
 * - log|det S|. The structure of S (diagonal, triangular, ...) sets the cost of solve and log-det;
 * MultivariateNormalDiag, TriL and FullCovariance are this class with a given S.
 */
export class MultivariateNormalLinearOperator extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor | undefined;
  readonly scale: LinearOperator;

  constructor(options: MultivariateNormalLinearOperatorOptions, parameters?: Record<string, unknown>) {
    super(parameters ?? {loc: options.loc, scale: options.scale}, {name: 'MultivariateNormalLinearOperator', ...options});
    if (!(options.scale instanceof LinearOperator)) {
      throw new Error(`${this.name}: 'scale' must be a LinearOperator; received ${String(options.scale)}`);
    }
    if (!options.scale.isSquare) {
      throw new Error(`${this.name}: 'scale' must be square; received an operator of shape [${options.scale.shape}]`);
    }
    this.scale = options.scale;
    const d = this.scale.domainDimension;
    this.recordBatchShape('scale', this.scale.batchShape);
    if (options.loc !== undefined) {
      this.loc = this.param('loc', options.loc, {eventNdims: 1, constraint: 'finite'});
      const locDim = this.loc.shape[this.loc.rank - 1];
      if (locDim !== d) {
        throw new Error(
          `${this.name}: 'loc' has event size ${locDim} (shape [${this.loc.shape}]) but 'scale' is ${d} x ${d}`,
        );
      }
    }
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [this.scale.domainDimension];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const shape = [n, ...this.batchShape, ...this.eventShape];
    const z = tf.randomNormal(shape, 0, 1, 'float32', seed.next());
    const x = this.scale.matvec(z);
    return this.loc === undefined ? tf.broadcastTo(x, shape) : tf.add(x, this.loc);
  }

  /** The support is R^k: Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const centred = this.loc === undefined ? x : tf.sub(x, this.loc);
    const z = this.scale.solvevec(centred);
    const d = this.scale.domainDimension;
    return tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), -1)), tf.add(this.scale.logAbsDeterminant(), 0.5 * d * LOG_TWO_PI));
  }

  protected override meanFn(): tf.Tensor {
    return this.loc ?? tf.zeros(this.eventShape);
  }

  protected override modeFn(): tf.Tensor {
    return this.meanFn();
  }

  /** Covariance S S^T, batchShape + [d, d]. */
  protected override covarianceFn(): tf.Tensor {
    const dense = this.scale.toDense();
    const cov = tf.matMul(dense, dense, false, true);
    return tf.broadcastTo(cov, [...this.batchShape, ...this.eventShape, ...this.eventShape]);
  }

  /** Variances: the diagonal of S S^T, the squared norms of the rows of S. */
  protected override varianceFn(): tf.Tensor {
    return tf.sum(tf.square(this.scale.toDense()), -1);
  }

  /** H = d (1 + log 2 pi) / 2 + log|det S|. */
  protected override entropyFn(): tf.Tensor {
    const d = this.scale.domainDimension;
    return tf.add(this.scale.logAbsDeterminant(), 0.5 * d * (1 + LOG_TWO_PI));
  }
}

/**
 * KL(a || b) = (tr(Sb^-1 Sa Sa^T Sb^-T) + |Sb^-1 (mb - ma)|^2 - d) / 2 + log|det Sb| - log|det Sa|,
 * with the trace as the squared Frobenius norm of Sb^-1 Sa.
 */
registerKL(MultivariateNormalLinearOperator, MultivariateNormalLinearOperator, (a, b) => {
  const d = a.scale.domainDimension;
  if (b.scale.domainDimension !== d) {
    throw new Error(`KL(${a.name} || ${b.name}): event sizes differ (${d} vs ${b.scale.domainDimension})`);
  }
  const ratio = b.scale.solve(a.scale.toDense());
  const trace = tf.sum(tf.square(ratio), [-2, -1]);
  const zero = tf.zeros([d]);
  const meanDiff = tf.sub(b.loc ?? zero, a.loc ?? zero);
  const mahalanobis = tf.sum(tf.square(b.scale.solvevec(meanDiff)), -1);
  const logDets = tf.sub(b.scale.logAbsDeterminant(), a.scale.logAbsDeterminant());
  return tf.add(tf.mul(0.5, tf.sub(tf.add(trace, mahalanobis), d)), logDets);
});
