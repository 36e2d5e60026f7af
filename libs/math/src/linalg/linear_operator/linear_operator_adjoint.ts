import * as tf from '@tensorflow/tfjs';
import {matrixTranspose} from '../matmul';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorAdjointOptions extends LinearOperatorHints {
  operator: LinearOperator;
}

/** The adjoint A^H of an operator, computed through A's own methods (`LinearOperatorAdjoint`). */
export class LinearOperatorAdjoint extends LinearOperator {
  readonly operator: LinearOperator;

  constructor(options: LinearOperatorAdjointOptions) {
    const op = options.operator;
    super(
      {
        isNonSingular: op.isNonSingular,
        isSelfAdjoint: op.isSelfAdjoint,
        isPositiveDefinite: op.isPositiveDefinite,
        isSquare: op.isSquare,
        ...options,
        name: options.name ?? `${op.name}.adjoint`,
      },
      'LinearOperatorAdjoint',
    );
    this.operator = op;
  }

  protected override shapeImpl(): number[] {
    const s = this.operator.shape;
    return [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    return this.operator.matmul(x, !adjoint);
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    return this.operator.solve(rhs, !adjoint);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return this.operator.logAbsDeterminant();
  }

  protected override determinantImpl(): tf.Tensor {
    return this.operator.determinant();
  }

  protected override toDenseImpl(): tf.Tensor {
    return matrixTranspose(this.operator.toDense());
  }

  protected override diagPartImpl(): tf.Tensor {
    return this.operator.diagPart();
  }

  protected override traceImpl(): tf.Tensor {
    return this.operator.trace();
  }

  protected override adjointImpl(): LinearOperator {
    return this.operator;
  }
}
