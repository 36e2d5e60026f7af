import * as tf from '@tensorflow/tfjs';
import {TensorInput} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

/** Throws unless `numRows` is a positive integer. */
export function checkNumRows(numRows: number, name: string): void {
  if (!Number.isInteger(numRows) || numRows < 1) {
    throw new Error(`${name}: numRows must be a positive integer; got ${numRows}`);
  }
}

export interface LinearOperatorScaledIdentityOptions extends LinearOperatorHints {
  /** N, the size of the identity. */
  numRows: number;
  /** c, of shape batchShape: the operator is c I. */
  multiplier: TensorInput;
}

/**
 * c I_N for a (batch of) scalar(s) c (`LinearOperatorScaledIdentity`): matmul and solve scale,
 * log|det| = N log|c|.
 */
export class LinearOperatorScaledIdentity extends LinearOperator {
  readonly numRows: number;
  readonly multiplier: tf.Tensor;

  constructor(options: LinearOperatorScaledIdentityOptions) {
    const name = options.name ?? 'LinearOperatorScaledIdentity';
    checkNumRows(options.numRows, name);
    if (options.isSelfAdjoint === false || options.isSquare === false) {
      throw new Error(`${name}: a real scaled identity is square and self-adjoint; got isSelfAdjoint: ${options.isSelfAdjoint}, isSquare: ${options.isSquare}`);
    }
    super({...options, isSquare: true, isSelfAdjoint: true}, 'LinearOperatorScaledIdentity');
    this.numRows = options.numRows;
    this.multiplier = this.tensorArgument(options.multiplier, 'multiplier');
  }

  private scale(): tf.Tensor {
    return tf.expandDims(tf.expandDims(this.multiplier, -1), -1);
  }

  protected override shapeImpl(): number[] {
    return [...this.multiplier.shape, this.numRows, this.numRows];
  }

  protected override matmulImpl(x: tf.Tensor): tf.Tensor {
    return tf.mul(this.scale(), x);
  }

  protected override solveImpl(rhs: tf.Tensor): tf.Tensor {
    return tf.div(rhs, this.scale());
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    return tf.mul(this.numRows, tf.log(tf.abs(this.multiplier)));
  }

  protected override determinantImpl(): tf.Tensor {
    return tf.pow(this.multiplier, this.numRows);
  }

  protected override toDenseImpl(): tf.Tensor {
    return tf.mul(this.scale(), tf.eye(this.numRows));
  }

  protected override diagPartImpl(): tf.Tensor {
    return tf.mul(tf.expandDims(this.multiplier, -1), tf.ones([this.numRows]));
  }

  protected override traceImpl(): tf.Tensor {
    return tf.mul(this.numRows, this.multiplier);
  }

  protected override inverseImpl(): LinearOperator {
    return this.derived(tf.tidy(() => tf.reciprocal(this.multiplier)), this.isPositiveDefinite, `${this.name}.inverse`);
  }

  protected override choleskyImpl(): LinearOperator {
    return this.derived(tf.tidy(() => tf.sqrt(this.multiplier)), true, `${this.name}.cholesky`);
  }

  private derived(multiplier: tf.Tensor, isPositiveDefinite: boolean | undefined, name: string): LinearOperator {
    const op = new LinearOperatorScaledIdentity({
      numRows: this.numRows,
      multiplier,
      isNonSingular: this.isNonSingular,
      isPositiveDefinite,
      name,
    });
    op.ownTensors(multiplier);
    return op;
  }
}
