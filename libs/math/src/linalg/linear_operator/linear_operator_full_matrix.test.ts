import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {checkOperatorCase, operatorCases} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  for (const name of ['fullMatrix', 'fullMatrixSpd', 'fullMatrixRect']) {
    test.serial(`${backend}: LinearOperatorFullMatrix (${name}) matches numpy for every method`, async (t) => {
      await useBackend(backend);
      const c = cases.get(name)!;
      const before = tf.memory().numTensors;
      const spd = c.cholesky !== undefined;
      const op = new LinearOperatorFullMatrix({
        matrix: c.params.matrix as number[][],
        isSelfAdjoint: spd || undefined,
        isPositiveDefinite: spd || undefined,
      });
      checkOperatorCase(t, op, c);
      op.dispose();
      t.is(tf.memory().numTensors, before);
    });
  }
}

test('LinearOperatorFullMatrix: non-square operators refuse solve and determinants, naming the shape', (t) => {
  const op = new LinearOperatorFullMatrix({matrix: tf.zeros([2, 3])});
  t.false(op.isSquare);
  t.throws(() => op.solve(tf.zeros([2, 1])), {message: /LinearOperatorFullMatrix\.solve: needs a square operator; got shape \[2, 3\]/});
  t.throws(() => op.logAbsDeterminant(), {message: /logAbsDeterminant: needs a square operator/});
  t.throws(() => new LinearOperatorFullMatrix({matrix: [[1, 2]], isSquare: true}), {message: /isSquare: true but matrix has shape \[1, 2\]/});
  t.throws(() => new LinearOperatorFullMatrix({matrix: [1, 2]}), {message: /matrix must have shape batchShape \+ \[M, N\]; got \[2\]/});
});

test('LinearOperatorFullMatrix: matmul by an operator composes', (t) => {
  const before = tf.memory().numTensors;
  const a = new LinearOperatorFullMatrix({matrix: [[1, 2], [3, 4]]});
  const b = new LinearOperatorFullMatrix({matrix: [[0, 1], [1, 0]]});
  tf.tidy(() => {
    t.deepEqual(a.matmul(b).toDense().arraySync(), [[2, 1], [4, 3]]);
    t.deepEqual(a.matmul(b, true).toDense().arraySync(), [[3, 1], [4, 2]]);
    t.deepEqual(a.matmul(b, false, true).toDense().arraySync(), [[2, 1], [4, 3]]);
  });
  a.dispose();
  b.dispose();
  t.is(tf.memory().numTensors, before);
});
