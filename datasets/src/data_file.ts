import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** Where in a data file a problem was found. */
export interface DataFileLocation {
  /** Byte offset in the (decompressed) file. */
  offset?: number;
  /** Index of the record (image or label) the problem is in. */
  record?: number;
}

/**
 * A data file that is missing, truncated or corrupt. The message names the file and, where
 * known, the byte offset and record index; they are also fields, for programs.
 */
export class DataFileError extends Error {
  readonly file: string;
  readonly offset?: number;
  readonly record?: number;

  constructor(file: string, problem: string, location: DataFileLocation = {}) {
    const where = [
      location.record === undefined ? undefined : `record ${location.record}`,
      location.offset === undefined ? undefined : `byte offset ${location.offset}`,
    ].filter((s) => s !== undefined);
    super(`${file}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${problem}`);
    this.name = 'DataFileError';
    this.file = file;
    this.offset = location.offset;
    this.record = location.record;
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * The bytes of `file`, gunzipped when it starts with gzip's magic bytes (1f 8b) or is named
 * `*.gz`. A `.gz` name without the magic, or a corrupt or truncated gzip stream, is a
 * DataFileError.
 */
export function readDataFile(file: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DataFileError(file, 'no such file');
    }
    if (code === 'EISDIR') {
      throw new DataFileError(file, 'is a directory, expected a data file');
    }
    throw new DataFileError(file, `cannot be read: ${(error as Error).message}`);
  }
  const gzipMagic = raw.length >= 2 && raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1];
  if (!gzipMagic) {
    if (file.endsWith('.gz')) {
      throw new DataFileError(
        file,
        `is named .gz but does not start with gzip's magic bytes 1f 8b (found ${hex(raw.subarray(0, 2)) || 'nothing'})`,
        {offset: 0},
      );
    }
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }
  try {
    const inflated = zlib.gunzipSync(raw);
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error) {
    throw new DataFileError(
      file,
      `the gzip stream (${raw.length} compressed bytes) is corrupt or truncated: ${(error as Error).message}`,
    );
  }
}

/**
 * Checks that `dir` is a directory; otherwise a DataFileError saying what it should hold.
 * `what` names the data set ("CIFAR-10"), `expected` the files it should contain.
 */
export function requireDirectory(dir: string, what: string, expected: string[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new DataFileError(dir, `the ${what} directory does not exist; expected it to hold ${expected.join(', ')}`);
  }
  if (!stat.isDirectory()) {
    throw new DataFileError(dir, `is not a directory; expected a ${what} directory holding ${expected.join(', ')}`);
  }
}

/**
 * The path of the first of `candidates` present in `dir`, or a DataFileError listing every
 * file the data set needs (`expected`) and what the directory holds.
 */
export function findFile(dir: string, candidates: string[], what: string, expected: string[]): string {
  for (const name of candidates) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) {
      return file;
    }
  }
  const present = fs.readdirSync(dir).sort();
  throw new DataFileError(
    path.join(dir, candidates[0]),
    `missing: no ${candidates.join(' or ')} in ${dir}. ${what} needs ${expected.join(', ')}; ` +
      `the directory holds ${present.length > 0 ? present.join(', ') : 'nothing'}`,
  );
}
