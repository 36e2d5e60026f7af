import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {TEST_BACKENDS, useBackend} from '../test_util';
import {LinearOperatorDiag} from './linear_operator_diag';
import {LinearOperatorFullMatrix} from './linear_operator_full_matrix';
import {LinearOperatorLowRankUpdate} from './linear_operator_low_rank_update';
import {checkOperatorCase, operatorCases, Nested} from './operator_testing';

const cases = operatorCases();

for (const backend of TEST_BACKENDS) {
  test.serial(`${backend}: LinearOperatorLowRankUpdate, Diag + U D U^T (SPD, Cholesky capacitance) matches numpy`, async (t) => {
    await useBackend(backend);
    const c = cases.get('lowRankUpdateSpd')!;
    const before = tf.memory().numTensors;
    const base = new LinearOperatorDiag({diag: c.params.baseDiag as Nested[] as number[][], isPositiveDefinite: true});
    const op = new LinearOperatorLowRankUpdate({
      baseOperator: base,
      u: c.params.u as number[][],
      diagUpdate: c.params.diagUpdate as number[],
      isDiagUpdatePositive: true,
    });
    t.true(op.isSelfAdjoint);
    t.true(op.isPositiveDefinite);
    checkOperatorCase(t, op, c);
    op.dispose();
    base.dispose();
    t.is(tf.memory().numTensors, before);
  });

  test.serial(`${backend}: LinearOperatorLowRankUpdate, FullMatrix + U V^T (general, batch from u) matches numpy`, async (t) => {
    await useBackend(backend);
    const c = cases.get('lowRankUpdateGeneral')!;
    const before = tf.memory().numTensors;
    const base = new LinearOperatorFullMatrix({matrix: c.params.baseMatrix as number[][]});
    const op = new LinearOperatorLowRankUpdate({baseOperator: base, u: c.params.u as number[][][], v: c.params.v as number[][]});
    t.is(op.isSelfAdjoint, undefined);
    checkOperatorCase(t, op, c);
    op.dispose();
    base.dispose();
    t.is(tf.memory().numTensors, before);
  });
}

test('LinearOperatorLowRankUpdate: gradient of log|det| wrt u matches the dense slogdet gradient', (t) => {
  tf.tidy(() => {
    // d/dU log det(D + U U^T) = 2 (D + U U^T)^-1 U, checked against the dense closed form.
    const d = tf.tensor([1.5, 2, 0.7]);
    const u = tf.tensor([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]]);
    const base = new LinearOperatorDiag({diag: d, isPositiveDefinite: true});
    const g = tf.grad((x: tf.Tensor) => new LinearOperatorLowRankUpdate({baseOperator: base, u: x}).logAbsDeterminant())(u);
    const dense = tf.add(tf.diag(d), tf.matMul(u, u, false, true));
    const expected = tf.mul(2, tf.matMul(tf.tensor(invert3(dense.arraySync() as number[][])), u));
    const diff = tf.max(tf.abs(tf.sub(g, expected))).dataSync()[0];
    // float32 solves of a 3 x 3 SPD system with condition number < 5: 1e-5.
    t.true(diff < 1e-5, `max |difference| ${diff}`);
  });
});

/** Inverse of a 3 x 3 matrix by cofactors (float64, independent of the package's kernels). */
function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

test('LinearOperatorLowRankUpdate: mismatched u, v and diagUpdate are named with shapes', (t) => {
  const base = new LinearOperatorDiag({diag: [1, 2, 3]});
  t.throws(() => new LinearOperatorLowRankUpdate({baseOperator: base, u: tf.zeros([2, 1])}), {
    message: /LinearOperatorLowRankUpdate: u must have shape batchShape \+ \[3, K\] for a base operator of shape \[3, 3\]; got \[2, 1\]/,
  });
  t.throws(() => new LinearOperatorLowRankUpdate({baseOperator: base, u: tf.zeros([3, 2]), v: tf.zeros([3, 1])}), {
    message: /u \[3, 2\] and v \[3, 1\] must have the same number of columns K/,
  });
  t.throws(() => new LinearOperatorLowRankUpdate({baseOperator: base, u: tf.zeros([3, 2]), diagUpdate: [1, 2, 3]}), {
    message: /diagUpdate must have shape batchShape \+ \[2\]; got \[3\]/,
  });
  base.dispose();
});
