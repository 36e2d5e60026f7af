import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {LinearOperatorInversion} from './linear_operator_inversion';
import {checkOperator, operatorCases} from './operator_testing';

const c = operatorCases().get('fullMatrix')!;

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorInversion of a FullMatrix matches numpy's inverse`, async (t) => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const base = new LinearOperatorFullMatrix({matrix: c.params.matrix as number[][]});
    const op = new LinearOperatorInversion({operator: base});
    checkOperator(t, op, c.inverse!, 'fullMatrix inversion');
    t.is(op.inverse(), base);
    op.dispose();
    base.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorInversion rejects non-square or singular-hinted operators', (t) => {
  const rect = new LinearOperatorFullMatrix({matrix: tf.zeros([2, 3]), name: 'R'});
  t.throws(() => new LinearOperatorInversion({operator: rect}), {
    message: /LinearOperatorInversion: operator R must be square and not hinted singular; got shape \[2, 3\]/,
  });
  const singular = new LinearOperatorFullMatrix({matrix: tf.zeros([2, 2]), isNonSingular: false, name: 'S'});
  t.throws(() => new LinearOperatorInversion({operator: singular}), {message: /operator S .*isNonSingular: false/});
  t.throws(() => singular.solve(tf.zeros([2, 1])), {message: /S\.solve: the operator is hinted singular/});
});
