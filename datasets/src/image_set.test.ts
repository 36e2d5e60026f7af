import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {channelMoments} from './channel_moments';
import {imagesTensor, oneHotLabels, subset, toDataset} from './image_set';
import type {ImageSet} from './image_set';
import {ByteImageSource, asImageSource, toImageSet} from './image_source';

test.before(async () => {
  await init();
});

/** 10 images of 2x2 pixels with 3 channels; pixel value (i*12 + p*3 + c) / 255. */
function tinySet(): ImageSet {
  const bytes = Uint8Array.from({length: 10 * 12}, (_, k) => k);
  const labels = Int32Array.from({length: 10}, (_, i) => i % 4);
  return toImageSet(new ByteImageSource(bytes, labels, [2, 2, 3], ['a', 'b', 'c', 'd']));
}

async function collect(dataset: tf.data.Dataset<{xs: tf.Tensor4D; ys: tf.Tensor}>) {
  const xs: number[][] = [];
  const ys: number[][] = [];
  await dataset.forEachAsync((b) => {
    xs.push(Array.from(b.xs.dataSync()));
    ys.push(Array.from(b.ys.dataSync()));
    tf.dispose([b.xs, b.ys]);
  });
  return {xs, ys};
}

test('toDataset without shuffling yields the examples in order, the last batch short', async (t) => {
  const set = tinySet();
  const {xs, ys} = await collect(toDataset(set, {batchSize: 4}));
  t.deepEqual(xs.map((b) => b.length / 12), [4, 4, 2]);
  t.deepEqual(ys.flat(), Array.from(set.labels));
  t.deepEqual(xs.flat(), Array.from(set.images));
});

test('shuffling is a permutation, the same for the same seed, new on each pass', async (t) => {
  const set = tinySet();
  // Example i is recognisable by its first pixel value i*12/255.
  const order = (b: number[][]) => b.flatMap((x) => x.filter((_, k) => k % 12 === 0).map((v) => Math.round(v * 255) / 12));
  const a = toDataset(set, {batchSize: 3, shuffle: true, seed: 42});
  const pass1 = order((await collect(a)).xs);
  const pass2 = order((await collect(a)).xs);
  const again = order((await collect(toDataset(set, {batchSize: 3, shuffle: true, seed: 42}))).xs);
  t.deepEqual([...pass1].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.deepEqual(again, pass1);
  t.notDeepEqual(pass2, pass1);
  t.notDeepEqual(pass1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Labels travel with their images.
  const {xs, ys} = await collect(toDataset(set, {batchSize: 10, shuffle: true, seed: 7, oneHot: true}));
  order(xs).forEach((i, row) => t.is(ys[0].slice(row * 4, row * 4 + 4).indexOf(1), i % 4));
});

test('normalize standardises each channel: (x - mean[c]) / std[c]', async (t) => {
  const set = tinySet();
  const mean = [0.1, 0.2, 0.3];
  const std = [0.5, 2, 4];
  const {xs} = await collect(toDataset(set, {batchSize: 10, normalize: {mean, std}}));
  // One float32 subtraction and division: relative error below 2^-22.
  xs[0].forEach((v, k) => {
    const c = k % 3;
    const expected = (set.images[k] - mean[c]) / std[c];
    t.true(Math.abs(v - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `pixel ${k}: ${v} vs ${expected}`);
  });
});

test('channelMoments matches the per-channel mean and std of the pixels', (t) => {
  const set = tinySet();
  // Channel c holds (i*12 + p*3 + c)/255 for i < 10, p < 4: 40 values, computed directly here.
  const {mean, std} = channelMoments(set);
  for (let c = 0; c < 3; c++) {
    const values = Array.from({length: 40}, (_, k) => (Math.floor(k / 4) * 12 + (k % 4) * 3 + c) / 255);
    const m = values.reduce((a, b) => a + b, 0) / 40;
    const s = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / 40);
    t.true(Math.abs(mean[c] - m) < 1e-7, `mean[${c}]`);
    t.true(Math.abs(std[c] - s) < 1e-7, `std[${c}]`);
  }
  t.deepEqual(channelMoments(set, 1).mean.map((v) => Math.round(v * 255 * 1000) / 1000), [4.5, 5.5, 6.5]);
  t.throws(() => channelMoments(set, 0), {message: /needs at least one example/});
});

test('bad batch options are rejected with the value received', (t) => {
  const set = tinySet();
  t.throws(() => toDataset(set, {batchSize: 0}), {message: 'toDataset: batchSize must be a positive integer, got 0'});
  t.throws(() => toDataset(set, {batchSize: 2, normalize: {mean: [0], std: [1]}}), {
    message: 'toDataset: normalize needs one mean and one std per channel (3), got 1 means and 1 stds',
  });
  t.throws(() => toDataset(set, {batchSize: 2, normalize: {mean: [0, 0, 0], std: [1, 0, 1]}}), {
    message: 'toDataset: normalize.std[1] must be positive and finite, got 0',
  });
});

test('subset, imagesTensor, oneHotLabels and the sources agree and do not leak', (t) => {
  const set = tinySet();
  const before = tf.memory().numTensors;
  const picked = subset(set, [9, 2]);
  t.deepEqual(Array.from(picked.labels), [1, 2]);
  t.deepEqual(Array.from(picked.images.subarray(0, 12)), Array.from(set.images.subarray(108, 120)));
  const images = imagesTensor(picked);
  const labels = oneHotLabels(picked);
  t.deepEqual(images.shape, [2, 2, 2, 3]);
  t.deepEqual(Array.from(labels.dataSync()), [0, 1, 0, 0, 0, 0, 1, 0]);
  tf.dispose([images, labels]);
  t.is(tf.memory().numTensors, before);
  const out = new Float32Array(12);
  asImageSource(set).readPixels([3], out);
  t.deepEqual(Array.from(out), Array.from(set.images.subarray(36, 48)));
  t.throws(() => subset(set, [10]), {message: 'subset: index 10 is outside the data set of 10 examples'});
  t.throws(() => new ByteImageSource(new Uint8Array(5), new Int32Array(1), [2, 2, 1], ['x']), {
    message: 'ByteImageSource: 5 pixel bytes for 1 images of shape [2, 2, 1]; expected 4',
  });
});
