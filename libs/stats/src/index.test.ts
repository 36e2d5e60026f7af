import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import * as stats from './index';
import {pngSize} from './plots/png_test_util';

test.before(async () => {
  await init();
});

test('the package exports the public API (and not its internal helpers)', (t) => {
  const names = Object.keys(stats).sort();
  t.deepEqual(names, [
    'accuracy', 'auroc', 'brierScore', 'calibrationBins', 'calibrationBinsFromConfidences', 'classifierUncertainty',
    'expectedCalibrationError', 'maximumCalibrationError', 'mcClassify', 'mcMapBatches', 'mcPredict', 'mcRegress',
    'negativeLogLikelihood', 'oodAuroc', 'oodRocCurve', 'regressorUncertainty', 'reliabilityDiagram', 'rocCurve',
    'uncertaintyHistogram',
  ]);
});

test('end to end: MC classification, calibration and OOD detection by entropy, with pictures, leak-free', (t) => {
  // Two classes centred at (-4, 0) and (4, 0); the passes perturb a linear classifier's weights.
  // In-distribution inputs sit near the centres, OOD inputs near the boundary x = 0, where the
  // predictive entropy is high: entropy should separate them almost perfectly.
  const w = tf.tensor2d([[-1.5, 1.5], [0, 0]]);
  const model = (x: tf.Tensor, s: number) => tf.tidy(() => tf.softmax(tf.matMul(x, tf.add(w, tf.randomNormal([2, 2], 0, 0.3, 'float32', 50 + s)))));
  const labels = Array.from({length: 60}, (_, i) => i % 2);
  const inputs = tf.tidy(() => tf.add(
    tf.tensor2d(labels.map((y) => [y === 1 ? 4 : -4, 0])), tf.randomNormal([60, 2], 0, 1, 'float32', 2)));
  const ood = tf.tidy(() => tf.randomNormal([40, 2], 0, 0.5, 'float32', 3));
  const before = tf.memory().numTensors;
  const inDist = stats.mcClassify(model, inputs, {numSamples: 10, batchSize: 16});
  const outDist = stats.mcClassify(model, ood, {numSamples: 10, batchSize: 16});
  t.true(stats.accuracy(inDist.meanProbs, labels) > 0.95);
  const bins = stats.calibrationBins(inDist.meanProbs, labels, {numBins: 10});
  t.is(bins.counts.reduce((a, b) => a + b, 0), 60);
  const auc = stats.oodAuroc(inDist.totalEntropy, outDist.totalEntropy);
  t.true(auc > 0.9, `AUROC of entropy for OOD ${auc}`);
  const reliability = stats.reliabilityDiagram(bins);
  const histogram = stats.uncertaintyHistogram([
    {label: 'In-distribution', values: inDist.totalEntropy},
    {label: 'OOD', values: outDist.totalEntropy},
  ], {title: `Predictive entropy (AUROC ${auc.toFixed(3)})`});
  t.deepEqual(pngSize(t, reliability), {width: 640, height: 640});
  t.deepEqual(pngSize(t, histogram), {width: 640, height: 480});
  tf.dispose([...Object.values(inDist), ...Object.values(outDist)]);
  t.is(tf.memory().numTensors, before);
  tf.dispose([w, inputs, ood]);
});
