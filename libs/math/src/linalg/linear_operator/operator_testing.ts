import type {ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {matrixTranspose} from '../matmul';
import {assertClose, loadFixture} from '../test_util';
import {LinearOperator} from './linear_operator';

export type Nested = number | Nested[];

/** numpy results for one dense matrix (see tools/fixtures/linalg_linear_operator.py). */
export interface OperatorRecord {
  dense: Nested[];
  x: Nested[];
  matmul: Nested[];
  xAdjoint: Nested[];
  matmulAdjoint: Nested[];
  xVec: Nested[];
  matvec: Nested[];
  diagPart: Nested[];
  trace: Nested;
  rhs?: Nested[];
  solve?: Nested[];
  solveAdjoint?: Nested[];
  rhsVec?: Nested[];
  solvevec?: Nested[];
  sign?: Nested;
  logAbsDeterminant?: Nested;
  determinant?: Nested;
}

export interface OperatorCase {
  name: string;
  params: Record<string, Nested>;
  operator: OperatorRecord;
  adjoint: OperatorRecord;
  inverse?: OperatorRecord;
  cholesky?: Nested[];
}

export function operatorCases(): Map<string, OperatorCase> {
  const cases = loadFixture<OperatorCase[]>('linalg_linear_operator');
  return new Map(cases.map((c) => [c.name, c]));
}

/**
 * Operator results of well-conditioned (condition number < 50) matrices of size <= 12 with
 * entries of order 1, computed in float32: relative error about 50 * 12 * 6e-8 = 4e-5 per
 * solve; 2e-4 leaves room for the chained solves of inverses and compositions.
 */
export const OPERATOR_TOL = {atol: 2e-4, rtol: 2e-4};

function shapeOf(x: Nested): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

/**
 * Checks every method of `op` against the numpy record of its dense matrix: shape, toDense,
 * matmul (plain, adjoint, adjointArg), matvec, diagPart, trace and, for square operators,
 * solve (plain, adjoint, adjointArg), solvevec, logAbsDeterminant and determinant; and that
 * none of it leaks a tensor.
 */
export function checkOperator(
  t: ExecutionContext,
  op: LinearOperator,
  ref: OperatorRecord,
  label: string,
  tol = OPERATOR_TOL,
): void {
  const before = tf.memory().numTensors;
  const check = (name: string, compute: () => tf.Tensor, expected: Nested) => {
    const value = compute();
    assertClose(t, value, expected, tol, `${label}.${name}`);
    value.dispose();
  };
  t.deepEqual(op.shape, shapeOf(ref.dense), `${label}.shape`);
  check('toDense', () => op.toDense(), ref.dense);
  check('matmul', () => op.matmul(ref.x), ref.matmul);
  check('matmul(adjointArg)', () => tf.tidy(() => op.matmul(matrixTranspose(tf.tensor(ref.x)), false, true)), ref.matmul);
  check('matmul(adjoint)', () => op.matmul(ref.xAdjoint, true), ref.matmulAdjoint);
  check('matvec', () => op.matvec(ref.xVec), ref.matvec);
  check('diagPart', () => op.diagPart(), ref.diagPart);
  check('trace', () => op.trace(), ref.trace);
  if (ref.solve !== undefined) {
    check('solve', () => op.solve(ref.rhs!), ref.solve);
    check('solve(adjoint)', () => op.solve(ref.rhs!, true), ref.solveAdjoint!);
    check('solve(adjointArg)', () => tf.tidy(() => op.solve(matrixTranspose(tf.tensor(ref.rhs!)), false, true)), ref.solve);
    check('solvevec', () => op.solvevec(ref.rhsVec!), ref.solvevec!);
    check('logAbsDeterminant', () => op.logAbsDeterminant(), ref.logAbsDeterminant!);
    check('determinant', () => op.determinant(), ref.determinant!);
  }
  t.is(tf.memory().numTensors, before, `${label} leaked tensors`);
}

/**
 * checkOperator on the operator, its adjoint() and (when square) its inverse(), and on the
 * dense cholesky() factor when the case has one; disposes what it creates.
 */
export function checkOperatorCase(t: ExecutionContext, op: LinearOperator, c: OperatorCase): void {
  checkOperator(t, op, c.operator, c.name);
  const isNew = (result: LinearOperator, mark: number) => result.serial >= mark;
  let mark = LinearOperator.serialMark();
  const adjoint = op.adjoint();
  checkOperator(t, adjoint, c.adjoint, `${c.name}.adjoint()`);
  const back = adjoint.adjoint();
  const backDense = back.toDense();
  assertClose(t, backDense, c.operator.dense, OPERATOR_TOL, `${c.name}.adjoint().adjoint()`);
  backDense.dispose();
  if (isNew(back, mark)) back.dispose();
  if (isNew(adjoint, mark)) adjoint.dispose();
  if (c.inverse !== undefined) {
    mark = LinearOperator.serialMark();
    const inverse = op.inverse();
    checkOperator(t, inverse, c.inverse, `${c.name}.inverse()`);
    const twice = inverse.inverse();
    const dense = twice.toDense();
    assertClose(t, dense, c.operator.dense, OPERATOR_TOL, `${c.name}.inverse().inverse()`);
    dense.dispose();
    if (isNew(twice, mark)) twice.dispose();
    if (isNew(inverse, mark)) inverse.dispose();
  }
  if (c.cholesky !== undefined) {
    mark = LinearOperator.serialMark();
    const chol = op.cholesky();
    const dense = chol.toDense();
    assertClose(t, dense, c.cholesky, OPERATOR_TOL, `${c.name}.cholesky()`);
    dense.dispose();
    if (isNew(chol, mark)) chol.dispose();
  }
}
