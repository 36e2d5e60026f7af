import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorIdentity} from './linear_operator_identity';
import {checkOperatorCase, operatorCases} from './operator_testing';

const c = operatorCases().get('identity')!;

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorIdentity (batch [2], arguments [4, 1]) matches numpy`, async (t) => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const op = new LinearOperatorIdentity({numRows: 3, batchShape: [2]});
    checkOperatorCase(t, op, c);
    op.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorIdentity: is its own inverse, adjoint and cholesky; matmul returns a new tensor', (t) => {
  const op = new LinearOperatorIdentity({numRows: 2});
  t.is(op.inverse(), op);
  t.is(op.adjoint(), op);
  t.is(op.cholesky(), op);
  const x = tf.tensor([[1], [2]]);
  const y = op.matmul(x);
  t.not(y, x);
  y.dispose();
  t.false(x.isDisposed);
  x.dispose();
  t.throws(() => new LinearOperatorIdentity({numRows: 2, isPositiveDefinite: false}), {
    message: /LinearOperatorIdentity: .*got isPositiveDefinite: false/,
  });
  t.throws(() => new LinearOperatorIdentity({numRows: 2, batchShape: [-1]}), {message: /batchShape must hold non-negative integers; got \[-1\]/});
});
