import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperator} from './linear_operator';
import {LinearOperatorDiag} from './linear_operator_diag';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {LinearOperatorKronecker} from './linear_operator_kronecker';
import {LinearOperatorLowerTriangular} from './linear_operator_lower_triangular';
import {checkOperatorCase, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorKronecker of FullMatrix [2] x LowerTriangular x Diag matches numpy kron`, async (t) => {
    await useBackend(backend);
    const c = cases.get('kronecker')!;
    const before = tf.memory().numTensors;
    const factors: LinearOperator[] = [
      new LinearOperatorFullMatrix({matrix: c.params.a as number[][][]}),
      new LinearOperatorLowerTriangular({tril: c.params.b as number[][]}),
      new LinearOperatorDiag({diag: c.params.c as number[]}),
    ];
    const op = new LinearOperatorKronecker({operators: factors});
    t.deepEqual(op.shape, [2, 12, 12]);
    checkOperatorCase(t, op, c);
    op.dispose();
    factors.forEach((f) => f.dispose());
    t.is(tf.memory().numTensors, before);
  });

  test.serial(`${backend}: LinearOperatorKronecker of SPD factors: cholesky is the Kronecker of factor choleskys`, async (t) => {
    await useBackend(backend);
    const c = cases.get('kroneckerSpd')!;
    const before = tf.memory().numTensors;
    const hints = {isSelfAdjoint: true, isPositiveDefinite: true};
    const factors = [
      new LinearOperatorFullMatrix({matrix: c.params.a as number[][], ...hints}),
      new LinearOperatorFullMatrix({matrix: c.params.b as number[][], ...hints}),
    ];
    const op = new LinearOperatorKronecker({operators: factors});
    t.true(op.isPositiveDefinite);
    const chol = op.cholesky();
    t.true(chol instanceof LinearOperatorKronecker);
    chol.dispose();
    checkOperatorCase(t, op, c);
    op.dispose();
    factors.forEach((f) => f.dispose());
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorKronecker: non-square factors support matmul but not solve, naming the factor', (t) => {
  tf.tidy(() => {
    const a = new LinearOperatorFullMatrix({matrix: [[1, 2, 3]], name: 'row'});
    const b = new LinearOperatorFullMatrix({matrix: [[1], [2]], name: 'column'});
    const op = new LinearOperatorKronecker({operators: [a, b]});
    t.deepEqual(op.shape, [2, 3]);
    t.deepEqual(op.toDense().arraySync(), [[1, 2, 3], [2, 4, 6]]);
    t.deepEqual(op.matvec([1, 1, 1]).arraySync(), [6, 12]);
    t.throws(() => op.solve(tf.zeros([2, 1])), {message: /LinearOperatorKronecker\.solve: needs a square operator; got shape \[2, 3\]/});
    [a, b].forEach((o) => o.dispose());
  });
  t.throws(() => new LinearOperatorKronecker({operators: []}), {message: /operators must be a non-empty array/});
});
