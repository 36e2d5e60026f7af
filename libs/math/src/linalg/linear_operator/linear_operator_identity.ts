import * as tf from '@tensorflow/tfjs';
import {shapeString} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import {checkNumRows} from './linear_operator_scaled_identity';
import './wrappers';

export interface LinearOperatorIdentityOptions extends LinearOperatorHints {
  /** N, the size of the identity. */
  numRows: number;
  /** Batch shape of the operator (default []): matmul broadcasts its argument to it. */
  batchShape?: number[];
}

/** The identity I_N, optionally batched (`LinearOperatorIdentity`): every method is O(1) work. */
export class LinearOperatorIdentity extends LinearOperator {
  readonly numRows: number;
  private readonly identityBatchShape: number[];

  constructor(options: LinearOperatorIdentityOptions) {
    const name = options.name ?? 'LinearOperatorIdentity';
    checkNumRows(options.numRows, name);
    const batchShape = options.batchShape ?? [];
    if (!batchShape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`${name}: batchShape must hold non-negative integers; got ${shapeString(batchShape)}`);
    }
    for (const hint of ['isNonSingular', 'isSelfAdjoint', 'isPositiveDefinite', 'isSquare'] as const) {
      if (options[hint] === false) {
        throw new Error(`${name}: the identity is non-singular, self-adjoint, positive definite and square; got ${hint}: false`);
      }
    }
    super(
      {...options, isNonSingular: true, isSelfAdjoint: true, isPositiveDefinite: true, isSquare: true},
      'LinearOperatorIdentity',
    );
    this.numRows = options.numRows;
    this.identityBatchShape = [...batchShape];
  }

  protected override shapeImpl(): number[] {
    return [...this.identityBatchShape, this.numRows, this.numRows];
  }

  protected override matmulImpl(x: tf.Tensor): tf.Tensor {
    return x;
  }

  protected override solveImpl(rhs: tf.Tensor): tf.Tensor {
    return rhs;
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return tf.zeros(this.identityBatchShape);
  }

  protected override determinantImpl(): tf.Tensor {
    return tf.ones(this.identityBatchShape);
  }

  protected override toDenseImpl(): tf.Tensor {
    return tf.eye(this.numRows);
  }

  protected override diagPartImpl(): tf.Tensor {
    return tf.ones([this.numRows]);
  }

  protected override traceImpl(): tf.Tensor {
    return tf.scalar(this.numRows);
  }

  protected override inverseImpl(): LinearOperator {
    return this;
  }

  protected override choleskyImpl(): LinearOperator {
    return this;
  }
}
