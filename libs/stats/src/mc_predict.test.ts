import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {mcMapBatches, mcPredict} from './mc_predict';

test.before(async () => {
  await init();
});

/** Dropout-like function: pass t keeps each feature with probability 1/2 (mask seeded by t) and rescales by 2. */
function seededDropout(x: tf.Tensor, t: number): tf.Tensor {
  return tf.tidy(() => {
    const keep = tf.less(tf.randomUniform([1, x.shape[1] as number], 0, 1, 'float32', 1000 + t), 0.5);
    return tf.mul(tf.mul(x, keep.toFloat()), 2);
  });
}

function inputs(n: number, d: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.reshape(tf.range(0, n * d), [n, d]), 1) as tf.Tensor2D);
}

test('mcPredict stacks T passes as [T, N, ...], pass t being model(x, t)', (t) => {
  const x = inputs(10, 6);
  const before = tf.memory().numTensors;
  const out = mcPredict(seededDropout, x, {numSamples: 4});
  t.deepEqual(out.shape, [4, 10, 6]);
  const got = out.arraySync() as number[][][];
  for (let s = 0; s < 4; s++) {
    const expected = tf.tidy(() => seededDropout(x, s).arraySync()) as number[][];
    t.deepEqual(got[s], expected);
  }
  // The passes differ (the masks are random), so this is not a constant model.
  t.notDeepEqual(got[0], got[1]);
  out.dispose();
  t.is(tf.memory().numTensors, before);
  x.dispose();
});

test('mcPredict over batches equals one big batch (uneven last batch) and does not leak', (t) => {
  const x = inputs(10, 5);
  const before = tf.memory().numTensors;
  const whole = mcPredict(seededDropout, x, {numSamples: 3, batchSize: 10});
  const batched = mcPredict(seededDropout, x, {numSamples: 3, batchSize: 4});
  const single = mcPredict(seededDropout, x, {numSamples: 3, batchSize: 1});
  t.deepEqual(batched.arraySync(), whole.arraySync());
  t.deepEqual(single.arraySync(), whole.arraySync());
  tf.dispose([whole, batched, single]);
  t.is(tf.memory().numTensors, before);
  x.dispose();
});

test('mcPredict runs a LayersModel with dropout active only when training is set (MC dropout)', (t) => {
  const model = tf.sequential({layers: [tf.layers.dropout({rate: 0.5, inputShape: [8]})]});
  const x = tf.ones([50, 8]);
  const before = tf.memory().numTensors;
  const inference = mcPredict(model, x, {numSamples: 3, batchSize: 16});
  t.deepEqual(inference.shape, [3, 50, 8]);
  t.deepEqual(tf.tidy(() => tf.unique(inference.flatten()).values.arraySync()), [1]);
  const numSamples = 40;
  const mc = mcPredict(model, x, {numSamples, batchSize: 16, training: true});
  const values = mc.dataSync();
  t.true(values.every((v) => v === 0 || v === 2), 'inverted dropout gives 0 or 1 / (1 - rate)');
  // Each value is 0 or 2 with probability 1/2: mean 1, sd 1; the grand mean of 40 * 50 * 8 = 16000
  // values has standard error 1 / sqrt(16000) = 0.0079; allow 5 standard errors.
  const grandMean = Array.from(values).reduce((a, b) => a + b, 0) / values.length;
  t.true(Math.abs(grandMean - 1) < 5 / Math.sqrt(values.length), `grand mean ${grandMean}`);
  tf.dispose([inference, mc]);
  t.is(tf.memory().numTensors, before);
  tf.dispose([x]);
  model.dispose();
});

test('mcMapBatches reduces each batch of passes and concatenates the statistics', (t) => {
  const x = inputs(9, 3);
  const before = tf.memory().numTensors;
  const stats = mcMapBatches(seededDropout, x, {numSamples: 5, batchSize: 4}, (passes) => ({
    mean: tf.mean(passes, 0),
    max: tf.max(passes, 0),
  }));
  const all = mcPredict(seededDropout, x, {numSamples: 5});
  const expectedMean = tf.tidy(() => tf.mean(all, 0).arraySync());
  const expectedMax = tf.tidy(() => tf.max(all, 0).arraySync());
  t.deepEqual(stats.mean.arraySync(), expectedMean);
  t.deepEqual(stats.max.arraySync(), expectedMax);
  tf.dispose([stats.mean, stats.max, all]);
  t.is(tf.memory().numTensors, before);
  x.dispose();
});

test('mcPredict and mcMapBatches reject bad options and outputs clearly, without leaking', (t) => {
  const x = inputs(6, 2);
  const before = tf.memory().numTensors;
  t.throws(() => mcPredict(seededDropout, x, {numSamples: 0}), {message: /mcPredict: numSamples is 0, expected a positive integer/});
  t.throws(() => mcPredict(seededDropout, x, {numSamples: 2, batchSize: 1.5}), {message: /batchSize is 1.5/});
  t.throws(() => mcPredict(seededDropout, [1, 2] as unknown as tf.Tensor, {numSamples: 2}), {message: /inputs must be a tf.Tensor/});
  t.throws(() => mcPredict((b) => tf.sum(b, 1, true).reshape([-1]).slice(0, 1), x, {numSamples: 2, batchSize: 4}),
    {message: /forward pass 0 returned shape \[1\] for 4 inputs, expected \[4, \.\.\.\]/});
  let calls = 0;
  t.throws(() => mcPredict((b, s) => {
    calls++;
    if (calls === 3) throw new Error('boom');
    return seededDropout(b, s);
  }, x, {numSamples: 2, batchSize: 4}), {message: 'boom'});
  t.throws(() => mcMapBatches(seededDropout, x, {numSamples: 2, batchSize: 4}, (p) => ({m: tf.mean(p)})),
    {message: /reduce returned m = shape \[\], expected a tensor \[4, \.\.\.\]/});
  t.throws(() => mcPredict({} as unknown as tf.LayersModel, x, {numSamples: 1}), {message: /model must be a tf.LayersModel or a function/});
  t.is(tf.memory().numTensors, before);
  x.dispose();
});
