import * as tf from '@tensorflow/tfjs';
import {cholesky} from '../cholesky';
import {choleskySolve} from '../cholesky_solve';
import {matrixDiag} from '../diag';
import {choleskyLogDeterminant, slogdet} from '../log_det';
import {matmul} from '../matmul';
import {matrixSolve} from '../matrix_solve';
import {broadcastAllShapes, shapeString, TensorInput} from '../shape_util';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import './wrappers';

export interface LinearOperatorLowRankUpdateOptions extends LinearOperatorHints {
  /** L, batchShape + [M, N]. */
  baseOperator: LinearOperator;
  /** U, batchShape + [M, K]. */
  u: TensorInput;
  /** The diagonal of D, batchShape + [K]; D = I when omitted. */
  diagUpdate?: TensorInput;
  /** V, batchShape + [N, K]; V = U when omitted. */
  v?: TensorInput;
  /** Hint that every entry of diagUpdate is positive (used to infer positive definiteness). */
  isDiagUpdatePositive?: boolean;
}

/**
 * A = L + U D V^H, a base operator plus a rank-K update (`LinearOperatorLowRankUpdate`). Solves
 * use the Woodbury identity A^-1 = L^-1 - L^-1 U C^-1 V^H L^-1 and log|det| the matrix determinant
 * lemma det A = det C det D det L, with the K x K capacitance C = D^-1 + V^H L^-1 U; only L's own
 * solve and a K x K factorisation are needed (Cholesky when the update keeps A SPD).
 */
export class LinearOperatorLowRankUpdate extends LinearOperator {
  readonly baseOperator: LinearOperator;
  readonly u: tf.Tensor;
  readonly v: tf.Tensor;
  readonly diagUpdate: tf.Tensor | undefined;
  readonly isDiagUpdatePositive: boolean | undefined;
  /** True when V is U (the `v` option was omitted). */
  private readonly symmetricUpdate: boolean;

  constructor(options: LinearOperatorLowRankUpdateOptions) {
    const base = options.baseOperator;
    const name = options.name ?? 'LinearOperatorLowRankUpdate';
    const symmetric = options.v === undefined;
    const diagPositive = options.diagUpdate === undefined ? true : options.isDiagUpdatePositive;
    const keepsSpd = symmetric && base.isSelfAdjoint === true && base.isPositiveDefinite === true && diagPositive === true;
    super(
      {
        isSelfAdjoint: symmetric && base.isSelfAdjoint === true ? true : undefined,
        isPositiveDefinite: keepsSpd ? true : undefined,
        isSquare: base.isSquare,
        ...options,
        name,
      },
      'LinearOperatorLowRankUpdate',
    );
    this.baseOperator = base;
    this.symmetricUpdate = symmetric;
    this.isDiagUpdatePositive = diagPositive;
    this.u = this.tensorArgument(options.u, 'u');
    this.v = options.v === undefined ? this.u : this.tensorArgument(options.v, 'v');
    this.diagUpdate = options.diagUpdate === undefined ? undefined : this.tensorArgument(options.diagUpdate, 'diagUpdate');
    try {
      this.checkShapes();
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  private checkShapes(): void {
    const [m, n] = [this.baseOperator.rangeDimension, this.baseOperator.domainDimension];
    const expectMatrix = (x: tf.Tensor, argument: string, rows: number) => {
      if (x.rank < 2 || x.shape[x.rank - 2] !== rows) {
        throw new Error(
          `${this.name}: ${argument} must have shape batchShape + [${rows}, K] for a base operator of shape ` +
            `${shapeString(this.baseOperator.shape)}; got ${shapeString(x.shape)}`,
        );
      }
    };
    expectMatrix(this.u, 'u', m);
    expectMatrix(this.v, 'v', n);
    const k = this.u.shape[this.u.rank - 1];
    if (this.v.shape[this.v.rank - 1] !== k) {
      throw new Error(`${this.name}: u ${shapeString(this.u.shape)} and v ${shapeString(this.v.shape)} must have the same number of columns K`);
    }
    if (this.diagUpdate !== undefined && (this.diagUpdate.rank < 1 || this.diagUpdate.shape[this.diagUpdate.rank - 1] !== k)) {
      throw new Error(`${this.name}: diagUpdate must have shape batchShape + [${k}]; got ${shapeString(this.diagUpdate.shape)}`);
    }
    this.shapeImpl();
  }

  protected override shapeImpl(): number[] {
    const batch = broadcastAllShapes(
      [
        this.baseOperator.batchShape,
        this.u.shape.slice(0, -2),
        this.v.shape.slice(0, -2),
        this.diagUpdate === undefined ? [] : this.diagUpdate.shape.slice(0, -1),
      ],
      this.name,
    );
    return [...batch, this.baseOperator.rangeDimension, this.baseOperator.domainDimension];
  }

  /** D x (rows of x scaled by the update diagonal), or x when D = I. */
  private scaleByDiag(x: tf.Tensor): tf.Tensor {
    return this.diagUpdate === undefined ? x : tf.mul(tf.expandDims(this.diagUpdate, -1), x);
  }

  protected override matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor {
    const [left, right] = adjoint ? [this.v, this.u] : [this.u, this.v];
    const update = matmul(left, this.scaleByDiag(matmul(right, x, true, false)));
    return tf.add(this.baseOperator.matmul(x, adjoint), update);
  }

  /** True when the capacitance matrix is SPD, so that it can be factored by Cholesky. */
  private get capacitanceIsSpd(): boolean {
    return this.isSelfAdjoint === true && this.isPositiveDefinite === true && this.symmetricUpdate;
  }

  /** C = D^-1 + right^H op(L)^-1 left, and op(L)^-1 left, for op(L) = L or L^H. */
  private capacitance(adjoint: boolean): {c: tf.Tensor; baseSolvedLeft: tf.Tensor} {
    const [left, right] = adjoint ? [this.v, this.u] : [this.u, this.v];
    const baseSolvedLeft = this.baseOperator.solve(left, adjoint);
    const k = left.shape[left.rank - 1];
    const dInverse = this.diagUpdate === undefined ? tf.eye(k) : matrixDiag(tf.reciprocal(this.diagUpdate));
    return {c: tf.add(dInverse, matmul(right, baseSolvedLeft, true, false)), baseSolvedLeft};
  }

  protected override solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    const right = adjoint ? this.u : this.v;
    const {c, baseSolvedLeft} = this.capacitance(adjoint);
    const baseSolved = this.baseOperator.solve(rhs, adjoint);
    const projected = matmul(right, baseSolved, true, false);
    const z = this.capacitanceIsSpd ? choleskySolve(cholesky(c), projected) : matrixSolve(c, projected);
    return tf.sub(baseSolved, matmul(baseSolvedLeft, z));
  }

  private logAbsDetDiag(): tf.Tensor {
    return this.diagUpdate === undefined ? tf.scalar(0) : tf.sum(tf.log(tf.abs(this.diagUpdate)), -1);
  }

  protected override logAbsDeterminantImpl(): tf.Tensor {
    const {c} = this.capacitance(false);
    const logAbsDetC = this.capacitanceIsSpd ? choleskyLogDeterminant(cholesky(c)) : slogdet(c).logAbsDeterminant;
    return tf.add(tf.add(this.baseOperator.logAbsDeterminant(), this.logAbsDetDiag()), logAbsDetC);
  }

  protected override determinantImpl(): tf.Tensor {
    const {c} = this.capacitance(false);
    const {sign, logAbsDeterminant} = slogdet(c);
    const detD = this.diagUpdate === undefined ? tf.scalar(1) : tf.prod(this.diagUpdate, -1);
    return tf.mul(tf.mul(this.baseOperator.determinant(), detD), tf.mul(sign, tf.exp(logAbsDeterminant)));
  }

  protected override toDenseImpl(): tf.Tensor {
    return tf.add(this.baseOperator.toDense(), matmul(this.u, this.scaleByDiag(matmul(this.v, tf.eye(this.domainDimension), true, false))));
  }

  protected override diagPartImpl(): tf.Tensor {
    if (this.rangeDimension !== this.domainDimension) {
      return super.diagPartImpl();
    }
    const weighted = this.diagUpdate === undefined ? this.u : tf.mul(this.u, tf.expandDims(this.diagUpdate, -2));
    return tf.add(this.baseOperator.diagPart(), tf.sum(tf.mul(weighted, this.v), -1));
  }
}
