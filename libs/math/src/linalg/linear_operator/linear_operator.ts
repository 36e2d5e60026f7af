import * as tf from '@tensorflow/tfjs';
import {cholesky as denseCholesky} from '../cholesky';
import {choleskySolve} from '../cholesky_solve';
import {matrixDiagPart} from '../diag';
import {matrixSolve} from '../matrix_solve';
import {slogdet} from '../log_det';
import {matrixTranspose} from '../matmul';
import {broadcastShapes, broadcastToShape, shapeString, TensorInput, toFloat32} from '../shape_util';

/** The hints every LinearOperator accepts (TFP's `is_non_singular`, ...), plus a name. */
export interface LinearOperatorHints {
  isNonSingular?: boolean;
  isSelfAdjoint?: boolean;
  isPositiveDefinite?: boolean;
  isSquare?: boolean;
  /** Used in error messages; defaults to the class name. */
  name?: string;
}

/**
 * A (batch of) linear operator(s) A of shape batchShape + [M, N], defined by what it does rather
 * than by a dense matrix (`tf.linalg.LinearOperator`). Subclasses implement a few hooks
 * (`shapeImpl`, `matmulImpl`, and where their structure allows it `solveImpl`,
 * `logAbsDeterminantImpl`, ...); this base validates arguments, names the operator in errors,
 * broadcasts batch shapes once, manages memory (`tf.tidy` around every method, `dispose()`
 * for the tensors an operator owns) and provides dense fallbacks.
 *
 * Memory: tensors passed to a constructor stay the caller's; tensors an operator creates (from
 * numbers or arrays, or in inverse()/cholesky()) are kept out of tf.tidy and freed by
 * `dispose()`. adjoint(), inverse() and cholesky() may return an existing operator (the
 * identity's inverse is itself, an inversion's inverse the operator it wraps); dispose their
 * result only when it is new (`result.serial >= mark` for a `LinearOperator.serialMark()` taken
 * before the call). Operators these methods build from parts are owned by their result.
 */
export abstract class LinearOperator {
  readonly name: string;
  readonly dtype = 'float32' as const;
  readonly isNonSingular: boolean | undefined;
  readonly isSelfAdjoint: boolean | undefined;
  readonly isPositiveDefinite: boolean | undefined;
  private readonly squareHint: boolean | undefined;
  private readonly owned: tf.Tensor[] = [];
  private readonly ownedOperators: LinearOperator[] = [];
  private staticShape: number[] | undefined;
  private static constructed = 0;
  /** Construction order: operators with a serial >= LinearOperator.serialMark() are newer. */
  readonly serial: number;

  protected constructor(hints: LinearOperatorHints, defaultName: string) {
    this.serial = LinearOperator.constructed++;
    this.name = hints.name ?? defaultName;
    if (hints.isPositiveDefinite === true && hints.isNonSingular === false) {
      throw new Error(`${this.name}: a positive-definite operator is non-singular; got isNonSingular: false`);
    }
    if (hints.isNonSingular === true && hints.isSquare === false) {
      throw new Error(`${this.name}: a non-singular operator is square; got isSquare: false`);
    }
    this.isPositiveDefinite = hints.isPositiveDefinite;
    this.isNonSingular = hints.isNonSingular ?? (hints.isPositiveDefinite === true ? true : undefined);
    this.isSelfAdjoint = hints.isSelfAdjoint;
    this.squareHint = hints.isSquare ?? (this.isNonSingular === true ? true : undefined);
  }

  /** The full static shape batchShape + [M, N]. */
  protected abstract shapeImpl(): number[];

  /**
   * op(A) @ x for x [..., R, K] with R = N (or M when `adjoint`), op(A) = A^H when `adjoint`.
   * The result's batch shape may be any shape that broadcasts to the final one.
   */
  protected abstract matmulImpl(x: tf.Tensor, adjoint: boolean): tf.Tensor;

  get shape(): number[] {
    if (this.staticShape === undefined) {
      this.staticShape = this.shapeImpl();
    }
    return [...this.staticShape];
  }

  get batchShape(): number[] {
    return this.shape.slice(0, -2);
  }

  /** M, the dimension of the range (number of rows). */
  get rangeDimension(): number {
    const s = this.shape;
    return s[s.length - 2];
  }

  /** N, the dimension of the domain (number of columns). */
  get domainDimension(): number {
    const s = this.shape;
    return s[s.length - 1];
  }

  get tensorRank(): number {
    return this.shape.length;
  }

  /** True when M = N (the `isSquare` hint when given, otherwise read from the static shape). */
  get isSquare(): boolean {
    return this.squareHint ?? this.rangeDimension === this.domainDimension;
  }

  /** Hands tensors to this operator: they are kept out of tf.tidy and freed by dispose(). */
  ownTensors(...tensors: tf.Tensor[]): void {
    for (const t of tensors) {
      tf.keep(t);
      this.owned.push(t);
    }
  }

  /**
   * Hands operators this one created from its parts (a Kronecker product's factor inverses, ...)
   * to it: they are disposed with it. Operators given to a constructor are never owned.
   */
  ownOperators(...operators: LinearOperator[]): void {
    this.ownedOperators.push(...operators);
  }

  /** The serial the next operator will get; operators built after this call have serial >= it. */
  static serialMark(): number {
    return LinearOperator.constructed;
  }

  /**
   * Takes ownership of those of `operators` constructed since `mark` (LinearOperator.serialMark()),
   * that is, the ones a method built, not pre-existing operators it returned (an identity's
   * inverse is itself, an inversion's inverse is the operator it wraps).
   */
  ownOperatorsBuiltSince(mark: number, operators: LinearOperator[]): void {
    this.ownOperators(...operators.filter((op) => op.serial >= mark && op !== this));
  }

  /**
   * Frees the tensors and operators this operator created (not those passed to its
   * constructor). Idempotent.
   */
  dispose(): void {
    tf.dispose(this.owned);
    this.owned.length = 0;
    for (const op of this.ownedOperators) op.dispose();
    this.ownedOperators.length = 0;
  }

  /** Converts a constructor argument; a tensor the operator had to create is owned by it. */
  protected tensorArgument(x: TensorInput, argument: string): tf.Tensor {
    const t = toFloat32(x, `${this.name}: ${argument}`);
    if (t !== x) {
      this.ownTensors(t);
    }
    return t;
  }

  /** `op(A) @ op(x)` (`matmul(x, adjoint, adjoint_arg)`); an operator argument gives a composition. */
  matmul(x: LinearOperator, adjoint?: boolean, adjointArg?: boolean): LinearOperator;
  matmul(x: TensorInput, adjoint?: boolean, adjointArg?: boolean): tf.Tensor;
  matmul(x: TensorInput | LinearOperator, adjoint = false, adjointArg = false): tf.Tensor | LinearOperator {
    if (x instanceof LinearOperator) {
      const mark = LinearOperator.serialMark();
      const parts = [adjoint ? this.adjoint() : this, adjointArg ? x.adjoint() : x];
      const composed = this.composeWith(parts[0], parts[1]);
      composed.ownOperatorsBuiltSince(mark, parts);
      return composed;
    }
    return this.applyMatrixFunction('matmul', x, adjoint, adjointArg, (rhs) => this.matmulImpl(rhs, adjoint));
  }

  /** `op(A) @ x` for a (batch of) vector(s) x [..., N] (`matvec`). */
  matvec(x: TensorInput, adjoint = false): tf.Tensor {
    return this.applyVectorFunction('matvec', x, (m) => this.matmul(m, adjoint));
  }

  /**
   * X with op(A) X = op(rhs) (`solve(rhs, adjoint, adjoint_arg)`); an operator argument gives
   * the composition op(A)^-1 op(rhs).
   */
  solve(rhs: LinearOperator, adjoint?: boolean, adjointArg?: boolean): LinearOperator;
  solve(rhs: TensorInput, adjoint?: boolean, adjointArg?: boolean): tf.Tensor;
  solve(rhs: TensorInput | LinearOperator, adjoint = false, adjointArg = false): tf.Tensor | LinearOperator {
    this.assertInvertible('solve');
    if (rhs instanceof LinearOperator) {
      const mark = LinearOperator.serialMark();
      const adjointOperator = adjoint ? this.adjoint() : this;
      const parts = [adjointOperator.inverse(), adjointArg ? rhs.adjoint() : rhs];
      const composed = this.composeWith(parts[0], parts[1]);
      composed.ownOperatorsBuiltSince(mark, [adjointOperator, ...parts]);
      return composed;
    }
    return this.applyMatrixFunction('solve', rhs, adjoint, adjointArg, (b) => this.solveImpl(b, adjoint));
  }

  /** x with op(A) x = rhs for a (batch of) vector(s) rhs [..., N] (`solvevec`). */
  solvevec(rhs: TensorInput, adjoint = false): tf.Tensor {
    return this.applyVectorFunction('solvevec', rhs, (m) => this.solve(m, adjoint));
  }

  /** log|det A|, of shape batchShape (`log_abs_determinant`). */
  logAbsDeterminant(): tf.Tensor {
    this.assertSquare('logAbsDeterminant');
    return tf.tidy(() => fresh(this.logAbsDeterminantImpl(), this.batchShape));
  }

  /** det A, of shape batchShape (`determinant`). */
  determinant(): tf.Tensor {
    this.assertSquare('determinant');
    return tf.tidy(() => fresh(this.determinantImpl(), this.batchShape));
  }

  /** The dense matrix, batchShape + [M, N] (`to_dense`). */
  toDense(): tf.Tensor {
    return tf.tidy(() => fresh(this.toDenseImpl(), this.shape));
  }

  /** The main diagonal, batchShape + [min(M, N)] (`diag_part`). */
  diagPart(): tf.Tensor {
    return tf.tidy(() =>
      fresh(this.diagPartImpl(), [...this.batchShape, Math.min(this.rangeDimension, this.domainDimension)]),
    );
  }

  /** Sum of the diagonal, batchShape (`trace`). */
  trace(): tf.Tensor {
    return tf.tidy(() => fresh(this.traceImpl(), this.batchShape));
  }

  /** The adjoint A^H as an operator (`adjoint`); a self-adjoint operator returns itself. */
  adjoint(): LinearOperator {
    return this.isSelfAdjoint === true ? this : this.adjointImpl();
  }

  /** A^-1 as an operator (`inverse`), structured where the class allows it. */
  inverse(): LinearOperator {
    this.assertInvertible('inverse');
    return this.inverseImpl();
  }

  /**
   * The lower Cholesky factor L of A = L L^H as an operator (`cholesky`); needs the
   * isSelfAdjoint and isPositiveDefinite hints.
   */
  cholesky(): LinearOperator {
    if (this.isSelfAdjoint !== true || this.isPositiveDefinite !== true) {
      throw new Error(
        `${this.name}.cholesky: needs an operator hinted isSelfAdjoint: true and isPositiveDefinite: true; ` +
          `got isSelfAdjoint: ${this.isSelfAdjoint}, isPositiveDefinite: ${this.isPositiveDefinite}`,
      );
    }
    return this.choleskyImpl();
  }

  // ---- hooks with dense fallbacks; subclasses override them to exploit structure ----

  /** Solves op(A) X = rhs; the fallback factors the dense matrix. */
  protected solveImpl(rhs: tf.Tensor, adjoint: boolean): tf.Tensor {
    return denseSolve(this.toDense(), rhs, adjoint, this.isSelfAdjoint === true && this.isPositiveDefinite === true);
  }

  protected logAbsDeterminantImpl(): tf.Tensor {
    return slogdet(this.toDense()).logAbsDeterminant;
  }

  protected determinantImpl(): tf.Tensor {
    const {sign, logAbsDeterminant} = slogdet(this.toDense());
    return tf.mul(sign, tf.exp(logAbsDeterminant));
  }

  protected toDenseImpl(): tf.Tensor {
    return this.matmulImpl(tf.eye(this.domainDimension), false);
  }

  protected diagPartImpl(): tf.Tensor {
    return matrixDiagPart(this.toDense());
  }

  protected traceImpl(): tf.Tensor {
    return tf.sum(this.diagPart(), -1);
  }

  protected adjointImpl(): LinearOperator {
    return LinearOperator.factories.adjoint(this);
  }

  protected inverseImpl(): LinearOperator {
    return LinearOperator.factories.inversion(this);
  }

  protected choleskyImpl(): LinearOperator {
    return LinearOperator.factories.lowerTriangular(
      tf.tidy(() => denseCholesky(this.toDense())),
      {isNonSingular: true, name: `${this.name}.cholesky`},
    );
  }

  protected composeWith(left: LinearOperator, right: LinearOperator): LinearOperator {
    return LinearOperator.factories.composition([left, right]);
  }

  // ---- shared validation ----

  protected assertSquare(method: string): void {
    if (!this.isSquare || this.rangeDimension !== this.domainDimension) {
      throw new Error(`${this.name}.${method}: needs a square operator; got shape ${shapeString(this.shape)}`);
    }
  }

  protected assertInvertible(method: string): void {
    this.assertSquare(method);
    if (this.isNonSingular === false) {
      throw new Error(`${this.name}.${method}: the operator is hinted singular (isNonSingular: false)`);
    }
  }

  private applyMatrixFunction(
    method: string,
    x: TensorInput,
    adjoint: boolean,
    adjointArg: boolean,
    impl: (x: tf.Tensor) => tf.Tensor,
  ): tf.Tensor {
    return tf.tidy(() => {
      let t = toFloat32(x, `${this.name}.${method}: x`);
      if (t.rank < 2) {
        throw new Error(
          `${this.name}.${method}: the argument must have rank >= 2 ([..., rows, K]); got shape ${shapeString(t.shape)}` +
            ` (use ${method === 'matmul' ? 'matvec' : 'solvevec'} for vectors)`,
        );
      }
      if (adjointArg) {
        t = matrixTranspose(t);
      }
      const [inner, outer] =
        (method === 'matmul') === adjoint
          ? [this.rangeDimension, this.domainDimension]
          : [this.domainDimension, this.rangeDimension];
      if (t.shape[t.rank - 2] !== inner) {
        throw new Error(
          `${this.name}.${method}: for an operator of shape ${shapeString(this.shape)}${adjoint ? ' (adjoint)' : ''}, ` +
            `the argument${adjointArg ? ' (adjoint)' : ''} must have shape [..., ${inner}, K]; got ${shapeString(t.shape)}`,
        );
      }
      const batch = broadcastShapes(this.batchShape, t.shape.slice(0, -2), `${this.name}.${method}`);
      return fresh(impl(t), [...batch, outer, t.shape[t.rank - 1]]);
    });
  }

  private applyVectorFunction(method: string, x: TensorInput, impl: (m: tf.Tensor) => tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const v = toFloat32(x, `${this.name}.${method}: x`);
      if (v.rank < 1) {
        throw new Error(`${this.name}.${method}: the argument must have rank >= 1 ([..., N]); got a scalar`);
      }
      return tf.squeeze(impl(tf.expandDims(v, -1)), [-1]);
    });
  }

  /**
   * Constructors of the operators the base's fallbacks return (adjoint, inversion, composition,
   * lower-triangular Cholesky factor); filled in by ./wrappers, which every operator module
   * imports, so that this module needs no import of its own subclasses.
   */
  static factories: LinearOperatorFactories;
}

export interface LinearOperatorFactories {
  adjoint(operator: LinearOperator): LinearOperator;
  inversion(operator: LinearOperator): LinearOperator;
  composition(operators: LinearOperator[]): LinearOperator;
  /** A lower-triangular operator that takes ownership of `tril`. */
  lowerTriangular(tril: tf.Tensor, hints: LinearOperatorHints): LinearOperator;
}

/**
 * `x` broadcast to `shape`, always as a new tensor: hooks may return an operator's own tensor
 * (a Diag's diagPart is its diag) or the argument itself (Identity), which the caller must be
 * free to dispose.
 */
function fresh(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const out = broadcastToShape(x, shape);
  return out === x ? tf.clone(x) : out;
}

/** Solves op(A) X = B for a dense A: Cholesky when A is hinted SPD, LU otherwise. */
export function denseSolve(a: tf.Tensor, b: tf.Tensor, adjoint: boolean, positiveDefinite: boolean): tf.Tensor {
  return tf.tidy(() => {
    if (positiveDefinite) {
      // A = A^H, so the adjoint flag does not matter.
      return choleskySolveDense(a, b);
    }
    return matrixSolveDense(a, b, adjoint);
  });
}

function choleskySolveDense(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return choleskySolve(denseCholesky(a), b);
}

function matrixSolveDense(a: tf.Tensor, b: tf.Tensor, adjoint: boolean): tf.Tensor {
  return matrixSolve(a, b, adjoint);
}
