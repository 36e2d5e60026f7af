import {idxSources, loadIdx} from './idx';
import type {IdxOptions} from './idx';
import type {ByteImageSource} from './image_source';
import type {ImageSet} from './image_set';

/** Where Debian's `dataset-fashion-mnist` package installs the four gzipped IDX files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's ten classes, by label. */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export interface FashionMnistOptions {
  /** Directory with the IDX files (gzipped or not). Default: FASHION_MNIST_DEBIAN_DIR. */
  dir?: string;
  /** Read at most this many examples of each split (the first ones). */
  limit?: IdxOptions['limit'];
}

function idxOptions(options: FashionMnistOptions): IdxOptions {
  return {classNames: FASHION_MNIST_CLASS_NAMES, limit: options.limit, what: 'Fashion-MNIST'};
}

/**
 * Fashion-MNIST (Zalando; 60,000 training and 10,000 test images of 28x28 grey levels, ten
 * clothing classes) from IDX files, in memory with pixels in [0, 1]. Without `dir`, reads the
 * copy of Debian's `dataset-fashion-mnist` package (`apt-get install dataset-fashion-mnist`).
 */
export function loadFashionMnist(options: FashionMnistOptions = {}): {train: ImageSet; test: ImageSet} {
  return loadIdx(options.dir ?? FASHION_MNIST_DEBIAN_DIR, idxOptions(options));
}

/** Fashion-MNIST as streaming sources (bytes in memory, floats one batch at a time). */
export function fashionMnistSources(options: FashionMnistOptions = {}): {train: ByteImageSource; test: ByteImageSource} {
  return idxSources(options.dir ?? FASHION_MNIST_DEBIAN_DIR, idxOptions(options));
}
