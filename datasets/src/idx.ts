import * as path from 'node:path';
import {DataFileError, findFile, readDataFile, requireDirectory} from './data_file';
import {ByteImageSource, checkLimit, toImageSet} from './image_source';
import type {ImageSet} from './image_set';

/** The element types of the IDX format, by the type byte of its magic number. */
const IDX_TYPES = {
  0x08: {dtype: 'uint8', bytes: 1},
  0x09: {dtype: 'int8', bytes: 1},
  0x0b: {dtype: 'int16', bytes: 2},
  0x0c: {dtype: 'int32', bytes: 4},
  0x0d: {dtype: 'float32', bytes: 4},
  0x0e: {dtype: 'float64', bytes: 8},
} as const;

export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['dtype'];

/** The contents of one IDX file: an n-dimensional array, row-major. */
export interface IdxArray {
  file: string;
  dtype: IdxDtype;
  shape: number[];
  /** Offset of the first data byte in the (decompressed) file: 4 + 4 * ndims. */
  headerBytes: number;
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

function formatHex(value: number, digits: number): string {
  return '0x' + value.toString(16).padStart(digits, '0');
}

/**
 * Parses an IDX file (gzipped or not): a magic number 0x0000TTNN (TT the element type, NN the
 * number of dimensions), NN big-endian uint32 dimensions, then the elements, big-endian.
 * The file must hold exactly the bytes the header declares.
 */
export function readIdx(file: string): IdxArray {
  const bytes = readDataFile(file);
  if (bytes.length < 4) {
    throw new DataFileError(file, `truncated: ${bytes.length} bytes, fewer than the 4-byte IDX magic number`, {
      offset: bytes.length,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const typeByte = bytes[2] as keyof typeof IDX_TYPES;
  const ndims = bytes[3];
  const type = IDX_TYPES[typeByte];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || ndims === 0) {
    throw new DataFileError(
      file,
      `bad IDX magic number ${formatHex(magic, 8)}: expected 0x0000TTNN with TT one of ` +
        `${Object.keys(IDX_TYPES).map((k) => formatHex(Number(k), 2).slice(2)).join(', ')} ` +
        'and NN >= 1 dimensions; is this an IDX file?',
      {offset: 0},
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataFileError(
      file,
      `truncated inside the header: ${bytes.length} bytes, but ${ndims} dimensions need a ${headerBytes}-byte header`,
      {offset: bytes.length},
    );
  }
  const shape = Array.from({length: ndims}, (_, i) => view.getUint32(4 + 4 * i));
  const recordElements = shape.slice(1).reduce((a, b) => a * b, 1);
  const recordBytes = recordElements * type.bytes;
  const expected = headerBytes + shape[0] * recordBytes;
  if (bytes.length !== expected) {
    const dataBytes = bytes.length - headerBytes;
    if (bytes.length < expected) {
      const record = recordBytes > 0 ? Math.floor(dataBytes / recordBytes) : 0;
      throw new DataFileError(
        file,
        `truncated: the header declares shape [${shape.join(', ')}] of ${type.dtype} (${expected} bytes in all), ` +
          `but the file has ${bytes.length} bytes; record ${record} of ${shape[0]} ` +
          `(${recordBytes} bytes each) is incomplete`,
        {offset: headerBytes + record * recordBytes, record},
      );
    }
    throw new DataFileError(
      file,
      `the header declares shape [${shape.join(', ')}] of ${type.dtype} (${expected} bytes in all), ` +
        `but the file has ${bytes.length} bytes: ${bytes.length - expected} bytes follow the last record`,
      {offset: expected},
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const payload = bytes.subarray(headerBytes);
  let data: IdxArray['data'];
  switch (type.dtype) {
    case 'uint8':
      data = payload;
      break;
    case 'int8':
      data = new Int8Array(payload.buffer, payload.byteOffset, payload.byteLength);
      break;
    default: {
      const read = {
        int16: (v: DataView, o: number) => v.getInt16(o),
        int32: (v: DataView, o: number) => v.getInt32(o),
        float32: (v: DataView, o: number) => v.getFloat32(o),
        float64: (v: DataView, o: number) => v.getFloat64(o),
      }[type.dtype];
      const Ctor = {int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array}[type.dtype];
      const out = new Ctor(count);
      for (let i = 0; i < count; i++) {
        out[i] = read(view, headerBytes + i * type.bytes);
      }
      data = out;
    }
  }
  return {file, dtype: type.dtype, shape, headerBytes, data};
}

/** The class names of MNIST digits. */
export const DIGIT_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** An images file and its labels file. */
export interface IdxSplitFiles {
  images: string;
  labels: string;
}

/** The four files of an MNIST-style data set. */
export interface IdxFiles {
  train: IdxSplitFiles;
  test: IdxSplitFiles;
}

export interface IdxOptions {
  /** One name per class; the labels must lie in [0, classNames.length). Default: the digits. */
  classNames?: string[];
  /** Read at most this many examples of each split (the first ones). */
  limit?: {train?: number; test?: number};
  /** Names the data set in errors ("Fashion-MNIST"). */
  what?: string;
}

const IDX_BASENAMES = {
  train: {images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte'},
  test: {images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte'},
} as const;

/** File names an MNIST-style file may have: plain or gzipped, `-idx3-` or `.idx3-` spelling. */
function idxCandidates(base: string): string[] {
  const dotted = base.replace(/-idx(\d)-/, '.idx$1-');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

/**
 * The four IDX files of an MNIST-style directory (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each possibly `.gz`).
 */
export function findIdxFiles(dir: string, what = 'MNIST-style IDX data'): IdxFiles {
  const expected = Object.values(IDX_BASENAMES).flatMap((s) => [s.images, s.labels].map((b) => `${b}(.gz)`));
  requireDirectory(dir, what, expected);
  const find = (base: string) => findFile(dir, idxCandidates(base), what, expected);
  return {
    train: {images: find(IDX_BASENAMES.train.images), labels: find(IDX_BASENAMES.train.labels)},
    test: {images: find(IDX_BASENAMES.test.images), labels: find(IDX_BASENAMES.test.labels)},
  };
}

/** Reads an images file and a labels file into a ByteImageSource, checking that they agree. */
export function readIdxSplit(files: IdxSplitFiles, classNames: string[] = DIGIT_CLASS_NAMES): ByteImageSource {
  const images = readIdx(files.images);
  if (images.dtype !== 'uint8' || (images.shape.length !== 3 && images.shape.length !== 4)) {
    throw new DataFileError(
      files.images,
      `expected uint8 images of shape [count, height, width] or [count, height, width, channels], ` +
        `got ${images.dtype} of shape [${images.shape.join(', ')}]`,
      {offset: 0},
    );
  }
  const labels = readIdx(files.labels);
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new DataFileError(
      files.labels,
      `expected uint8 labels of shape [count], got ${labels.dtype} of shape [${labels.shape.join(', ')}]`,
      {offset: 0},
    );
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw new DataFileError(
      files.labels,
      `holds ${labels.shape[0]} labels but ${files.images} holds ${images.shape[0]} images`,
      {offset: 4},
    );
  }
  const classes = new Int32Array(labels.shape[0]);
  for (let i = 0; i < classes.length; i++) {
    const label = labels.data[i];
    if (label >= classNames.length) {
      throw new DataFileError(
        files.labels,
        `label ${label} is outside [0, ${classNames.length - 1}] (${classNames.length} classes)`,
        {offset: labels.headerBytes + i, record: i},
      );
    }
    classes[i] = label;
  }
  const [, height, width, channels = 1] = images.shape;
  return new ByteImageSource(images.data as Uint8Array, classes, [height, width, channels], classNames);
}

function checkClassNames(what: string, classNames: string[]): void {
  if (!Array.isArray(classNames) || classNames.length < 1 || classNames.length > 256) {
    throw new Error(`${what}: classNames must list 1 to 256 names (labels are bytes), got ${JSON.stringify(classNames)}`);
  }
}

/**
 * An MNIST-style IDX data set (a directory, or the four file paths) as streaming sources: the
 * pixels stay bytes in memory and become floats one batch at a time.
 */
export function idxSources(input: string | IdxFiles, options: IdxOptions = {}): {train: ByteImageSource; test: ByteImageSource} {
  const classNames = options.classNames ?? DIGIT_CLASS_NAMES;
  checkClassNames('idxSources', classNames);
  const trainLimit = checkLimit('limit.train', options.limit?.train);
  const testLimit = checkLimit('limit.test', options.limit?.test);
  const files = typeof input === 'string' ? findIdxFiles(path.resolve(input), options.what) : input;
  return {
    train: readIdxSplit(files.train, classNames).head(trainLimit),
    test: readIdxSplit(files.test, classNames).head(testLimit),
  };
}

/** An MNIST-style IDX data set read into memory, pixels scaled to [0, 1]. */
export function loadIdx(input: string | IdxFiles, options: IdxOptions = {}): {train: ImageSet; test: ImageSet} {
  const {train, test} = idxSources(input, options);
  return {train: toImageSet(train), test: toImageSet(test)};
}
