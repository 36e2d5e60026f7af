import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {DataFileError} from './data_file';
import {findIdxFiles, idxSources, loadIdx, readIdx} from './idx';
import {
  idxBytes,
  idxImages,
  idxLabel,
  idxLabels,
  idxPixel,
  literal,
  scratchDir,
  writeFile,
  writeIdxDir,
} from './testing/fixtures';

const root = scratchDir('idx');
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

function freshDir(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, {recursive: true});
  return dir;
}

for (const gzip of [false, true]) {
  test(`loadIdx reads ${gzip ? 'gzipped' : 'plain'} IDX files with exact pixels and labels`, (t) => {
    const dir = writeIdxDir(freshDir(`ok-${gzip}`), 7, 5, {gzip, height: 4, width: 3});
    const {train, test: held} = loadIdx(dir);
    t.is(train.count, 7);
    t.is(held.count, 5);
    t.deepEqual(train.imageShape, [4, 3, 1]);
    t.is(train.numClasses, 10);
    t.deepEqual(Array.from(train.labels), [0, 1, 2, 3, 4, 5, 6].map(idxLabel));
    for (let n = 0; n < 7; n++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 3; x++) {
          // k / 255 rounded to float32 once on each side: exact equality.
          t.is(train.images[(n * 4 + y) * 3 + x], Math.fround(idxPixel(n, y, x) / 255));
        }
      }
    }
    t.is(held.images[3 * 12 + 5], Math.fround(idxPixel(3, 1, 2) / 255));
  });
}

test('the dotted spelling (train-images.idx3-ubyte) and explicit paths are accepted', (t) => {
  const dir = freshDir('dotted');
  writeFile(path.join(dir, 'train-images.idx3-ubyte'), idxImages(3, 2, 2));
  writeFile(path.join(dir, 'train-labels.idx1-ubyte'), idxLabels(3));
  writeFile(path.join(dir, 't10k-images.idx3-ubyte'), idxImages(2, 2, 2));
  writeFile(path.join(dir, 't10k-labels.idx1-ubyte'), idxLabels(2));
  const files = findIdxFiles(dir);
  t.is(files.train.images, path.join(dir, 'train-images.idx3-ubyte'));
  const {train} = loadIdx(files, {classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']});
  t.is(train.count, 3);
  t.is(train.classNames[0], 'a');
});

test('idxSources keeps bytes and honours limits', (t) => {
  const dir = writeIdxDir(freshDir('limit'), 9, 6);
  const {train, test: held} = idxSources(dir, {limit: {train: 4}});
  t.is(train.count, 4);
  t.is(held.count, 6);
  t.is(train.bytes.length, 4 * 12);
  const out = new Float32Array(2 * 12);
  train.readPixels([3, 0], out);
  t.is(out[0], Math.fround(idxPixel(3, 0, 0) / 255));
  t.is(out[12 + 11], Math.fround(idxPixel(0, 3, 2) / 255));
  t.throws(() => train.readPixels([4], out), {message: /index 4 is outside the data set of 4 examples/});
  t.throws(() => idxSources(dir, {limit: {test: -1}}), {message: 'limit.test must be a non-negative integer, got -1'});
});

test('readIdx decodes big-endian int16, int32, float32 and float64 arrays', (t) => {
  const cases: Array<[number, 'int16' | 'int32' | 'float32' | 'float64', number[]]> = [
    [0x0b, 'int16', [-2, 300, 32767]],
    [0x0c, 'int32', [-70000, 1, 2147483647]],
    [0x0d, 'float32', [1.5, -0.25, 1e-3]],
    [0x0e, 'float64', [Math.PI, -1e300, 0.1]],
  ];
  for (const [typeByte, dtype, values] of cases) {
    const size = {int16: 2, int32: 4, float32: 4, float64: 8}[dtype];
    const payload = Buffer.alloc(values.length * size);
    values.forEach((v, i) => {
      if (dtype === 'int16') payload.writeInt16BE(v, i * 2);
      else if (dtype === 'int32') payload.writeInt32BE(v, i * 4);
      else if (dtype === 'float32') payload.writeFloatBE(v, i * 4);
      else payload.writeDoubleBE(v, i * 8);
    });
    const file = writeFile(path.join(root, `typed-${dtype}`), idxBytes(typeByte, [1, values.length], payload));
    const array = readIdx(file);
    t.is(array.dtype, dtype);
    t.deepEqual(array.shape, [1, values.length]);
    t.deepEqual(
      Array.from(array.data),
      dtype === 'float32' ? values.map(Math.fround) : values,
    );
  }
});

test('a file truncated mid-record names the record and its byte offset', (t) => {
  const dir = writeIdxDir(freshDir('truncated'), 5, 2);
  const file = path.join(dir, 'train-images-idx3-ubyte');
  // Header 16 bytes, records of 12 bytes: keep 2 records and half of the third.
  fs.truncateSync(file, 16 + 2 * 12 + 6);
  const error = t.throws(() => loadIdx(dir), {instanceOf: DataFileError});
  t.is(
    error?.message,
    `${file} (record 2, byte offset 40): truncated: the header declares shape [5, 4, 3] of uint8 ` +
      '(76 bytes in all), but the file has 46 bytes; record 2 of 5 (12 bytes each) is incomplete',
  );
  t.is((error as DataFileError).record, 2);
  t.is((error as DataFileError).offset, 40);
});

test('a header whose dimensions disagree with a longer file is rejected', (t) => {
  const file = writeFile(path.join(root, 'long'), Buffer.concat([idxLabels(4), Buffer.from([1, 2, 3])]));
  t.throws(() => readIdx(file), {
    message: `${file} (byte offset 12): the header declares shape [4] of uint8 (12 bytes in all), ` +
      'but the file has 15 bytes: 3 bytes follow the last record',
  });
});

test('a flipped magic number is rejected at byte offset 0', (t) => {
  const dir = writeIdxDir(freshDir('magic'), 3, 2);
  const file = path.join(dir, 't10k-labels-idx1-ubyte');
  const bytes = fs.readFileSync(file);
  bytes[0] = 0x08;
  bytes[2] = 0x00;
  fs.writeFileSync(file, bytes);
  t.throws(() => loadIdx(dir), {
    message: new RegExp(`^${literal(file)} \\(byte offset 0\\): bad IDX magic number 0x08000001: expected 0x0000TTNN`),
  });
});

test('labels and images files swapped are reported as the wrong kind of array', (t) => {
  const dir = writeIdxDir(freshDir('swapped'), 3, 2);
  t.throws(
    () =>
      loadIdx({
        train: {images: path.join(dir, 'train-labels-idx1-ubyte'), labels: path.join(dir, 'train-images-idx3-ubyte')},
        test: {images: path.join(dir, 't10k-images-idx3-ubyte'), labels: path.join(dir, 't10k-labels-idx1-ubyte')},
      }),
    {message: /train-labels-idx1-ubyte \(byte offset 0\): expected uint8 images of shape \[count, height, width\].*got uint8 of shape \[3\]/},
  );
});

test('a label out of range names the record and byte offset', (t) => {
  const dir = writeIdxDir(freshDir('label'), 5, 2);
  const file = path.join(dir, 'train-labels-idx1-ubyte');
  const bytes = fs.readFileSync(file);
  bytes[8 + 3] = 200;
  fs.writeFileSync(file, bytes);
  t.throws(() => loadIdx(dir), {
    message: `${file} (record 3, byte offset 11): label 200 is outside [0, 9] (10 classes)`,
  });
});

test('image and label counts that disagree are rejected', (t) => {
  const dir = writeIdxDir(freshDir('counts'), 5, 2);
  writeFile(path.join(dir, 'train-labels-idx1-ubyte'), idxLabels(4));
  t.throws(() => loadIdx(dir), {
    message: `${path.join(dir, 'train-labels-idx1-ubyte')} (byte offset 4): holds 4 labels but ` +
      `${path.join(dir, 'train-images-idx3-ubyte')} holds 5 images`,
  });
});

test('gzip garbage, a corrupt gzip body and a truncated gzip stream are named', (t) => {
  const dir = writeIdxDir(freshDir('gzip'), 4, 2, {gzip: true});
  const file = path.join(dir, 'train-images-idx3-ubyte.gz');
  const good = fs.readFileSync(file);

  fs.writeFileSync(file, Buffer.from('this is not gzip at all'));
  t.throws(() => loadIdx(dir), {
    message: `${file} (byte offset 0): is named .gz but does not start with gzip's magic bytes 1f 8b (found 74 68)`,
  });

  const corrupt = Buffer.from(good);
  for (let i = 12; i < corrupt.length - 8; i++) corrupt[i] ^= 0x5a;
  fs.writeFileSync(file, corrupt);
  t.throws(() => loadIdx(dir), {
    message: new RegExp(`^${literal(file)}: the gzip stream \\(${corrupt.length} compressed bytes\\) is corrupt or truncated: `),
  });

  fs.writeFileSync(file, good.subarray(0, good.length - 10));
  t.throws(() => loadIdx(dir), {message: /is corrupt or truncated: unexpected end of file/});

  // The same bytes as a valid stream load fine (the checks above are about the damage).
  fs.writeFileSync(file, zlib.gzipSync(idxImages(4, 4, 3)));
  t.is(loadIdx(dir).train.count, 4);
});

test('a missing directory and a missing file say what was expected', (t) => {
  const missing = path.join(root, 'nowhere');
  t.throws(() => loadIdx(missing), {
    message: new RegExp(`^${literal(missing)}: the MNIST-style IDX data directory does not exist; expected it to hold train-images-idx3-ubyte\\(\\.gz\\)`),
  });
  const dir = writeIdxDir(freshDir('missing-file'), 3, 2);
  fs.rmSync(path.join(dir, 't10k-labels-idx1-ubyte'));
  t.throws(() => loadIdx(dir), {
    message: new RegExp(
      `^${literal(path.join(dir, 't10k-labels-idx1-ubyte'))}: missing: no t10k-labels-idx1-ubyte or ` +
        't10k-labels-idx1-ubyte\\.gz or .* MNIST-style IDX data needs .*t10k-labels-idx1-ubyte\\(\\.gz\\); ' +
        'the directory holds t10k-images-idx3-ubyte, train-images-idx3-ubyte, train-labels-idx1-ubyte',
    ),
  });
});

test('readIdx on a tiny or empty file reports the truncation', (t) => {
  const file = writeFile(path.join(root, 'tiny'), Buffer.from([0, 0]));
  t.throws(() => readIdx(file), {message: `${file} (byte offset 2): truncated: 2 bytes, fewer than the 4-byte IDX magic number`});
  const header = writeFile(path.join(root, 'short-header'), Buffer.from([0, 0, 8, 3, 0, 0, 0, 1]));
  t.throws(() => readIdx(header), {message: /\(byte offset 8\): truncated inside the header: 8 bytes, but 3 dimensions need a 16-byte header/});
});
