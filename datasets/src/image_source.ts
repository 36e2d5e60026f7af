import type {ImageSet} from './image_set';

/**
 * Labelled images that can be read by index without holding them all as float32: the bytes
 * stay in memory (IDX) or on disk (CIFAR-10) and are scaled to [0, 1] one batch at a time.
 * `toDataset` streams a source; `toImageSet` reads it whole.
 */
export interface ImageSource {
  readonly count: number;
  /** [height, width, channels]. */
  readonly imageShape: [number, number, number];
  readonly numClasses: number;
  readonly classNames: string[];
  /** The class index of every example, in [0, numClasses). */
  readonly labels: Int32Array;
  /**
   * Writes the pixels of the examples at `indices`, in [0, 1] and NHWC order, into `out`
   * (image i at offset i * height * width * channels).
   */
  readPixels(indices: ArrayLike<number>, out: Float32Array): void;
}

export function pixelsPerImage(shape: readonly [number, number, number]): number {
  return shape[0] * shape[1] * shape[2];
}

/** Throws unless every index is an integer in [0, count). */
export function checkIndices(what: string, indices: ArrayLike<number>, count: number): void {
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= count) {
      throw new Error(`${what}: index ${j} is outside the data set of ${count} examples`);
    }
  }
}

/** A per-split example limit: Infinity when absent, else a non-negative integer. */
export function checkLimit(what: string, limit: number | undefined): number {
  if (limit === undefined) {
    return Infinity;
  }
  if (!(Number.isInteger(limit) && limit >= 0)) {
    throw new Error(`${what} must be a non-negative integer, got ${limit}`);
  }
  return limit;
}

/** Images held as bytes (0..255) in NHWC order, scaled to [0, 1] when read. */
export class ByteImageSource implements ImageSource {
  readonly count: number;

  constructor(
    /** `count * height * width * channels` grey or colour levels. */
    readonly bytes: Uint8Array,
    readonly labels: Int32Array,
    readonly imageShape: [number, number, number],
    readonly classNames: string[],
  ) {
    this.count = labels.length;
    const expected = this.count * pixelsPerImage(imageShape);
    if (bytes.length !== expected) {
      throw new Error(
        `ByteImageSource: ${bytes.length} pixel bytes for ${this.count} images of shape ` +
          `[${imageShape.join(', ')}]; expected ${expected}`,
      );
    }
  }

  get numClasses(): number {
    return this.classNames.length;
  }

  readPixels(indices: ArrayLike<number>, out: Float32Array): void {
    checkIndices('ByteImageSource.readPixels', indices, this.count);
    const pixels = pixelsPerImage(this.imageShape);
    for (let i = 0; i < indices.length; i++) {
      const from = indices[i] * pixels;
      const to = i * pixels;
      for (let p = 0; p < pixels; p++) {
        out[to + p] = this.bytes[from + p] / 255;
      }
    }
  }

  /** The first `count` examples, sharing the bytes (no copy). */
  head(count: number): ByteImageSource {
    const n = Math.min(count, this.count);
    return new ByteImageSource(
      this.bytes.subarray(0, n * pixelsPerImage(this.imageShape)),
      this.labels.subarray(0, n),
      this.imageShape,
      this.classNames,
    );
  }
}

/** An in-memory ImageSet seen as a source (its float pixels are copied per batch). */
export function asImageSource(set: ImageSet): ImageSource {
  const pixels = pixelsPerImage(set.imageShape);
  return {
    count: set.count,
    imageShape: set.imageShape,
    numClasses: set.numClasses,
    classNames: set.classNames,
    labels: set.labels,
    readPixels(indices, out) {
      checkIndices('readPixels', indices, set.count);
      for (let i = 0; i < indices.length; i++) {
        out.set(set.images.subarray(indices[i] * pixels, (indices[i] + 1) * pixels), i * pixels);
      }
    },
  };
}

/** True for an ImageSet (float pixels in memory), false for an ImageSource. */
export function isImageSet(data: ImageSet | ImageSource): data is ImageSet {
  return (data as ImageSet).images instanceof Float32Array;
}

/** Reads the first `limit` examples of `source` (all by default) into an in-memory ImageSet. */
export function toImageSet(source: ImageSource, limit: number = source.count): ImageSet {
  if (!(Number.isInteger(limit) && limit >= 0)) {
    throw new Error(`toImageSet: limit must be a non-negative integer, got ${limit}`);
  }
  const count = Math.min(limit, source.count);
  const pixels = pixelsPerImage(source.imageShape);
  const images = new Float32Array(count * pixels);
  const chunk = 4096;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const indices = Array.from({length: end - start}, (_, i) => start + i);
    source.readPixels(indices, images.subarray(start * pixels, end * pixels));
  }
  return {
    images,
    labels: source.labels.slice(0, count),
    count,
    imageShape: [...source.imageShape],
    numClasses: source.numClasses,
    classNames: [...source.classNames],
  };
}
