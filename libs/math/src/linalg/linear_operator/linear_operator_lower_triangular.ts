import * as tf from '@tensorflow/tfjs';
import {triangle} from '../band';
import {matrixDiagPart} from '../diag';
import {matmul} from '../matmul';
import {shapeString, TensorInput} from '../shape_util';
import {triangularSolve} from '../triangular_solve';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorLowerTriangularOptions extends LinearOperatorHints {
  /** batchShape + [N, N]; only the lower triangle (diagonal included) is used. */
  tril: TensorInput;
}

/**
 * A (batch of) lower-triangular N x N matrices (`LinearOperatorLowerTriangular`): solve by
 * substitution (O(N^2) per column), log|det| = sum log|L_ii|.
 */
export class LinearOperatorLowerTriangular extends LinearOperator {
  /** The argument as given; `lower()` is its lower triangle. */
  readonly tril: tf.Tensor;

  constructor(options: LinearOperatorLowerTriangularOptions) {
    const name = options.name ?? 'LinearOperatorLowerTriangular';
    if (options.isSquare === false) {
      throw new Error(`${name}: a triangular operator is square; got isSquare: false`);
    }
    super({...options, isSquare: true}, 'LinearOperatorLowerTriangular');
    this.tril = this.tensorArgument(options.tril, 'tril');
    const s = this.tril.shape;
    if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
      this.dispose();
      throw new Error(`${this.name}: tril must have shape batchShape + [N, N]; got ${shapeString(s)}`);
    }
  }

  /** The lower triangle of `tril` (the matrix this operator is). */
  lower(): tf.Tensor {
    return triangle(this.tril, true);
  }

  protected override shapeImpl(): number[] {
    return this.tril.shape;
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    return matmul(this.lower(), x, adjoint, false);
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    return triangularSolve(this.tril, rhs, true, adjoint);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return tf.sum(tf.log(tf.abs(matrixDiagPart(this.tril))), -1);
  }

  protected override determinantImpl(): tf.Tensor {
    return tf.prod(matrixDiagPart(this.tril), -1);
  }

  protected override toDenseImpl(): tf.Tensor {
    return this.lower();
  }

  protected override diagPartImpl(): tf.Tensor {
    return matrixDiagPart(this.tril);
  }
}
