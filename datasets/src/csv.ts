import {DataFileError, readDataFile} from './data_file';

/** Options of {@link readCsv} and {@link parseCsv}. */
export interface CsvOptions {
  /** Field separator, one character (default ','). */
  delimiter?: string;
  /** Columns that must be present in the header; a missing one is a DataFileError naming the header. */
  requiredColumns?: readonly string[];
}

/**
 * A CSV file as columns of strings: `header` in file order, `columns[name][i]` the field of data
 * row i, and `lines[i]` its 1-based line number in the file (for error messages about a row).
 */
export interface CsvTable {
  /** The file the table was read from (or the name given to parseCsv). */
  readonly file: string;
  readonly header: readonly string[];
  readonly columns: Readonly<Record<string, readonly string[]>>;
  readonly lines: Int32Array;
  /** Number of data rows (lines after the header, blank trailing lines excluded). */
  readonly rowCount: number;
}

/** Splits one line into fields: RFC 4180 double-quoted fields ("" is a quote), no embedded newlines. */
function splitLine(line: string, delimiter: string, fail: (problem: string) => never): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) fail(`a quoted field opened at character ${i + 1} is not closed on this line`);
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== delimiter) fail(`expected '${delimiter}' after the quoted field ending at character ${i}, found '${line[i]}'`);
      i += 1;
    } else {
      const d = line.indexOf(delimiter, i);
      const end = d < 0 ? line.length : d;
      const value = line.slice(i, end);
      if (value.includes('"')) fail(`a quote inside the unquoted field '${value}' (quote the whole field)`);
      fields.push(value);
      if (d < 0) return fields;
      i = d + 1;
    }
  }
}

/**
 * Parses CSV text whose first line is a header of unique column names. Every data row must have
 * as many fields as the header; a bad row is a DataFileError naming `file`, the line number and
 * its byte offset. LF and CRLF line endings are accepted; blank lines at the end are ignored, a
 * blank line elsewhere is an error. A UTF-8 byte-order mark before the header is skipped.
 */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`parseCsv: delimiter must be one character other than a quote or a line break; received '${delimiter}'`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = body.split('\n');
  // Byte offsets of line starts, for errors (UTF-8 length of each line plus its newline).
  let offset = text.length === body.length ? 0 : 3;
  const lineAt = (k: number) => (rawLines[k].endsWith('\r') ? rawLines[k].slice(0, -1) : rawLines[k]);
  let last = rawLines.length - 1;
  while (last >= 0 && lineAt(last) === '') last -= 1;
  if (last < 0) throw new DataFileError(file, 'is empty; expected a header line of column names', {offset: 0});

  const failAt = (k: number, at: number) => (problem: string): never => {
    throw new DataFileError(file, `line ${k + 1}: ${problem}`, {offset: at});
  };
  const header = splitLine(lineAt(0), delimiter, failAt(0, offset)).map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((name, c) => {
    if (name === '') failAt(0, offset)(`column ${c + 1} of the header has no name`);
    if (seen.has(name)) failAt(0, offset)(`the header names column '${name}' twice`);
    seen.add(name);
  });
  for (const required of options.requiredColumns ?? []) {
    if (!seen.has(required)) {
      failAt(0, offset)(`no column '${required}' in the header (columns: ${header.join(', ')}); expected ${options.requiredColumns?.join(', ')}`);
    }
  }
  offset += Buffer.byteLength(rawLines[0], 'utf8') + 1;

  const columns: string[][] = header.map(() => new Array<string>(last));
  const lines = new Int32Array(last);
  for (let k = 1; k <= last; k++) {
    const line = lineAt(k);
    const fail = failAt(k, offset);
    if (line === '') fail('blank line inside the data (expected a row of fields)');
    const fields = splitLine(line, delimiter, fail);
    if (fields.length !== header.length) {
      fail(`${fields.length} field(s), expected ${header.length} (${header.join(', ')}); the row reads '${line.slice(0, 80)}'`);
    }
    for (let c = 0; c < fields.length; c++) columns[c][k - 1] = fields[c];
    lines[k - 1] = k + 1;
    offset += Buffer.byteLength(rawLines[k], 'utf8') + 1;
  }
  return {
    file,
    header,
    columns: Object.fromEntries(header.map((name, c) => [name, columns[c]])),
    lines,
    rowCount: last,
  };
}

/** Reads a CSV file (gunzipped if it is gzip) with {@link parseCsv}; file errors are DataFileErrors. */
export function readCsv(file: string, options: CsvOptions = {}): CsvTable {
  const bytes = readDataFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    throw new DataFileError(file, 'is not valid UTF-8 text; expected a CSV file');
  }
  return parseCsv(text, file, options);
}

/** Options of {@link numericColumn}. */
export interface NumericColumnOptions {
  /** Require integers (the default allows any finite number). */
  integer?: boolean;
  /** Smallest and largest allowed values (inclusive). */
  min?: number;
  max?: number;
}

/**
 * The column `name` of a table as numbers. A field that is empty, not a finite number, not an
 * integer when `integer` is set, or outside [min, max] is a DataFileError naming the file, the
 * line, the column and the field.
 */
export function numericColumn(table: CsvTable, name: string, options: NumericColumnOptions = {}): Float64Array {
  const fields = table.columns[name];
  if (fields === undefined) {
    throw new DataFileError(table.file, `no column '${name}' (columns: ${table.header.join(', ')})`);
  }
  const {integer = false, min = -Infinity, max = Infinity} = options;
  const out = new Float64Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const text = fields[i].trim();
    const value = text === '' ? NaN : Number(text);
    let problem: string | undefined;
    if (!Number.isFinite(value)) problem = 'is not a finite number';
    else if (integer && !Number.isInteger(value)) problem = 'is not an integer';
    else if (value < min || value > max) problem = `is outside [${min}, ${max}]`;
    if (problem !== undefined) {
      throw new DataFileError(table.file, `line ${table.lines[i]}, column '${name}': '${fields[i]}' ${problem}`, {record: i});
    }
    out[i] = value;
  }
  return out;
}
