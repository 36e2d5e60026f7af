import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {classifierUncertainty, mcClassify} from './classifier_uncertainty';
import {assertClose} from './internal/test_util';
import fixture from './__fixtures__/uncertainty.json';

test.before(async () => {
  await init();
});

// float32 entropies of K = 4 classes: each p log p carries a relative error ~1e-7 and |log p| < 20
// here, so 1e-5 absolute covers the sums; the mutual information is a difference of two such values.
const ATOL = 1e-5;

for (const fromLogits of [false, true]) {
  test(`classifierUncertainty matches numpy from ${fromLogits ? 'logits' : 'probabilities'}`, (t) => {
    const ref = fixture.classifier;
    const samples = tf.tensor(fromLogits ? ref.logits : ref.probs);
    const before = tf.memory().numTensors;
    const u = classifierUncertainty(samples, {fromLogits});
    assertClose(t, u.meanProbs.dataSync(), ref.meanProbs.flat(), {atol: 1e-6}, 'meanProbs');
    t.deepEqual(u.meanProbs.shape, [5, 4]);
    assertClose(t, u.totalEntropy.dataSync(), ref.totalEntropy, {atol: ATOL}, 'totalEntropy');
    assertClose(t, u.expectedEntropy.dataSync(), ref.expectedEntropy, {atol: ATOL}, 'expectedEntropy');
    assertClose(t, u.mutualInformation.dataSync(), ref.mutualInformation, {atol: ATOL}, 'mutualInformation');
    tf.dispose([u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation]);
    t.is(tf.memory().numTensors, before);
    samples.dispose();
  });
}

test('entropy decomposition: MI >= 0, total = aleatoric + epistemic, bounded by log K', (t) => {
  const samples = tf.tidy(() => tf.softmax(tf.mul(tf.randomNormal([7, 40, 5], 0, 1, 'float32', 3), 3)));
  const u = classifierUncertainty(samples);
  const total = u.totalEntropy.dataSync();
  const expected = u.expectedEntropy.dataSync();
  const mi = u.mutualInformation.dataSync();
  for (let i = 0; i < 40; i++) {
    t.true(mi[i] >= 0);
    t.true(Math.abs(total[i] - (expected[i] + mi[i])) <= 1e-6, `example ${i}`);
    t.true(total[i] <= Math.log(5) + 1e-6 && expected[i] >= 0);
  }
  t.true(Math.max(...mi) > 0.05, 'disagreeing passes carry epistemic uncertainty');
  tf.dispose([samples, u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation]);
});

test('MI is 0 when all passes agree, and entropy handles zero probabilities (0 log 0 = 0)', (t) => {
  const row = [[0.7, 0.2, 0.1, 0], [1, 0, 0, 0]];
  const samples = tf.tensor([row, row, row]);
  const u = classifierUncertainty(samples);
  const h = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
  // Mean of three identical float32 rows equals the row up to one rounding; 1e-6 on entropies.
  assertClose(t, u.totalEntropy.dataSync(), [h, 0], {atol: 1e-6}, 'totalEntropy');
  assertClose(t, u.expectedEntropy.dataSync(), [h, 0], {atol: 1e-6}, 'expectedEntropy');
  assertClose(t, u.mutualInformation.dataSync(), [0, 0], {atol: 1e-6}, 'mutualInformation');
  tf.dispose([samples, u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation]);
});

test('classifierUncertainty rejects samples that are not [T, N, K]', (t) => {
  const bad = tf.zeros([4]);
  t.throws(() => classifierUncertainty(bad), {message: /classifierUncertainty: samples has shape \[4\], expected \[T, N, K\]/});
  t.throws(() => classifierUncertainty([[0.5, 0.5]] as unknown as tf.Tensor), {message: /samples must be a tf.Tensor/});
  const logits = tf.tensor3d([[[2, -1]]]);
  const unnormalised = tf.tensor3d([[[0.5, 0.6]]]);
  const before = tf.memory().numTensors;
  t.throws(() => classifierUncertainty(logits, {validateArgs: true}), {message: /samples hold values in \[-1, 2\], expected probabilities in \[0, 1\]/});
  t.throws(() => classifierUncertainty(unnormalised, {validateArgs: true}), {message: /a row of samples sums to 1 \+\/- 0.1/});
  t.is(tf.memory().numTensors, before);
  tf.dispose([bad, logits, unnormalised]);
});

test('mcClassify streams batches to the same result as classifierUncertainty(mcPredict(...))', (t) => {
  // A tiny stochastic classifier: logits W x with W perturbed per pass (seeded by the pass index).
  const w = tf.tensor2d([[1, -1, 0.5], [0.3, 0.8, -1.2]]);
  const model = (x: tf.Tensor, s: number) => tf.tidy(() =>
    tf.matMul(x, tf.add(w, tf.randomNormal([2, 3], 0, 0.7, 'float32', 7 + s))));
  const x = tf.tidy(() => tf.randomNormal([11, 2], 0, 2, 'float32', 1));
  const before = tf.memory().numTensors;
  const streamed = mcClassify(model, x, {numSamples: 8, batchSize: 3, fromLogits: true});
  const logits = tf.tidy(() => tf.stack(Array.from({length: 8}, (_, s) => model(x, s))));
  const direct = classifierUncertainty(logits, {fromLogits: true});
  t.deepEqual(streamed.meanProbs.shape, [11, 3]);
  for (const key of ['meanProbs', 'totalEntropy', 'expectedEntropy', 'mutualInformation'] as const) {
    // Same float32 operations on row subsets: equal up to reduction order, 1e-6.
    assertClose(t, streamed[key].dataSync(), Array.from(direct[key].dataSync()), {atol: 1e-6}, key);
  }
  tf.dispose([logits, ...Object.values(direct), ...Object.values(streamed)]);
  t.is(tf.memory().numTensors, before);
  t.throws(() => mcClassify((b) => tf.zeros([b.shape[0] as number, 2, 2]), x, {numSamples: 2}),
    {message: /mcClassify: the model returned outputs of shape \[11, 2, 2\] per pass, expected \[batch, K\]/});
  t.throws(() => mcClassify(model, x, {numSamples: -1}), {message: /mcClassify: numSamples is -1, expected a positive integer/});
  t.is(tf.memory().numTensors, before);
  tf.dispose([w, x]);
});

test('mcClassify on a tf.LayersModel with dropout: MC dropout disagrees (MI > 0), inference mode agrees (MI = 0)', (t) => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({units: 16, inputShape: [4], activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({seed: 1})}),
      tf.layers.dropout({rate: 0.5}),
      tf.layers.dense({units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({seed: 2})}),
    ],
  });
  const x = tf.tidy(() => tf.randomNormal([20, 4], 0, 3, 'float32', 5));
  const before = tf.memory().numTensors;
  const mc = mcClassify(model, x, {numSamples: 16, batchSize: 7, training: true});
  const deterministic = mcClassify(model, x, {numSamples: 4, batchSize: 7});
  const rowSums = tf.tidy(() => tf.sum(mc.meanProbs, 1).dataSync());
  t.true(rowSums.every((s) => Math.abs(s - 1) < 1e-5), 'predictive probabilities sum to 1 (float32 softmax)');
  t.true(Math.max(...mc.mutualInformation.dataSync()) > 0.01, 'dropout passes disagree');
  // Identical passes: the MI is a float32 rounding residue of two equal entropies.
  t.true(Math.max(...deterministic.mutualInformation.dataSync()) < 1e-6, 'inference passes agree');
  const expectedProbs = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const got = deterministic.meanProbs.dataSync();
  t.true(got.every((v, i) => Math.abs(v - expectedProbs[i]) < 1e-6), 'inference mode reproduces model.predict');
  tf.dispose([...Object.values(mc), ...Object.values(deterministic)]);
  t.is(tf.memory().numTensors, before);
  x.dispose();
  model.dispose();
});
