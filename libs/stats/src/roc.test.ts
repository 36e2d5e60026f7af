import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {auroc, oodAuroc, oodRocCurve, rocCurve} from './roc';
import {assertClose} from './internal/test_util';
import fixture from './__fixtures__/metrics.json';

test.before(async () => {
  await init();
});

function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

test('auroc by hand: pairs won, ties count a half', (t) => {
  // Positives 0.35, 0.8 vs negatives 0.1, 0.4: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 = 3 of 4.
  t.is(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  t.is(auroc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5, 'all tied');
  t.is(auroc([0.3, 0.3, 0.9], [false, true, true]), 0.75, 'one tie, one win');
  t.is(auroc([5, 4, 3, 2], [1, 1, 0, 0]), 1);
  t.is(auroc([5, 4, 3, 2], [0, 0, 1, 1]), 0);
  // Positives Inf, 0 vs negatives -Inf, Inf: 1 + 1/2 + 1 + 0 pairs of 4.
  t.is(auroc([Infinity, -Infinity, Infinity, 0], [1, 0, 0, 1]), 0.625, 'infinite scores');
});

test('oodAuroc equals scipy Mann-Whitney U / (n1 n0) with many ties; ROC points match numpy; no leaks', (t) => {
  const ref = fixture.ood;
  const scoresIn = tf.tensor1d(ref.scoresIn);
  const scoresOut = tf.tensor1d(ref.scoresOut);
  const before = tf.memory().numTensors;
  // float32 tensors of the 1-decimal scores keep their order and ties; U is an exact half-integer
  // count, so the ratio agrees to rounding, 1e-12.
  t.true(Math.abs(oodAuroc(scoresIn, scoresOut) - ref.auroc) < 1e-12);
  t.true(Math.abs(oodAuroc(ref.scoresIn, Float64Array.from(ref.scoresOut)) - ref.auroc) < 1e-12);
  const roc = oodRocCurve(ref.scoresIn, ref.scoresOut);
  t.is(tf.memory().numTensors, before);
  t.deepEqual(roc.thresholds, [Infinity, ...ref.thresholds]);
  assertClose(t, roc.tpr, ref.tpr, {atol: 1e-15}, 'tpr');
  assertClose(t, roc.fpr, ref.fpr, {atol: 1e-15}, 'fpr');
  t.true(Math.abs(trapezoid(roc.fpr, roc.tpr) - ref.auroc) < 1e-12, 'the area under the points is the AUROC');
  tf.dispose([scoresIn, scoresOut]);
});

test('auroc and rocCurve read tensors without leaking', (t) => {
  const scores = tf.tensor1d([0.1, 0.4, 0.35, 0.8]);
  const labels = tf.tensor1d([0, 0, 1, 1], 'int32');
  const before = tf.memory().numTensors;
  t.is(auroc(scores, labels), 0.75);
  t.deepEqual(rocCurve(scores, labels).tpr, [0, 0.5, 0.5, 1, 1]);
  t.is(tf.memory().numTensors, before);
  tf.dispose([scores, labels]);
});

test('rocCurve by hand, tied scores form one point', (t) => {
  const roc = rocCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]);
  t.deepEqual(roc.thresholds, [Infinity, 0.9, 0.5, 0.1]);
  t.deepEqual(roc.tpr, [0, 0.5, 1, 1]);
  t.deepEqual(roc.fpr, [0, 0, 0.5, 1]);
  t.is(trapezoid(roc.fpr, roc.tpr), auroc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]));
});

test('one class only, NaN scores and bad labels give clear errors', (t) => {
  t.throws(() => auroc([0.1, 0.2], [1, 1]), {message: /auroc: labels has 2 positives and 0 negatives; the ROC needs at least one of each class/});
  t.throws(() => rocCurve([0.1, 0.2], [0, 0]), {message: /rocCurve: labels has 0 positives and 2 negatives/});
  t.throws(() => oodAuroc([], [0.3]), {message: /oodAuroc: got 0 in-distribution and 1 out-of-distribution scores/});
  t.throws(() => auroc([NaN, 0.2], [0, 1]), {message: /auroc: scores\[0\] is NaN/});
  t.throws(() => auroc([0.1, 0.2], [0, 2]), {message: /auroc: labels\[1\] is 2, expected 0 \(negative\) or 1 \(positive\)/});
  t.throws(() => auroc([0.1, 0.2], [0]), {message: /scores has 2 entries and labels 1/});
});
