import * as tf from '@tensorflow/tfjs';
import {matrixDiag} from '../diag';
import {shapeString, TensorInput} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorDiagOptions extends LinearOperatorHints {
  /** The diagonal, batchShape + [N]. */
  diag: TensorInput;
}

/**
 * A (batch of) diagonal N x N matrices (`LinearOperatorDiag`): matmul and solve are O(N) per
 * column, log|det| = sum log|d_i|.
 */
export class LinearOperatorDiag extends LinearOperator {
  readonly diag: tf.Tensor;

  constructor(options: LinearOperatorDiagOptions) {
    const name = options.name ?? 'LinearOperatorDiag';
    if (options.isSquare === false) {
      throw new Error(`${name}: a diagonal operator is square; got isSquare: false`);
    }
    if (options.isSelfAdjoint === false) {
      throw new Error(`${name}: a real diagonal operator is self-adjoint; got isSelfAdjoint: false`);
    }
    super({...options, isSquare: true, isSelfAdjoint: true}, 'LinearOperatorDiag');
    this.diag = this.tensorArgument(options.diag, 'diag');
    if (this.diag.rank < 1) {
      this.dispose();
      throw new Error(`${this.name}: diag must have rank >= 1 (batchShape + [N]); got shape ${shapeString(this.diag.shape)}`);
    }
  }

  protected override shapeImpl(): number[] {
    return [...this.diag.shape, this.diag.shape[this.diag.rank - 1]];
  }

  protected override matmulImpl(x: tf.Tensor): tf.Tensor {
    return tf.mul(tf.expandDims(this.diag, -1), x);
  }

  protected override solveImpl(rhs: tf.Tensor): tf.Tensor {
    return tf.div(rhs, tf.expandDims(this.diag, -1));
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return tf.sum(tf.log(tf.abs(this.diag)), -1);
  }

  protected override determinantImpl(): tf.Tensor {
    return tf.prod(this.diag, -1);
  }

  protected override toDenseImpl(): tf.Tensor {
    return matrixDiag(this.diag);
  }

  protected override diagPartImpl(): tf.Tensor {
    return this.diag;
  }

  protected override traceImpl(): tf.Tensor {
    return tf.sum(this.diag, -1);
  }

  protected override inverseImpl(): LinearOperator {
    return this.derived(tf.tidy(() => tf.reciprocal(this.diag)), this.isPositiveDefinite, `${this.name}.inverse`);
  }

  protected override choleskyImpl(): LinearOperator {
    return this.derived(tf.tidy(() => tf.sqrt(this.diag)), true, `${this.name}.cholesky`);
  }

  private derived(diag: tf.Tensor, isPositiveDefinite: boolean | undefined, name: string): LinearOperatorDiag {
    const op = new LinearOperatorDiag({diag, isNonSingular: this.isNonSingular, isPositiveDefinite, name});
    op.ownTensors(diag);
    return op;
  }
}
