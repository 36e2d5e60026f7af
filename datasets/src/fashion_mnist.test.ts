import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {channelMoments} from './channel_moments';
import {FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_DEBIAN_DIR, fashionMnistSources, loadFashionMnist} from './fashion_mnist';
import {toDataset} from './image_set';
import {scratchDir, writeIdxDir} from './testing/fixtures';

interface SplitSummary {
  count: number;
  firstLabels: number[];
  classCounts: number[];
  pixelMean: number;
  pixelStd: number;
  firstImagePixelSum: number;
}
/** Written by tools/fixtures/fashion_mnist_summary.py (gzip + numpy reading the same files). */
const summary = JSON.parse(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'fashion_mnist_summary.json'), 'utf8'),
) as {train: SplitSummary; test: SplitSummary};

const haveDebianFiles = fs.existsSync(FASHION_MNIST_DEBIAN_DIR);
const realTest = haveDebianFiles ? test.serial : test.skip;
const skipNote = haveDebianFiles ? '' : ` (skipped: ${FASHION_MNIST_DEBIAN_DIR} is absent; apt-get install dataset-fashion-mnist)`;

test.before(async () => {
  await init();
});

realTest(`the real Fashion-MNIST files agree with numpy's reading of them${skipNote}`, (t) => {
  const {train, test: held} = loadFashionMnist();
  for (const [set, expected] of [
    [train, summary.train],
    [held, summary.test],
  ] as const) {
    t.is(set.count, expected.count);
    t.deepEqual(set.imageShape, [28, 28, 1]);
    t.deepEqual(set.classNames, FASHION_MNIST_CLASS_NAMES);
    t.deepEqual(Array.from(set.labels.subarray(0, 10)), expected.firstLabels);
    const counts = new Array(10).fill(0);
    set.labels.forEach((l) => counts[l]++);
    t.deepEqual(counts, expected.classCounts);
    const {mean, std} = channelMoments(set);
    // Pixels are k/255 in float32 (relative error 6e-8) summed in float64: 1e-6 is generous.
    t.true(Math.abs(mean[0] - expected.pixelMean) < 1e-6, `mean ${mean[0]} vs ${expected.pixelMean}`);
    t.true(Math.abs(std[0] - expected.pixelStd) < 1e-6, `std ${std[0]} vs ${expected.pixelStd}`);
    let firstSum = 0;
    set.images.subarray(0, 784).forEach((v) => (firstSum += v));
    // 784 float32 roundings of at most 3e-8 each.
    t.true(Math.abs(firstSum - expected.firstImagePixelSum) < 1e-4, `first image sum ${firstSum}`);
  }
  t.is(train.classNames[9], 'Ankle boot');
});

realTest(`the real Fashion-MNIST test split streams as batches${skipNote}`, async (t) => {
  const {test: source} = fashionMnistSources({limit: {train: 10}});
  t.is(source.count, summary.test.count);
  const before = tf.memory().numTensors;
  const firstLabels: number[] = [];
  let batches = 0;
  await toDataset(source, {batchSize: 2500}).forEachAsync(({xs, ys}) => {
    batches++;
    t.deepEqual(xs.shape, [2500, 28, 28, 1]);
    if (firstLabels.length === 0) {
      firstLabels.push(...Array.from(ys.dataSync().subarray(0, 10)));
    }
    tf.dispose([xs, ys]);
  });
  t.is(batches, 4);
  t.deepEqual(firstLabels, summary.test.firstLabels);
  t.is(tf.memory().numTensors, before);
});

test('loadFashionMnist reads any directory of the same files and names the data set in errors', (t) => {
  const dir = writeIdxDir(scratchDir('fashion'), 6, 3, {gzip: true, height: 28, width: 28});
  try {
    const {train} = loadFashionMnist({dir, limit: {train: 4}});
    t.is(train.count, 4);
    t.is(train.classNames[0], 'T-shirt/top');
    fs.rmSync(`${dir}/train-images-idx3-ubyte.gz`);
    t.throws(() => loadFashionMnist({dir}), {message: /Fashion-MNIST needs train-images-idx3-ubyte\(\.gz\)/});
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
});
