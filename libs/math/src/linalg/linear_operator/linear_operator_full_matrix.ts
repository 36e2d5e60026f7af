import * as tf from '@tensorflow/tfjs';
import {cholesky} from '../cholesky';
import {choleskyLogDeterminant} from '../log_det';
import {matmul} from '../matmul';
import {shapeString, TensorInput} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorFullMatrixOptions extends LinearOperatorHints {
  /** batchShape + [M, N]. */
  matrix: TensorInput;
}

/**
 * A (batch of) dense M x N matrices (`LinearOperatorFullMatrix`). solve and log|det| use
 * Cholesky when hinted self-adjoint positive definite, LU otherwise.
 */
export class LinearOperatorFullMatrix extends LinearOperator {
  readonly matrix: tf.Tensor;

  constructor(options: LinearOperatorFullMatrixOptions) {
    super(options, 'LinearOperatorFullMatrix');
    this.matrix = this.tensorArgument(options.matrix, 'matrix');
    const s = this.matrix.shape;
    if (s.length < 2) {
      this.dispose();
      throw new Error(`${this.name}: matrix must have shape batchShape + [M, N]; got ${shapeString(s)}`);
    }
    if (options.isSquare === true && s[s.length - 1] !== s[s.length - 2]) {
      this.dispose();
      throw new Error(`${this.name}: hinted isSquare: true but matrix has shape ${shapeString(s)}`);
    }
  }

  private get spd(): boolean {
    return this.isSelfAdjoint === true && this.isPositiveDefinite === true;
  }

  protected override shapeImpl(): number[] {
    return this.matrix.shape;
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    return matmul(this.matrix, x, adjoint, false);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return this.spd ? choleskyLogDeterminant(cholesky(this.matrix)) : super.logAbsDeterminantImpl();
  }

  protected override determinantImpl(): tf.Tensor {
    return this.spd ? tf.exp(this.logAbsDeterminantImpl()) : super.determinantImpl();
  }

  protected override toDenseImpl(): tf.Tensor {
    return this.matrix;
  }
}
