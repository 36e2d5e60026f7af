import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorScaledIdentity} from './linear_operator_scaled_identity';
import {checkOperatorCase, operatorCases} from './operator_testing';

const c = operatorCases().get('scaledIdentity')!;

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorScaledIdentity (batch [2], unbatched arguments) matches numpy`, async (t) => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const op = new LinearOperatorScaledIdentity({numRows: c.params.numRows as number, multiplier: c.params.multiplier as number[]});
    checkOperatorCase(t, op, c);
    op.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorScaledIdentity: structured inverse and cholesky; numRows is validated', (t) => {
  const op = new LinearOperatorScaledIdentity({numRows: 2, multiplier: 4, isPositiveDefinite: true});
  const inv = op.inverse();
  const chol = op.cholesky();
  t.true(inv instanceof LinearOperatorScaledIdentity);
  tf.tidy(() => {
    t.deepEqual(chol.toDense().arraySync(), [[2, 0], [0, 2]]);
    t.deepEqual(inv.toDense().arraySync(), [[0.25, 0], [0, 0.25]]);
  });
  [op, inv, chol].forEach((o) => o.dispose());
  t.throws(() => new LinearOperatorScaledIdentity({numRows: 0, multiplier: 1}), {
    message: /LinearOperatorScaledIdentity: numRows must be a positive integer; got 0/,
  });
  t.throws(() => new LinearOperatorScaledIdentity({numRows: 2.5, multiplier: 1}), {message: /got 2\.5/});
});
