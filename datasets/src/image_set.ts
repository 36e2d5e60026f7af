import * as tf from '@tensorflow/tfjs';
import {asImageSource, checkIndices, isImageSet, pixelsPerImage} from './image_source';
import type {ImageSource} from './image_source';
import {mulberry32, permutation} from './permutation';

/** A labelled image data set held in memory, pixels scaled to [0, 1], layout NHWC. */
export interface ImageSet {
  /** `count * height * width * channels` pixels in [0, 1]. */
  images: Float32Array;
  /** One class index per image, in [0, numClasses). */
  labels: Int32Array;
  count: number;
  /** [height, width, channels]. */
  imageShape: [number, number, number];
  numClasses: number;
  classNames: string[];
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle the examples each pass; pass k of a dataset made with `seed` is always the same order. */
  shuffle?: boolean;
  seed?: number;
  /** Emit one-hot labels (`ys` of shape [batch, numClasses]) instead of class indices. */
  oneHot?: boolean;
  /**
   * Standardise each channel after scaling to [0, 1]: x' = (x - mean[c]) / std[c], one entry
   * per channel (see `channelMoments`).
   */
  normalize?: {mean: number[]; std: number[]};
}

/** Images of `set` as a float32 tensor of shape [count, height, width, channels]. */
export function imagesTensor(set: ImageSet): tf.Tensor4D {
  return tf.tensor4d(set.images, [set.count, ...set.imageShape], 'float32');
}

/** Labels of `set` as one-hot float32 [count, numClasses]. */
export function oneHotLabels(set: ImageSet): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, 'int32'), set.numClasses).toFloat() as tf.Tensor2D);
}

/** The examples of `set` at `indices`, as a new ImageSet. */
export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  checkIndices('subset', indices, set.count);
  const pixels = pixelsPerImage(set.imageShape);
  const images = new Float32Array(indices.length * pixels);
  asImageSource(set).readPixels(indices, images);
  const labels = Int32Array.from({length: indices.length}, (_, i) => set.labels[indices[i]]);
  return {...set, images, labels, count: indices.length};
}

function checkBatchOptions(options: BatchOptions, channels: number): void {
  if (!(Number.isInteger(options.batchSize) && options.batchSize > 0)) {
    throw new Error(`toDataset: batchSize must be a positive integer, got ${options.batchSize}`);
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new Error(`toDataset: seed must be a finite number, got ${options.seed}`);
  }
  const norm = options.normalize;
  if (norm !== undefined) {
    if (norm.mean.length !== channels || norm.std.length !== channels) {
      throw new Error(
        `toDataset: normalize needs one mean and one std per channel (${channels}), ` +
          `got ${norm.mean.length} means and ${norm.std.length} stds`,
      );
    }
    norm.std.forEach((s, c) => {
      if (!(s > 0 && Number.isFinite(s))) {
        throw new Error(`toDataset: normalize.std[${c}] must be positive and finite, got ${s}`);
      }
    });
  }
}

/**
 * Streams an ImageSet or an ImageSource as a tfjs-data dataset of `{xs, ys}` batches: `xs`
 * float32 [batch, height, width, channels] in [0, 1] (or standardised), `ys` int32 class
 * indices [batch] or float32 one-hot [batch, numClasses]. Only one batch of float pixels is
 * built at a time, so a source on disk is never held in memory.
 */
export function toDataset(
  data: ImageSet | ImageSource,
  options: BatchOptions,
): tf.data.Dataset<{xs: tf.Tensor4D; ys: tf.Tensor}> {
  const source = isImageSet(data) ? asImageSource(data) : data;
  const [height, width, channels] = source.imageShape;
  checkBatchOptions(options, channels);
  const pixels = pixelsPerImage(source.imageShape);
  const {batchSize, normalize} = options;
  const baseSeed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  let pass = 0;
  function* batches(): Generator<{xs: tf.Tensor4D; ys: tf.Tensor}> {
    const order = options.shuffle
      ? permutation(source.count, mulberry32(baseSeed + Math.imul(pass++, 0x9e3779b9)))
      : Int32Array.from({length: source.count}, (_, i) => i);
    for (let start = 0; start < source.count; start += batchSize) {
      const indices = order.subarray(start, Math.min(source.count, start + batchSize));
      const n = indices.length;
      const images = new Float32Array(n * pixels);
      source.readPixels(indices, images);
      if (normalize !== undefined) {
        for (let p = 0; p < images.length; p++) {
          const c = p % channels;
          images[p] = (images[p] - normalize.mean[c]) / normalize.std[c];
        }
      }
      const xs = tf.tensor4d(images, [n, height, width, channels], 'float32');
      let ys: tf.Tensor;
      if (options.oneHot) {
        const oneHot = new Float32Array(n * source.numClasses);
        indices.forEach((j, i) => (oneHot[i * source.numClasses + source.labels[j]] = 1));
        ys = tf.tensor2d(oneHot, [n, source.numClasses], 'float32');
      } else {
        ys = tf.tensor1d(Int32Array.from(indices, (j) => source.labels[j]), 'int32');
      }
      yield {xs, ys};
    }
  }
  return tf.data.generator(batches);
}
