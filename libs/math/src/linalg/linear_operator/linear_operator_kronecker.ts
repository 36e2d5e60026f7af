import * as tf from '@tensorflow/tfjs';
import {broadcastAllShapes, shapeString} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorKroneckerOptions extends LinearOperatorHints {
  /** [A_1, ..., A_p]; the operator is A_1 ⊗ A_2 ⊗ ... ⊗ A_p. */
  operators: LinearOperator[];
}

const product = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * The Kronecker product A_1 ⊗ ... ⊗ A_p (`LinearOperatorKronecker`), never formed densely:
 * (A ⊗ B) vec(X) = vec(A X B^T) applies each factor to its own axis of the reshaped argument,
 * so matmul and solve cost a factor's matmul/solve per axis; log|det| = sum_i (N / n_i) log|det A_i|.
 */
export class LinearOperatorKronecker extends LinearOperator {
  readonly operators: LinearOperator[];

  constructor(options: LinearOperatorKroneckerOptions) {
    const ops = options.operators;
    const name = options.name ?? 'LinearOperatorKronecker';
    if (ops.length === 0) {
      throw new Error(`${name}: operators must be a non-empty array`);
    }
    broadcastAllShapes(ops.map((op) => op.batchShape), name);
    const all = (f: (op: LinearOperator) => boolean | undefined) => (ops.every((op) => f(op) === true) ? true : undefined);
    const selfAdjoint = all((op) => op.isSelfAdjoint);
    super(
      {
        isNonSingular: all((op) => op.isNonSingular),
        isSelfAdjoint: selfAdjoint,
        isPositiveDefinite: selfAdjoint === true ? all((op) => op.isPositiveDefinite) : undefined,
        isSquare: ops.every((op) => op.isSquare) ? true : undefined,
        ...options,
        name,
      },
      'LinearOperatorKronecker',
    );
    this.operators = [...ops];
  }

  protected override shapeImpl(): number[] {
    const batch = broadcastAllShapes(this.operators.map((op) => op.batchShape), this.name);
    return [
      ...batch,
      product(this.operators.map((op) => op.rangeDimension)),
      product(this.operators.map((op) => op.domainDimension)),
    ];
  }

  /**
   * Applies `apply(op_j, .)` along axis j of x reshaped to [..., d_1, ..., d_p, K]: axis j is
   * moved to the row position with every other axis (K included) flattened into the columns.
   */
  private applyFactors(x: tf.Tensor, inDims: number[], apply: (op: LinearOperator, t: tf.Tensor) => tf.Tensor): tf.Tensor {
    const p = this.operators.length;
    const k = x.shape[x.rank - 1];
    let current = tf.reshape(x, [...x.shape.slice(0, -2), ...inDims, k]);
    for (let j = 0; j < p; j++) {
      const b = current.rank - p - 1;
      const lead = Array.from({length: b}, (_, i) => i);
      const rest = Array.from({length: p + 1}, (_, i) => b + i).filter((axis) => axis !== b + j);
      const perm = [...lead, b + j, ...rest];
      const moved = tf.transpose(current, perm);
      const restShape = moved.shape.slice(b + 1);
      const applied = apply(this.operators[j], tf.reshape(moved, [...moved.shape.slice(0, b), moved.shape[b], product(restShape)]));
      const batch = applied.shape.slice(0, -2);
      const c = batch.length;
      const unflattened = tf.reshape(applied, [...batch, applied.shape[applied.rank - 2], ...restShape]);
      // Move the factor's axis (now at c) back between the rest's first j axes and the others.
      const back = [
        ...Array.from({length: c}, (_, i) => i),
        ...Array.from({length: j}, (_, i) => c + 1 + i),
        c,
        ...Array.from({length: p - j}, (_, i) => c + 1 + j + i),
      ];
      current = tf.transpose(unflattened, back);
    }
    const outDims = current.shape.slice(current.rank - p - 1, -1);
    return tf.reshape(current, [...current.shape.slice(0, current.rank - p - 1), product(outDims), k]);
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    const inDims = this.operators.map((op) => (adjoint ? op.rangeDimension : op.domainDimension));
    return this.applyFactors(x, inDims, (op, t) => op.matmul(t, adjoint));
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    this.assertFactorsSquare('solve');
    return this.applyFactors(rhs, this.operators.map((op) => op.domainDimension), (op, t) => op.solve(t, adjoint));
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    this.assertFactorsSquare('logAbsDeterminant');
    const n = this.domainDimension;
    return this.operators
      .map((op) => tf.mul(n / op.domainDimension, op.logAbsDeterminant()))
      .reduce((a, b) => tf.add(a, b));
  }

  protected override determinantImpl(): tf.Tensor {
    this.assertFactorsSquare('determinant');
    const n = this.domainDimension;
    return this.operators
      .map((op) => tf.pow(op.determinant(), n / op.domainDimension))
      .reduce((a, b) => tf.mul(a, b));
  }

  /** Kronecker product of two batches of matrices (or, with `vectors`, of vectors). */
  private static kron(a: tf.Tensor, b: tf.Tensor, vectors: boolean): tf.Tensor {
    if (vectors) {
      const out = tf.mul(tf.expandDims(a, -1), tf.expandDims(b, -2));
      return tf.reshape(out, [...out.shape.slice(0, -2), out.shape[out.rank - 2] * out.shape[out.rank - 1]]);
    }
    // a[..., i, 1, j, 1] * b[..., 1, k, 1, l] -> [..., i k, j l]
    const left = tf.expandDims(tf.expandDims(a, -1), -3);
    const right = tf.expandDims(tf.expandDims(b, -2), -4);
    const out = tf.mul(left, right);
    const s = out.shape;
    return tf.reshape(out, [...s.slice(0, -4), s[s.length - 4] * s[s.length - 3], s[s.length - 2] * s[s.length - 1]]);
  }

  protected override toDenseImpl(): tf.Tensor {
    return this.operators.map((op) => op.toDense()).reduce((a, b) => LinearOperatorKronecker.kron(a, b, false));
  }

  protected override diagPartImpl(): tf.Tensor {
    if (this.operators.some((op) => op.rangeDimension !== op.domainDimension)) {
      return super.diagPartImpl();
    }
    return this.operators.map((op) => op.diagPart()).reduce((a, b) => LinearOperatorKronecker.kron(a, b, true));
  }

  protected override traceImpl(): tf.Tensor {
    if (this.operators.some((op) => op.rangeDimension !== op.domainDimension)) {
      return super.traceImpl();
    }
    return this.operators.map((op) => op.trace()).reduce((a, b) => tf.mul(a, b));
  }

  protected override adjointImpl(): LinearOperator {
    return this.factorwise((op) => op.adjoint(), 'adjoint');
  }

  protected override inverseImpl(): LinearOperator {
    this.assertFactorsSquare('inverse');
    return this.factorwise((op) => op.inverse(), 'inverse');
  }

  protected override choleskyImpl(): LinearOperator {
    return this.factorwise((op) => op.cholesky(), 'cholesky');
  }

  private factorwise(f: (op: LinearOperator) => LinearOperator, what: string): LinearOperator {
    const mark = LinearOperator.serialMark();
    const factors = this.operators.map(f);
    const result = new LinearOperatorKronecker({operators: factors, name: `${this.name}.${what}`});
    result.ownOperatorsBuiltSince(mark, factors);
    return result;
  }

  private assertFactorsSquare(method: string): void {
    const bad = this.operators.find((op) => op.rangeDimension !== op.domainDimension);
    if (bad !== undefined) {
      throw new Error(`${this.name}.${method}: needs square factors; ${bad.name} has shape ${shapeString(bad.shape)}`);
    }
  }
}
