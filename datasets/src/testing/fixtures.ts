/** Writers of small data files in the exact IDX and CIFAR-10 binary formats, for tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** A fresh directory under os.tmpdir(). */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tfp-datasets-${prefix}-`));
}

/** An IDX file: magic 0x0000TTNN, big-endian uint32 dims, then `payload` (already big-endian). */
export function idxBytes(typeByte: number, shape: number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = typeByte;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

export function writeFile(file: string, bytes: Uint8Array, gzip = false): string {
  fs.writeFileSync(file, gzip ? zlib.gzipSync(bytes) : bytes);
  return file;
}

/** The grey level of pixel (y, x) of image n in the generated IDX images. */
export function idxPixel(n: number, y: number, x: number): number {
  return (n * 31 + y * 7 + x) % 256;
}

/** Label of image n in the generated IDX labels. */
export function idxLabel(n: number): number {
  return (n * 3) % 10;
}

export function idxImages(count: number, height: number, width: number): Buffer {
  const payload = new Uint8Array(count * height * width);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        payload[(n * height + y) * width + x] = idxPixel(n, y, x);
      }
    }
  }
  return idxBytes(0x08, [count, height, width], payload);
}

export function idxLabels(count: number): Buffer {
  return idxBytes(0x08, [count], Uint8Array.from({length: count}, (_, n) => idxLabel(n)));
}

/** An MNIST-style directory: `train` and `test` examples of height x width, plain or gzipped. */
export function writeIdxDir(dir: string, train: number, test: number, options: {gzip?: boolean; height?: number; width?: number} = {}): string {
  const {gzip = false, height = 4, width = 3} = options;
  const ext = gzip ? '.gz' : '';
  fs.mkdirSync(dir, {recursive: true});
  writeFile(path.join(dir, `train-images-idx3-ubyte${ext}`), idxImages(train, height, width), gzip);
  writeFile(path.join(dir, `train-labels-idx1-ubyte${ext}`), idxLabels(train), gzip);
  writeFile(path.join(dir, `t10k-images-idx3-ubyte${ext}`), idxImages(test, height, width), gzip);
  writeFile(path.join(dir, `t10k-labels-idx1-ubyte${ext}`), idxLabels(test), gzip);
  return dir;
}

/** The byte of channel c at plane position p of CIFAR record r of file f. */
export function cifarByte(f: number, r: number, c: number, p: number): number {
  return (f * 101 + r * 37 + c * 80 + p) % 256;
}

export function cifarLabel(f: number, r: number): number {
  return (f * 3 + r) % 10;
}

/** One CIFAR-10 batch file of `records` records (1 label byte + 3 planes of 1024 bytes). */
export function cifarBatch(f: number, records: number): Buffer {
  const bytes = Buffer.alloc(records * 3073);
  for (let r = 0; r < records; r++) {
    bytes[r * 3073] = cifarLabel(f, r);
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) {
        bytes[r * 3073 + 1 + c * 1024 + p] = cifarByte(f, r, c, p);
      }
    }
  }
  return bytes;
}

export const CIFAR_META = 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';

/** A cifar-10-batches-bin directory: files 0..4 are data_batch_1..5, file 5 is test_batch. */
export function writeCifarDir(dir: string, trainRecords: number[], testRecords: number): string {
  fs.mkdirSync(dir, {recursive: true});
  trainRecords.forEach((n, f) => writeFile(path.join(dir, `data_batch_${f + 1}.bin`), cifarBatch(f, n)));
  writeFile(path.join(dir, 'test_batch.bin'), cifarBatch(5, testRecords));
  fs.writeFileSync(path.join(dir, 'batches.meta.txt'), CIFAR_META);
  return dir;
}

/** Escapes a string for use inside a RegExp. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
