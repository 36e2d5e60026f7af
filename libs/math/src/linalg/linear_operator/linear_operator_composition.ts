import * as tf from '@tensorflow/tfjs';
import {broadcastAllShapes, shapeString} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorCompositionOptions extends LinearOperatorHints {
  /** [A_1, ..., A_p], composed as A_1 A_2 ... A_p. */
  operators: LinearOperator[];
}

/**
 * The product A_1 A_2 ... A_p of operators (`LinearOperatorComposition`), applied factor by
 * factor: matmul right to left, solve as A_p^-1 ... A_1^-1, log|det| as a sum.
 */
export class LinearOperatorComposition extends LinearOperator {
  readonly operators: LinearOperator[];

  constructor(options: LinearOperatorCompositionOptions) {
    const ops = options.operators;
    const name = options.name ?? 'LinearOperatorComposition';
    if (ops.length === 0) {
      throw new Error(`${name}: operators must be a non-empty array`);
    }
    for (let i = 0; i + 1 < ops.length; i++) {
      if (ops[i].domainDimension !== ops[i + 1].rangeDimension) {
        throw new Error(
          `${name}: operators[${i}] (${ops[i].name}, shape ${shapeString(ops[i].shape)}) cannot be composed with ` +
            `operators[${i + 1}] (${ops[i + 1].name}, shape ${shapeString(ops[i + 1].shape)}); expected ` +
            `operators[${i + 1}] to have ${ops[i].domainDimension} rows`,
        );
      }
    }
    const all = (f: (op: LinearOperator) => boolean | undefined) => (ops.every((op) => f(op) === true) ? true : undefined);
    super(
      {
        isNonSingular: all((op) => op.isNonSingular),
        isSquare: ops[0].rangeDimension === ops[ops.length - 1].domainDimension ? undefined : false,
        ...options,
      },
      'LinearOperatorComposition',
    );
    this.operators = [...ops];
    broadcastAllShapes(ops.map((op) => op.batchShape), this.name);
  }

  protected override shapeImpl(): number[] {
    const batch = broadcastAllShapes(this.operators.map((op) => op.batchShape), this.name);
    return [...batch, this.operators[0].rangeDimension, this.operators[this.operators.length - 1].domainDimension];
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    const order = adjoint ? this.operators : [...this.operators].reverse();
    return order.reduce((acc, op) => op.matmul(acc, adjoint), x);
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    this.assertFactorsSquare('solve');
    const order = adjoint ? [...this.operators].reverse() : this.operators;
    return order.reduce((acc, op) => op.solve(acc, adjoint), rhs);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    this.assertFactorsSquare('logAbsDeterminant');
    return this.operators.map((op) => op.logAbsDeterminant()).reduce((a, b) => tf.add(a, b));
  }

  protected override determinantImpl(): tf.Tensor {
    this.assertFactorsSquare('determinant');
    return this.operators.map((op) => op.determinant()).reduce((a, b) => tf.mul(a, b));
  }

  protected override adjointImpl(): LinearOperator {
    const mark = LinearOperator.serialMark();
    const adjoints = [...this.operators].reverse().map((op) => op.adjoint());
    const result = new LinearOperatorComposition({operators: adjoints, name: `${this.name}.adjoint`});
    result.ownOperatorsBuiltSince(mark, adjoints);
    return result;
  }

  private assertFactorsSquare(method: string): void {
    const bad = this.operators.find((op) => op.rangeDimension !== op.domainDimension);
    if (bad !== undefined) {
      throw new Error(
        `${this.name}.${method}: needs square factors; ${bad.name} has shape ${shapeString(bad.shape)}`,
      );
    }
  }
}
