import * as tf from '@tensorflow/tfjs';

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
  /** Shuffle the examples each pass, reproducibly for a given seed. */
  shuffle?: boolean;
  seed?: number;
  /** Emit one-hot labels (`ys` of shape [batch, numClasses]) instead of class indices. */
  oneHot?: boolean;
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
  const pixels = set.imageShape[0] * set.imageShape[1] * set.imageShape[2];
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= set.count) {
      throw new Error(`subset: index ${j} is outside the data set of ${set.count} examples`);
    }
    images.set(set.images.subarray(j * pixels, (j + 1) * pixels), i * pixels);
    labels[i] = set.labels[j];
  }
  return {...set, images, labels, count: indices.length};
}

/** Streams `set` as a tfjs-data dataset of `{xs, ys}` batches. */
export function toDataset(set: ImageSet, options: BatchOptions): tf.data.Dataset<{xs: tf.Tensor4D; ys: tf.Tensor}> {
  const pixels = set.imageShape[0] * set.imageShape[1] * set.imageShape[2];
  let dataset = tf.data.generator(function* () {
    for (let i = 0; i < set.count; i++) {
      yield i;
    }
  }) as tf.data.Dataset<number>;
  if (options.shuffle) {
    dataset = dataset.shuffle(set.count, options.seed === undefined ? undefined : String(options.seed));
  }
  return dataset.batch(options.batchSize).map((indexTensor) =>
    tf.tidy(() => {
      const indices = (indexTensor as tf.Tensor).dataSync();
      const images = new Float32Array(indices.length * pixels);
      const labels = new Int32Array(indices.length);
      indices.forEach((j, i) => {
        images.set(set.images.subarray(j * pixels, (j + 1) * pixels), i * pixels);
        labels[i] = set.labels[j];
      });
      const xs = tf.tensor4d(images, [indices.length, ...set.imageShape]);
      const classes = tf.tensor1d(labels, 'int32');
      const ys = options.oneHot ? tf.oneHot(classes, set.numClasses).toFloat() : classes;
      return {xs, ys};
    }),
  ) as tf.data.Dataset<{xs: tf.Tensor4D; ys: tf.Tensor}>;
}
