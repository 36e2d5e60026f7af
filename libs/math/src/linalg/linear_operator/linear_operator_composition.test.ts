import test, {ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperator} from './linear_operator';
import {LinearOperatorComposition} from './linear_operator_composition';
import {LinearOperatorDiag} from './linear_operator_diag';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {LinearOperatorInversion} from './linear_operator_inversion';
import {LinearOperatorLowerTriangular} from './linear_operator_lower_triangular';
import {checkOperatorCase, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorComposition FullMatrix · LowerTriangular [2] · Diag matches numpy`, async (t) => {
    await useBackend(backend);
    const c = cases.get('composition')!;
    const before = tf.memory().numTensors;
    const ops: LinearOperator[] = [
      new LinearOperatorFullMatrix({matrix: c.params.a as number[][]}),
      new LinearOperatorLowerTriangular({tril: c.params.b as number[][][]}),
      new LinearOperatorDiag({diag: c.params.c as number[]}),
    ];
    const op = new LinearOperatorComposition({operators: ops});
    checkOperatorCase(t, op, c);
    op.dispose();
    ops.forEach((o) => o.dispose());
    t.is(tf.memory().numTensors, before);
  });

  test.serial(`${backend}: LinearOperatorComposition of rectangular factors (2x3 · 3x4) matches numpy`, async (t) => {
    await useBackend(backend);
    const c = cases.get('compositionRect')!;
    const before = tf.memory().numTensors;
    const ops = [
      new LinearOperatorFullMatrix({matrix: c.params.a as number[][]}),
      new LinearOperatorFullMatrix({matrix: c.params.b as number[][]}),
    ];
    const op = new LinearOperatorComposition({operators: ops});
    checkOperatorCase(t, op, c);
    op.dispose();
    ops.forEach((o) => o.dispose());
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorComposition: mismatched factors are named; inverse of an inversion is the operator', (t) => {
  const a = new LinearOperatorFullMatrix({matrix: tf.zeros([2, 3]), name: 'A'});
  const b = new LinearOperatorFullMatrix({matrix: tf.zeros([2, 2]), name: 'B'});
  t.throws(() => new LinearOperatorComposition({operators: [a, b]}), {
    message: /LinearOperatorComposition: operators\[0\] \(A, shape \[2, 3\]\) cannot be composed with operators\[1\] \(B, shape \[2, 2\]\); expected operators\[1\] to have 3 rows/,
  });
  const inv = b.inverse();
  t.true(inv instanceof LinearOperatorInversion);
  t.is(inv.inverse(), b);
  t.throws(() => a.inverse(), {message: /A\.inverse: needs a square operator; got shape \[2, 3\]/});
});

test('LinearOperator.solve and matmul with operator arguments compose, owning only what they build', (t) => {
  const before = tf.memory().numTensors;
  const a = new LinearOperatorFullMatrix({matrix: [[2, 1], [0, 4]]});
  const b = new LinearOperatorDiag({diag: [1, 3]});
  const aInverse = a.inverse();
  tf.tidy(() => {
    // A^-1 B and (A^-1)^-1 B = A B, against hand-computed products.
    const solved = a.solve(b);
    assertCloseArray(t, solved.toDense().arraySync() as number[][], [[0.5, -0.375], [0, 0.75]]);
    const viaInversion = aInverse.solve(b);
    assertCloseArray(t, viaInversion.toDense().arraySync() as number[][], [[2, 3], [0, 12]]);
    viaInversion.dispose();
    solved.dispose();
    // B A^T
    const product = b.matmul(a, false, true);
    assertCloseArray(t, product.toDense().arraySync() as number[][], [[2, 0], [3, 12]]);
    product.dispose();
  });
  // Disposing the compositions left A (reached through the inversion) and B usable.
  t.false(a.matrix.isDisposed);
  t.false(b.diag.isDisposed);
  [aInverse, a, b].forEach((o) => o.dispose());
  t.is(tf.memory().numTensors, before);
});

function assertCloseArray(t: ExecutionContext, actual: number[][], expected: number[][]): void {
  // float32 products and solves of 2 x 2 matrices with entries <= 12: 1e-6 absolute.
  actual.forEach((row, i) => row.forEach((v, j) => t.true(Math.abs(v - expected[i][j]) < 1e-6, `[${i}, ${j}] ${v} vs ${expected[i][j]}`)));
}
