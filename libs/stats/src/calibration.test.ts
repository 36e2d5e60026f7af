import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {
  calibrationBins,
  calibrationBinsFromConfidences,
  expectedCalibrationError,
  maximumCalibrationError,
} from './calibration';
import {assertClose, nullsToNaN} from './internal/test_util';
import fixture from './__fixtures__/metrics.json';

test.before(async () => {
  await init();
});

test('calibration bins by hand: bins are (m/M, (m+1)/M], 0 in the first', (t) => {
  // Bin (0, 0.5]: confidences 0.25, 0.3, 0.5 with 2 of 3 correct; bin (0.5, 1]: 0.8, 1 both correct.
  const bins = calibrationBinsFromConfidences([0.25, 0.3, 0.5, 0.8, 1], [1, 0, 1, 1, 1], {numBins: 2});
  t.deepEqual(bins.edges, [0, 0.5, 1]);
  t.deepEqual(bins.counts, [3, 2]);
  assertClose(t, bins.meanConfidence, [0.35, 0.9], {atol: 1e-15}, 'meanConfidence');
  assertClose(t, bins.accuracy, [2 / 3, 1], {atol: 1e-15}, 'accuracy');
  // ECE = 3/5 |2/3 - 0.35| + 2/5 |1 - 0.9|; MCE = |2/3 - 0.35|.
  t.true(Math.abs(bins.ece - (0.6 * (2 / 3 - 0.35) + 0.4 * 0.1)) < 1e-15);
  t.true(Math.abs(bins.mce - (2 / 3 - 0.35)) < 1e-15);
  const zero = calibrationBinsFromConfidences([0, 0.1], [false, true], {numBins: 10});
  t.deepEqual(zero.counts, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'c = 0 and c = 0.1 = edge 1 fall in bin 0');
  t.true(Number.isNaN(zero.accuracy[5]) && Number.isNaN(zero.meanConfidence[5]), 'empty bins are NaN');
  // The double just above 1/3 times 3 rounds to exactly 1, yet it lies above the edge 1/3.
  const aboveThird = 1 / 3 + Number.EPSILON / 4;
  t.true(aboveThird > 1 / 3 && aboveThird * 3 === 1);
  t.deepEqual(calibrationBinsFromConfidences([1 / 3, aboveThird], [1, 1], {numBins: 3}).counts, [1, 1, 0]);
  const conf = tf.tensor1d([0.25, 0.3, 0.5, 0.8, 1]);
  const hit = tf.tensor1d([true, false, true, true, true], 'bool');
  const before = tf.memory().numTensors;
  t.deepEqual(calibrationBinsFromConfidences(conf, hit, {numBins: 2}).counts, [3, 2], 'from float32 and bool tensors');
  t.is(tf.memory().numTensors, before);
  tf.dispose([conf, hit]);
});

test('ECE is 0 when the model is right exactly as often as it claims; all-correct certain model', (t) => {
  // Confidence 0.75 in each example, right on 3 of 4.
  const probs = [[0.75, 0.25], [0.75, 0.25], [0.25, 0.75], [0.25, 0.75]];
  t.is(expectedCalibrationError(probs, [0, 0, 1, 0], {numBins: 10}), 0);
  t.is(expectedCalibrationError([[1, 0, 0], [0, 0, 1]], [0, 2]), 0);
  t.is(maximumCalibrationError([[1, 0, 0], [0, 0, 1]], [0, 2]), 0);
  t.is(expectedCalibrationError([[1, 0], [0, 1]], [1, 0]), 1, 'certain and always wrong');
});

for (const key of ['bins10', 'bins15'] as const) {
  test(`calibrationBins, ECE and MCE match numpy (${key})`, (t) => {
    const ref = fixture.multiclass[key];
    const probs = tf.tensor2d(fixture.multiclass.probs);
    const labels = tf.tensor1d(fixture.multiclass.labels, 'int32');
    const before = tf.memory().numTensors;
    const bins = calibrationBins(probs, labels, {numBins: ref.numBins});
    t.is(tf.memory().numTensors, before);
    t.deepEqual(bins.edges, ref.edges);
    t.deepEqual(bins.counts, ref.counts);
    t.is(bins.numExamples, 300);
    // Same float64 sums over the same float32 confidences, up to summation order: 1e-12.
    assertClose(t, bins.meanConfidence, nullsToNaN(ref.meanConfidence), {atol: 1e-12}, 'meanConfidence');
    assertClose(t, bins.accuracy, nullsToNaN(ref.binAccuracy), {atol: 1e-12}, 'accuracy');
    t.true(Math.abs(bins.ece - ref.ece) < 1e-12, `ece ${bins.ece} vs ${ref.ece}`);
    t.true(Math.abs(bins.mce - ref.mce) < 1e-12);
    t.true(Math.abs(expectedCalibrationError(probs, labels, {numBins: ref.numBins}) - ref.ece) < 1e-12);
    t.true(Math.abs(maximumCalibrationError(probs, labels, {numBins: ref.numBins}) - ref.mce) < 1e-12);
    t.is(tf.memory().numTensors, before);
    tf.dispose([probs, labels]);
  });
}

test('binary P(y = 1) vectors use the top label max(p, 1 - p)', (t) => {
  const ref = fixture.binary;
  const bins = calibrationBins(Float32Array.from(ref.p1), ref.labels, {numBins: 5});
  t.deepEqual(bins.counts, ref.counts);
  t.true(Math.abs(bins.ece - ref.ece) < 1e-12);
});

test('calibration rejects bad bins, confidences and correctness', (t) => {
  t.throws(() => calibrationBins([[0.5, 0.5]], [0], {numBins: 0}), {message: /calibrationBins: numBins is 0, expected a positive integer/});
  t.throws(() => calibrationBinsFromConfidences([1.2], [1]), {message: /confidences\[0\] is 1.2, expected a number in \[0, 1\]/});
  t.throws(() => calibrationBinsFromConfidences([0.5], [2]), {message: /correct\[0\] is 2, expected 0 or 1/});
  t.throws(() => calibrationBinsFromConfidences([0.5, 0.6], [1]), {message: /confidences has 2 entries and correct 1/});
  t.throws(() => calibrationBinsFromConfidences([], []), {message: /no examples/});
});
