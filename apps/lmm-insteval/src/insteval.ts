import * as path from 'node:path';
import {DataFileError, numericColumn, readCsv} from '@tfjs-probability/datasets';
import {SeededRandom} from '@tfjs-probability/math';

/**
 * The InstEval CSV (lme4::InstEval, integer-coded; see insteval.README.md beside it) in the
 * project's shared/data folder, which sits beside the repository (../shared from its root).
 */
export const INSTEVAL_CSV = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'insteval.csv');

/** A categorical column as dense 0-based indices plus the original code of each index. */
export interface Factor {
  /** index[i] in 0..levels.length-1 for every row. */
  readonly index: Int32Array;
  /** levels[k] is the code in the file of index k, ascending. */
  readonly levels: readonly number[];
}

/**
 * The rows of the mixed model: rating y, the service indicator (fixed effect) and the three
 * grouping factors (random intercepts) as dense 0-based indices.
 */
export interface InstEvalData {
  readonly file: string;
  readonly rows: number;
  readonly ratings: Float32Array;
  readonly service: Float32Array;
  readonly students: Factor;
  readonly instructors: Factor;
  readonly departments: Factor;
}

/**
 * Dense 0-based indices of integer codes: the distinct codes, sorted ascending, get 0, 1, ...
 * (R's factor() order for numeric labels), so codes 1..K with every level used map to code - 1.
 */
export function denseFactor(codes: ArrayLike<number>): Factor {
  const levels = [...new Set(Array.from(codes))].sort((a, b) => a - b);
  const position = new Map(levels.map((code, k) => [code, k]));
  const index = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) index[i] = position.get(codes[i]) as number;
  return {index, levels};
}

export interface LoadInstEvalOptions {
  /** Keep only this many rows, drawn without replacement with `seed` (in file order). */
  subsample?: number;
  /** Seed of the subsample (default 1). */
  seed?: number;
}

/**
 * Reads the InstEval CSV (columns s, d, service, dept, y; others are ignored), checks every
 * field (integer codes >= 1, service 0/1, y in 1..5), optionally subsamples rows, and maps the
 * student, instructor and department codes to dense 0-based indices over the rows kept.
 */
export function loadInstEval(file: string = INSTEVAL_CSV, options: LoadInstEvalOptions = {}): InstEvalData {
  const table = readCsv(file, {requiredColumns: ['s', 'd', 'service', 'dept', 'y']});
  if (table.rowCount === 0) throw new DataFileError(file, 'has a header but no data rows');
  const code = {integer: true, min: 1};
  const s = numericColumn(table, 's', code);
  const d = numericColumn(table, 'd', code);
  const dept = numericColumn(table, 'dept', code);
  const service = numericColumn(table, 'service', {integer: true, min: 0, max: 1});
  const y = numericColumn(table, 'y', {min: 1, max: 5});

  let keep: number[] | undefined;
  if (options.subsample !== undefined) {
    const n = options.subsample;
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`loadInstEval: subsample must be a positive integer; received ${n}`);
    }
    if (n < table.rowCount) keep = sampleRows(table.rowCount, n, options.seed ?? 1);
  }
  const pick = <T extends Float32Array | Float64Array>(x: Float64Array, make: (n: number) => T): T => {
    const out = make(keep?.length ?? x.length);
    if (keep === undefined) out.set(x);
    else keep.forEach((row, i) => (out[i] = x[row]));
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const f32 = (n: number) => new Float32Array(n);
  return {
    file,
    rows: keep?.length ?? table.rowCount,
    ratings: pick(y, f32),
    service: pick(service, f32),
    students: denseFactor(pick(s, f64)),
    instructors: denseFactor(pick(d, f64)),
    departments: denseFactor(pick(dept, f64)),
  };
}

/** n of the row numbers 0..total-1 without replacement (partial Fisher-Yates), ascending. */
function sampleRows(total: number, n: number, seed: number): number[] {
  const rng = new SeededRandom(seed, 'loadInstEval.subsample');
  const rows = Int32Array.from({length: total}, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.uniform() * (total - i));
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
  return Array.from(rows.subarray(0, n)).sort((a, b) => a - b);
}
