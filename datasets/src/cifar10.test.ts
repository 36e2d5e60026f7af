import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {CIFAR10_CLASS_NAMES, cifar10Sources, loadCifar10} from './cifar10';
import {DataFileError} from './data_file';
import {toDataset} from './image_set';
import {cifarByte, cifarLabel, literal, scratchDir, writeCifarDir} from './testing/fixtures';

const root = scratchDir('cifar');
test.before(async () => {
  await init();
});
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

const TRAIN_RECORDS = [3, 2, 4, 1, 3];
const TEST_RECORDS = 4;

let dirs = 0;
function freshCifar(): string {
  return writeCifarDir(path.join(root, `set-${dirs++}`), TRAIN_RECORDS, TEST_RECORDS);
}

/** Which (file, record) the i-th training example comes from. */
function trainOrigin(i: number): [number, number] {
  let f = 0;
  while (i >= TRAIN_RECORDS[f]) {
    i -= TRAIN_RECORDS[f];
    f++;
  }
  return [f, i];
}

/** The float the loader must produce for pixel (y, x), channel c of record r of file f. */
function expectedPixel(f: number, r: number, y: number, x: number, c: number): number {
  return Math.fround(cifarByte(f, r, c, y * 32 + x) / 255);
}

test('loadCifar10 turns channel-planar records into NHWC floats with their labels', (t) => {
  const {train, test: held} = loadCifar10({dir: freshCifar()});
  t.is(train.count, 13);
  t.is(held.count, TEST_RECORDS);
  t.deepEqual(train.imageShape, [32, 32, 3]);
  t.deepEqual(train.classNames, CIFAR10_CLASS_NAMES);
  t.deepEqual(
    Array.from(train.labels),
    Array.from({length: 13}, (_, i) => cifarLabel(...trainOrigin(i))),
  );
  t.deepEqual(Array.from(held.labels), [0, 1, 2, 3].map((r) => cifarLabel(5, r)));
  let mismatches = 0;
  for (let i = 0; i < 13; i++) {
    const [f, r] = trainOrigin(i);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        for (let c = 0; c < 3; c++) {
          if (train.images[((i * 32 + y) * 32 + x) * 3 + c] !== expectedPixel(f, r, y, x, c)) {
            mismatches++;
          }
        }
      }
    }
  }
  t.is(mismatches, 0);
  t.is(held.images[((2 * 32 + 5) * 32 + 7) * 3 + 1], expectedPixel(5, 2, 5, 7, 1));
});

test.serial('the source streams shuffled batches from disk that match the in-memory set, without leaks', async (t) => {
  const dir = freshCifar();
  const {train: source} = cifar10Sources({dir});
  const {train: whole} = loadCifar10({dir});
  const before = tf.memory().numTensors;
  const seen: number[] = [];
  let batches = 0;
  await toDataset(source, {batchSize: 5, shuffle: true, seed: 3, oneHot: true}).forEachAsync(({xs, ys}) => {
    batches++;
    const n = xs.shape[0];
    t.deepEqual(xs.shape.slice(1), [32, 32, 3]);
    t.deepEqual(ys.shape, [n, 10]);
    const pixels = xs.dataSync();
    const oneHot = ys.dataSync();
    for (let b = 0; b < n; b++) {
      const label = oneHot.subarray(b * 10, b * 10 + 10).indexOf(1);
      // Identify the example by its pixels (all 13 images differ) and check its label.
      const image = pixels.subarray(b * 3072, (b + 1) * 3072);
      const index = Array.from({length: whole.count}, (_, i) => i).find((i) =>
        image.every((v, k) => v === whole.images[i * 3072 + k]),
      );
      t.not(index, undefined);
      t.is(label, whole.labels[index!]);
      seen.push(index!);
    }
    tf.dispose([xs, ys]);
  });
  t.is(batches, 3);
  t.deepEqual([...seen].sort((a, b) => a - b), Array.from({length: 13}, (_, i) => i));
  t.notDeepEqual(seen, Array.from({length: 13}, (_, i) => i), 'seed 3 shuffles');
  t.is(tf.memory().numTensors, before);
});

test('class names come from batches.meta.txt, with CIFAR-10 names when it is absent', (t) => {
  const dir = freshCifar();
  fs.writeFileSync(path.join(dir, 'batches.meta.txt'), 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
  t.deepEqual(cifar10Sources({dir}).train.classNames, 'abcdefghij'.split(''));
  fs.rmSync(path.join(dir, 'batches.meta.txt'));
  t.deepEqual(cifar10Sources({dir}).test.classNames, CIFAR10_CLASS_NAMES);
  const meta = path.join(dir, 'batches.meta.txt');
  fs.writeFileSync(meta, 'cat\ndog\n');
  t.throws(() => cifar10Sources({dir}), {message: new RegExp(`^${literal(meta)}: lists 2 class names, expected 10`)});
});

test('limits read only the first examples, and the parent of cifar-10-batches-bin is accepted', (t) => {
  const parent = path.join(root, 'parent');
  writeCifarDir(path.join(parent, 'cifar-10-batches-bin'), TRAIN_RECORDS, TEST_RECORDS);
  const {train, test: held} = loadCifar10({dir: parent, limit: {train: 6, test: 1}});
  t.is(train.count, 6);
  t.is(held.count, 1);
  t.deepEqual(Array.from(train.labels), [0, 1, 2, 3, 4, 5].map((i) => cifarLabel(...trainOrigin(i))));
  t.is(train.images[5 * 3072 + 2], expectedPixel(2, 0, 0, 0, 2));
  t.throws(() => cifar10Sources({dir: parent, limit: {train: 1.5}}), {
    message: 'CIFAR-10: limit.train must be a non-negative integer, got 1.5',
  });
});

test('a batch truncated mid-record names the file, the record and its byte offset', (t) => {
  const dir = freshCifar();
  const file = path.join(dir, 'data_batch_3.bin');
  fs.truncateSync(file, 2 * 3073 + 1000);
  const error = t.throws(() => cifar10Sources({dir}), {instanceOf: DataFileError});
  t.is(
    error?.message,
    `${file} (record 2, byte offset 6146): truncated or corrupt: 7146 bytes is 2 whole 3073-byte records ` +
      'and 1000 bytes of an incomplete record 2',
  );
});

test('a label of 200 names the file, the record and its byte offset', (t) => {
  const dir = freshCifar();
  const file = path.join(dir, 'test_batch.bin');
  const bytes = fs.readFileSync(file);
  bytes[3 * 3073] = 200;
  fs.writeFileSync(file, bytes);
  t.throws(() => cifar10Sources({dir}), {
    message: `${file} (record 3, byte offset 9219): label 200 is outside [0, 9]: the file is corrupt or not a CIFAR-10 batch`,
  });
});

test('a missing test_batch.bin lists the expected files and what is there', (t) => {
  const dir = freshCifar();
  fs.rmSync(path.join(dir, 'test_batch.bin'));
  t.throws(() => cifar10Sources({dir}), {
    message:
      `${path.join(dir, 'test_batch.bin')}: missing: no test_batch.bin in ${dir}. CIFAR-10 needs ` +
      'data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, ' +
      'test_batch.bin, batches.meta.txt; the directory holds batches.meta.txt, data_batch_1.bin, ' +
      'data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin',
  });
});

test('a missing directory, an empty batch and a missing dir option are explained', (t) => {
  const missing = path.join(root, 'absent');
  t.throws(() => loadCifar10({dir: missing}), {
    message: new RegExp(`^${literal(missing)}: the CIFAR-10 directory does not exist; expected it to hold data_batch_1\\.bin`),
  });
  const dir = freshCifar();
  fs.writeFileSync(path.join(dir, 'data_batch_5.bin'), '');
  t.throws(() => cifar10Sources({dir}), {
    message: `${path.join(dir, 'data_batch_5.bin')} (byte offset 0): is empty: a CIFAR-10 batch file holds 3073-byte records`,
  });
  t.throws(() => cifar10Sources({dir: ''}), {message: /^CIFAR-10: options.dir must name the directory holding data_batch_1.bin/});
});

test('a file that shrinks after it was checked fails when read, naming the offset', (t) => {
  const dir = freshCifar();
  const {test: source} = cifar10Sources({dir});
  const file = path.join(dir, 'test_batch.bin');
  fs.truncateSync(file, 3073 + 10);
  t.throws(() => source.readPixels([1], new Float32Array(3072)), {
    message: `${file} (record 1, byte offset 3083): ended early: read 10 of 3073 bytes (the file shrank after it was checked)`,
  });
});

test.serial('a CIFAR-10 source feeds model.fitDataset directly', async (t) => {
  const {train} = cifar10Sources({dir: freshCifar()});
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({inputShape: [32, 32, 3], filters: 2, kernelSize: 3, strides: 4, activation: 'relu'}),
      tf.layers.flatten(),
      tf.layers.dense({units: 10, activation: 'softmax'}),
    ],
  });
  model.compile({optimizer: 'sgd', loss: 'categoricalCrossentropy'});
  const before = tf.memory().numTensors;
  const history = await model.fitDataset(toDataset(train, {batchSize: 4, shuffle: true, seed: 1, oneHot: true}), {
    epochs: 2,
    verbose: 0,
  });
  t.is(history.history.loss.length, 2);
  history.history.loss.forEach((loss) => t.true(Number.isFinite(loss as number), `loss ${loss}`));
  t.is(tf.memory().numTensors, before, 'the batches are disposed by fitDataset');
  model.dispose();
});
