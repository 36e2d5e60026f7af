import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorAdjoint} from './linear_operator_adjoint';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {checkOperator, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  for (const name of ['fullMatrix', 'fullMatrixRect']) {
    test.serial(`${backend}: LinearOperatorAdjoint of a FullMatrix (${name}) matches numpy's transpose`, async (t) => {
      await useBackend(backend);
      const c = cases.get(name)!;
      const before = tf.memory().numTensors;
      const base = new LinearOperatorFullMatrix({matrix: c.params.matrix as number[][]});
      const op = new LinearOperatorAdjoint({operator: base});
      checkOperator(t, op, c.adjoint, `${name} adjoint`);
      t.is(op.adjoint(), base);
      t.is(op.name, 'LinearOperatorFullMatrix.adjoint');
      op.dispose();
      base.dispose();
      t.is(tf.memory().numTensors, before);
    });
  }
}
