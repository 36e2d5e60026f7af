import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorDiag} from './linear_operator_diag';
import {checkOperatorCase, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  for (const name of ['diag', 'diagPositive']) {
    test.serial(`${backend}: LinearOperatorDiag (${name}) matches numpy for every method, adjoint and inverse`, async (t) => {
      await useBackend(backend);
      const c = cases.get(name)!;
      const before = tf.memory().numTensors;
      const op = new LinearOperatorDiag({diag: c.params.diag as number[][], isPositiveDefinite: c.cholesky !== undefined});
      checkOperatorCase(t, op, c);
      op.dispose();
      t.is(tf.memory().numTensors, before);
    });
  }
}

test('LinearOperatorDiag: inverse and cholesky stay diagonal; hints are checked', (t) => {
  const op = new LinearOperatorDiag({diag: [4, 9], isPositiveDefinite: true});
  const inv = op.inverse();
  const chol = op.cholesky();
  t.true(inv instanceof LinearOperatorDiag);
  t.true(chol instanceof LinearOperatorDiag);
  t.deepEqual(Array.from((chol as LinearOperatorDiag).diag.dataSync()), [2, 3]);
  t.is(op.adjoint(), op);
  t.true(op.isSelfAdjoint);
  t.true(op.isNonSingular);
  [op, inv, chol].forEach((o) => o.dispose());
  t.throws(() => new LinearOperatorDiag({diag: [1], isSelfAdjoint: false}), {message: /LinearOperatorDiag: .*self-adjoint/});
  t.throws(() => new LinearOperatorDiag({diag: 1}), {message: /LinearOperatorDiag: diag must have rank >= 1.*\[\]/});
  t.throws(() => new LinearOperatorDiag({diag: [1, 2], isPositiveDefinite: true, isNonSingular: false}), {
    message: /positive-definite operator is non-singular/,
  });
});

test('LinearOperatorDiag: gradients of solvevec and logAbsDeterminant wrt diag match closed forms', (t) => {
  tf.tidy(() => {
    const d = tf.tensor([2, -4, 0.5]);
    const x = tf.tensor([1, 2, 3]);
    // sum(x / d) -> -x / d^2; sum(log|d|) -> 1 / d. Exact in float32 up to one rounding.
    const g1 = tf.grad((v: tf.Tensor) => tf.sum(new LinearOperatorDiag({diag: v}).solvevec(x)))(d);
    const g2 = tf.grad((v: tf.Tensor) => new LinearOperatorDiag({diag: v}).logAbsDeterminant())(d);
    t.deepEqual(Array.from(g1.dataSync()), [-0.25, -0.125, -12]);
    t.deepEqual(Array.from(g2.dataSync()), [0.5, -0.25, 2]);
  });
});

test('LinearOperatorDiag: an operator built from arrays inside tf.tidy survives it until dispose()', (t) => {
  const before = tf.memory().numTensors;
  let op: LinearOperatorDiag | undefined;
  tf.tidy(() => {
    op = new LinearOperatorDiag({diag: [1, 2]});
  });
  if (op === undefined) return t.fail('not constructed');
  t.false(op.diag.isDisposed);
  tf.tidy(() => t.deepEqual(Array.from(op!.matvec([1, 1]).dataSync()), [1, 2]));
  op.dispose();
  t.true(op.diag.isDisposed);
  t.is(tf.memory().numTensors, before);
});

test('LinearOperatorDiag: mismatched arguments are named with both shapes', (t) => {
  const op = new LinearOperatorDiag({diag: [[1, 2, 3], [4, 5, 6]], name: 'scale'});
  t.throws(() => op.matmul(tf.ones([2, 2])), {
    message: /scale\.matmul: for an operator of shape \[2, 3, 3\], the argument must have shape \[\.\.\., 3, K\]; got \[2, 2\]/,
  });
  t.throws(() => op.solvevec(tf.ones([3, 3])), {message: /scale\.solve: batch shapes \[2\] and \[3\] cannot be broadcast/});
  t.throws(() => op.matmul(tf.ones([3])), {message: /scale\.matmul: the argument must have rank >= 2.*use matvec/});
  op.dispose();
});
