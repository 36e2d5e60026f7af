import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperator} from './linear_operator';
import {LinearOperatorBlockDiag} from './linear_operator_block_diag';
import {LinearOperatorDiag} from './linear_operator_diag';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {LinearOperatorLowerTriangular} from './linear_operator_lower_triangular';
import {checkOperatorCase, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorBlockDiag(Diag [2], FullMatrix, LowerTriangular [1]) matches scipy block_diag`, async (t) => {
    await useBackend(backend);
    const c = cases.get('blockDiag')!;
    const before = tf.memory().numTensors;
    const blocks: LinearOperator[] = [
      new LinearOperatorDiag({diag: c.params.a as number[][]}),
      new LinearOperatorFullMatrix({matrix: c.params.b as number[][]}),
      new LinearOperatorLowerTriangular({tril: c.params.c as number[][][]}),
    ];
    const op = new LinearOperatorBlockDiag({operators: blocks});
    t.deepEqual(op.shape, [2, 7, 7]);
    checkOperatorCase(t, op, c);
    op.dispose();
    blocks.forEach((b) => b.dispose());
    t.is(tf.memory().numTensors, before);
  });

  test.serial(`${backend}: LinearOperatorBlockDiag of SPD blocks: blockwise cholesky`, async (t) => {
    await useBackend(backend);
    const c = cases.get('blockDiagSpd')!;
    const before = tf.memory().numTensors;
    const blocks: LinearOperator[] = [
      new LinearOperatorFullMatrix({matrix: c.params.a as number[][], isSelfAdjoint: true, isPositiveDefinite: true}),
      new LinearOperatorDiag({diag: c.params.b as number[], isPositiveDefinite: true}),
    ];
    const op = new LinearOperatorBlockDiag({operators: blocks});
    t.true(op.isSelfAdjoint && op.isPositiveDefinite);
    checkOperatorCase(t, op, c);
    op.dispose();
    blocks.forEach((b) => b.dispose());
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorBlockDiag: incompatible batch shapes are named', (t) => {
  const a = new LinearOperatorDiag({diag: tf.ones([2, 3])});
  const b = new LinearOperatorDiag({diag: tf.ones([4, 3])});
  t.throws(() => new LinearOperatorBlockDiag({operators: [a, b]}), {
    message: /LinearOperatorBlockDiag: batch shapes \[2\] and \[4\] cannot be broadcast/,
  });
  t.throws(() => new LinearOperatorBlockDiag({operators: []}), {message: /operators must be a non-empty array/});
});
