import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorLowerTriangular} from './linear_operator_lower_triangular';
import {checkOperatorCase, operatorCases} from './operator_testing';

const c = operatorCases().get('lowerTriangular')!;

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorLowerTriangular matches numpy (upper triangle ignored), adjoint and inverse`, async (t) => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const op = new LinearOperatorLowerTriangular({tril: c.params.tril as number[][]});
    checkOperatorCase(t, op, c);
    op.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorLowerTriangular: gradients flow to tril; log|det| gradient is 1/L_ii on the diagonal', (t) => {
  tf.tidy(() => {
    const tril = tf.tensor([[2, 7], [1, -4]]);
    const g = tf.grad((x: tf.Tensor) => {
      const op = new LinearOperatorLowerTriangular({tril: x});
      return op.logAbsDeterminant();
    })(tril);
    t.deepEqual(Array.from(g.dataSync()), [0.5, 0, 0, -0.25]);
  });
});

test('LinearOperatorLowerTriangular: bad shapes are named', (t) => {
  t.throws(() => new LinearOperatorLowerTriangular({tril: [[1, 2, 3]]}), {
    message: /LinearOperatorLowerTriangular: tril must have shape batchShape \+ \[N, N\]; got \[1, 3\]/,
  });
  const op = new LinearOperatorLowerTriangular({tril: [[1, 0], [2, 3]], name: 'L'});
  t.throws(() => op.solve([[1], [2], [3]]), {message: /L\.solve: .*\[2, 2\].*\[\.\.\., 2, K\]; got \[3, 1\]/});
  t.throws(() => op.cholesky(), {message: /L\.cholesky: needs an operator hinted isSelfAdjoint: true and isPositiveDefinite: true/});
  op.dispose();
});
