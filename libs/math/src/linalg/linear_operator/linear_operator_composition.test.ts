import test from 'ava';
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
