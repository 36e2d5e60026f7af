import * as tf from '@tensorflow/tfjs';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorInversionOptions extends LinearOperatorHints {
  operator: LinearOperator;
}

/**
 * The inverse A^-1 of a square non-singular operator (`LinearOperatorInversion`): its matmul is
 * A's solve and its solve is A's matmul.
 */
export class LinearOperatorInversion extends LinearOperator {
  readonly operator: LinearOperator;

  constructor(options: LinearOperatorInversionOptions) {
    const op = options.operator;
    if (!op.isSquare || op.rangeDimension !== op.domainDimension || op.isNonSingular === false) {
      throw new Error(
        `LinearOperatorInversion: operator ${op.name} must be square and not hinted singular; ` +
          `got shape [${op.shape.join(', ')}], isNonSingular: ${op.isNonSingular}`,
      );
    }
    super(
      {
        isNonSingular: op.isNonSingular,
        isSelfAdjoint: op.isSelfAdjoint,
        isPositiveDefinite: op.isPositiveDefinite,
        isSquare: true,
        ...options,
        name: options.name ?? `${op.name}.inverse`,
      },
      'LinearOperatorInversion',
    );
    this.operator = op;
  }

  protected override shapeImpl(): number[] {
    return this.operator.shape;
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    return this.operator.solve(x, adjoint);
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    return this.operator.matmul(rhs, adjoint);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return tf.neg(this.operator.logAbsDeterminant());
  }

  protected override determinantImpl(): tf.Tensor {
    return tf.reciprocal(this.operator.determinant());
  }

  protected override inverseImpl(): LinearOperator {
    return this.operator;
  }
}
