import * as fs from 'node:fs';
import * as path from 'node:path';
import {DataFileError, findFile, requireDirectory} from './data_file';
import {checkIndices, checkLimit, toImageSet} from './image_source';
import type {ImageSource} from './image_source';
import type {ImageSet} from './image_set';

const SIDE = 32;
const CHANNELS = 3;
const PLANE = SIDE * SIDE;
const IMAGE_BYTES = PLANE * CHANNELS;
/** One label byte, then 1024 red, 1024 green and 1024 blue bytes, each plane row-major. */
export const CIFAR10_RECORD_BYTES = 1 + IMAGE_BYTES;

export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILES = ['test_batch.bin'];
export const CIFAR10_META_FILE = 'batches.meta.txt';
const EXPECTED_FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES, CIFAR10_META_FILE];

/** CIFAR-10's classes, by label (the contents of batches.meta.txt). */
export const CIFAR10_CLASS_NAMES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

/** Records read from disk in one system call. */
const RECORDS_PER_READ = 256;

interface RecordFile {
  path: string;
  /** Records used from this file. */
  records: number;
  /** Index of the file's first record in the source. */
  first: number;
}

/** Reads exactly `length` bytes at `position` or throws a DataFileError naming the record. */
function readExactly(fd: number, file: string, buffer: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) {
      throw new DataFileError(
        file,
        `ended early: read ${done} of ${length} bytes (the file shrank after it was checked)`,
        {offset: position + done, record: Math.floor((position + done) / CIFAR10_RECORD_BYTES)},
      );
    }
    done += n;
  }
}

/**
 * CIFAR-10 binary batch files (`cifar-10-batches-bin`) read from disk on demand: only the labels
 * (4 bytes per example) stay in memory; pixels are read per batch and turned from
 * channel-planar bytes into NHWC floats in [0, 1].
 */
export class Cifar10FileSource implements ImageSource {
  readonly imageShape: [number, number, number] = [SIDE, SIDE, CHANNELS];
  readonly count: number;
  readonly labels: Int32Array;
  private readonly files: RecordFile[];

  /**
   * Checks every file's size and every label up front, so that a truncated or corrupt file
   * fails here and not in the middle of training.
   */
  constructor(
    paths: string[],
    readonly classNames: string[] = CIFAR10_CLASS_NAMES,
    limit = Infinity,
  ) {
    this.files = [];
    const labels: number[] = [];
    for (const file of paths) {
      if (labels.length >= limit) {
        break;
      }
      const records = this.checkSize(file);
      const used = Math.min(records, limit - labels.length);
      this.files.push({path: file, records: used, first: labels.length});
      this.scanLabels(file, used, labels);
    }
    this.count = labels.length;
    this.labels = Int32Array.from(labels);
  }

  get numClasses(): number {
    return this.classNames.length;
  }

  private checkSize(file: string): number {
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new DataFileError(file, 'no such file');
    }
    const whole = Math.floor(size / CIFAR10_RECORD_BYTES);
    const extra = size % CIFAR10_RECORD_BYTES;
    if (extra !== 0) {
      throw new DataFileError(
        file,
        `truncated or corrupt: ${size} bytes is ${whole} whole ${CIFAR10_RECORD_BYTES}-byte records ` +
          `and ${extra} bytes of an incomplete record ${whole}`,
        {offset: whole * CIFAR10_RECORD_BYTES, record: whole},
      );
    }
    if (whole === 0) {
      throw new DataFileError(file, 'is empty: a CIFAR-10 batch file holds 3073-byte records', {offset: 0});
    }
    return whole;
  }

  private scanLabels(file: string, records: number, into: number[]): void {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = new Uint8Array(RECORDS_PER_READ * CIFAR10_RECORD_BYTES);
      for (let start = 0; start < records; start += RECORDS_PER_READ) {
        const n = Math.min(RECORDS_PER_READ, records - start);
        readExactly(fd, file, buffer, n * CIFAR10_RECORD_BYTES, start * CIFAR10_RECORD_BYTES);
        for (let r = 0; r < n; r++) {
          const label = buffer[r * CIFAR10_RECORD_BYTES];
          if (label >= this.classNames.length) {
            const record = start + r;
            throw new DataFileError(
              file,
              `label ${label} is outside [0, ${this.classNames.length - 1}]: the file is corrupt or not a CIFAR-10 batch`,
              {offset: record * CIFAR10_RECORD_BYTES, record},
            );
          }
          into.push(label);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The file holding example `index` (binary search over first-record indices). */
  private fileOf(index: number): number {
    let lo = 0;
    let hi = this.files.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.files[mid].first <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  readPixels(indices: ArrayLike<number>, out: Float32Array): void {
    checkIndices('Cifar10FileSource.readPixels', indices, this.count);
    // Visit the requested examples in file order so that neighbours are read in one call.
    const order = Array.from({length: indices.length}, (_, i) => i).sort((a, b) => indices[a] - indices[b]);
    const buffer = new Uint8Array(RECORDS_PER_READ * CIFAR10_RECORD_BYTES);
    const fds = new Map<number, number>();
    try {
      let k = 0;
      while (k < order.length) {
        const first = indices[order[k]];
        const f = this.fileOf(first);
        const file = this.files[f];
        // A run of requested examples that are contiguous (or repeated) records of one file.
        let end = k + 1;
        while (
          end < order.length &&
          indices[order[end]] - first < RECORDS_PER_READ &&
          indices[order[end]] - indices[order[end - 1]] <= 1 &&
          indices[order[end]] < file.first + file.records
        ) {
          end++;
        }
        const span = indices[order[end - 1]] - first + 1;
        let fd = fds.get(f);
        if (fd === undefined) {
          fd = fs.openSync(file.path, 'r');
          fds.set(f, fd);
        }
        readExactly(fd, file.path, buffer, span * CIFAR10_RECORD_BYTES, (first - file.first) * CIFAR10_RECORD_BYTES);
        for (let m = k; m < end; m++) {
          const record = (indices[order[m]] - first) * CIFAR10_RECORD_BYTES + 1;
          const target = order[m] * IMAGE_BYTES;
          for (let c = 0; c < CHANNELS; c++) {
            const plane = record + c * PLANE;
            for (let p = 0; p < PLANE; p++) {
              out[target + p * CHANNELS + c] = buffer[plane + p] / 255;
            }
          }
        }
        k = end;
      }
    } finally {
      fds.forEach((fd) => fs.closeSync(fd));
    }
  }
}

/** The class names in `batches.meta.txt`, one per line (blank lines ignored). */
export function readCifar10Meta(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new DataFileError(file, 'no such file');
  }
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== CIFAR10_CLASS_NAMES.length) {
    throw new DataFileError(
      file,
      `lists ${names.length} class names, expected ${CIFAR10_CLASS_NAMES.length} (one per line: ${CIFAR10_CLASS_NAMES.join(', ')})`,
    );
  }
  return names;
}

export interface Cifar10Options {
  /**
   * The directory holding data_batch_1.bin ... data_batch_5.bin, test_batch.bin and
   * batches.meta.txt (`cifar-10-batches-bin` from the binary archive), or its parent.
   */
  dir: string;
  /** Read at most this many examples of each split (the first ones). */
  limit?: {train?: number; test?: number};
}

/**
 * CIFAR-10's training (50,000) and test (10,000) images as sources that read from disk per
 * batch. Class names come from batches.meta.txt, or are CIFAR-10's own when it is absent.
 */
export function cifar10Sources(options: Cifar10Options): {train: Cifar10FileSource; test: Cifar10FileSource} {
  if (typeof options?.dir !== 'string' || options.dir.length === 0) {
    throw new Error(`CIFAR-10: options.dir must name the directory holding ${EXPECTED_FILES.join(', ')}`);
  }
  let dir = path.resolve(options.dir);
  const nested = path.join(dir, 'cifar-10-batches-bin');
  if (!fs.existsSync(path.join(dir, CIFAR10_TEST_FILES[0])) && fs.existsSync(nested)) {
    dir = nested;
  }
  requireDirectory(dir, 'CIFAR-10', EXPECTED_FILES);
  const find = (name: string) => findFile(dir, [name], 'CIFAR-10', EXPECTED_FILES);
  const trainFiles = CIFAR10_TRAIN_FILES.map(find);
  const testFiles = CIFAR10_TEST_FILES.map(find);
  const metaFile = path.join(dir, CIFAR10_META_FILE);
  const classNames = fs.existsSync(metaFile) ? readCifar10Meta(metaFile) : CIFAR10_CLASS_NAMES;
  return {
    train: new Cifar10FileSource(trainFiles, classNames, checkLimit('CIFAR-10: limit.train', options.limit?.train)),
    test: new Cifar10FileSource(testFiles, classNames, checkLimit('CIFAR-10: limit.test', options.limit?.test)),
  };
}

/** CIFAR-10 read into memory as ImageSets (NHWC, pixels in [0, 1]; 600 MB of floats in full). */
export function loadCifar10(options: Cifar10Options): {train: ImageSet; test: ImageSet} {
  const {train, test} = cifar10Sources(options);
  return {train: toImageSet(train), test: toImageSet(test)};
}
