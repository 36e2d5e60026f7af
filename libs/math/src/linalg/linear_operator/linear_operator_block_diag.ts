import * as tf from '@tensorflow/tfjs';
import {broadcastAllShapes, broadcastToShape, shapeString} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorBlockDiagOptions extends LinearOperatorHints {
  /** [A_1, ..., A_p], the diagonal blocks. */
  operators: LinearOperator[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The block-diagonal operator diag(A_1, ..., A_p) (`LinearOperatorBlockDiag`): matmul and solve
 * split the argument's rows and work block by block, log|det| is the sum over blocks.
 */
export class LinearOperatorBlockDiag extends LinearOperator {
  readonly operators: LinearOperator[];

  constructor(options: LinearOperatorBlockDiagOptions) {
    const ops = options.operators;
    const name = options.name ?? 'LinearOperatorBlockDiag';
    if (ops.length === 0) {
      throw new Error(`${name}: operators must be a non-empty array`);
    }
    broadcastAllShapes(ops.map((op) => op.batchShape), name);
    const all = (f: (op: LinearOperator) => boolean | undefined) => (ops.every((op) => f(op) === true) ? true : undefined);
    super(
      {
        isNonSingular: all((op) => op.isNonSingular),
        isSelfAdjoint: all((op) => op.isSelfAdjoint),
        isPositiveDefinite: all((op) => op.isPositiveDefinite),
        isSquare: ops.every((op) => op.rangeDimension === op.domainDimension) ? true : undefined,
        ...options,
        name,
      },
      'LinearOperatorBlockDiag',
    );
    this.operators = [...ops];
  }

  protected override shapeImpl(): number[] {
    const batch = broadcastAllShapes(this.operators.map((op) => op.batchShape), this.name);
    return [
      ...batch,
      sum(this.operators.map((op) => op.rangeDimension)),
      sum(this.operators.map((op) => op.domainDimension)),
    ];
  }

  /** Concatenates per-block results along `axis` after broadcasting their batch dimensions. */
  private static concatBlocks(parts: tf.Tensor[], trailing: number, axis: number): tf.Tensor {
    const batch = broadcastAllShapes(parts.map((part) => part.shape.slice(0, part.rank - trailing)), 'LinearOperatorBlockDiag');
    return tf.concat(
      parts.map((part) => broadcastToShape(part, [...batch, ...part.shape.slice(part.rank - trailing)])),
      axis,
    );
  }

  private blockwise(x: tf.Tensor, rowsPerBlock: number[], apply: (op: LinearOperator, t: tf.Tensor) => tf.Tensor): tf.Tensor {
    const pieces = tf.split(x, rowsPerBlock, x.rank - 2);
    return LinearOperatorBlockDiag.concatBlocks(
      pieces.map((piece, i) => apply(this.operators[i], piece)),
      2,
      -2,
    );
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    const rows = this.operators.map((op) => (adjoint ? op.rangeDimension : op.domainDimension));
    return this.blockwise(x, rows, (op, t) => op.matmul(t, adjoint));
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    this.assertBlocksSquare('solve');
    return this.blockwise(rhs, this.operators.map((op) => op.domainDimension), (op, t) => op.solve(t, adjoint));
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    this.assertBlocksSquare('logAbsDeterminant');
    return this.operators.map((op) => op.logAbsDeterminant()).reduce((a, b) => tf.add(a, b));
  }

  protected override determinantImpl(): tf.Tensor {
    this.assertBlocksSquare('determinant');
    return this.operators.map((op) => op.determinant()).reduce((a, b) => tf.mul(a, b));
  }

  protected override toDenseImpl(): tf.Tensor {
    const n = this.domainDimension;
    let column = 0;
    const rows = this.operators.map((op) => {
      const dense = op.toDense();
      const padding = dense.shape.slice(0, -1).map((): [number, number] => [0, 0]);
      const padded = tf.pad(dense, [...padding, [column, n - column - op.domainDimension]]);
      column += op.domainDimension;
      return padded;
    });
    return LinearOperatorBlockDiag.concatBlocks(rows, 2, -2);
  }

  protected override diagPartImpl(): tf.Tensor {
    if (this.operators.some((op) => op.rangeDimension !== op.domainDimension)) {
      return super.diagPartImpl();
    }
    return LinearOperatorBlockDiag.concatBlocks(this.operators.map((op) => op.diagPart()), 1, -1);
  }

  protected override traceImpl(): tf.Tensor {
    if (this.operators.some((op) => op.rangeDimension !== op.domainDimension)) {
      return super.traceImpl();
    }
    return this.operators.map((op) => op.trace()).reduce((a, b) => tf.add(a, b));
  }

  protected override adjointImpl(): LinearOperator {
    return this.blockOperator((op) => op.adjoint(), 'adjoint');
  }

  protected override inverseImpl(): LinearOperator {
    this.assertBlocksSquare('inverse');
    return this.blockOperator((op) => op.inverse(), 'inverse');
  }

  protected override choleskyImpl(): LinearOperator {
    return this.blockOperator((op) => op.cholesky(), 'cholesky');
  }

  private blockOperator(f: (op: LinearOperator) => LinearOperator, what: string): LinearOperator {
    const mark = LinearOperator.serialMark();
    const blocks = this.operators.map(f);
    const result = new LinearOperatorBlockDiag({operators: blocks, name: `${this.name}.${what}`});
    result.ownOperatorsBuiltSince(mark, blocks);
    return result;
  }

  private assertBlocksSquare(method: string): void {
    const bad = this.operators.find((op) => op.rangeDimension !== op.domainDimension);
    if (bad !== undefined) {
      throw new Error(`${this.name}.${method}: needs square blocks; ${bad.name} has shape ${shapeString(bad.shape)}`);
    }
  }
}
