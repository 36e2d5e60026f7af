import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {DataFileError} from './data_file';
import {numericColumn, parseCsv, readCsv} from './csv';
import {scratchDir} from './testing/fixtures';

const root = scratchDir('csv');
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

function write(name: string, text: string, gzip = false): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, gzip ? zlib.gzipSync(Buffer.from(text)) : text);
  return file;
}

test('readCsv reads columns by header name with line numbers; numericColumn converts them', (t) => {
  const file = write('ok.csv', 's,d,y\n1,525,5\n1,560,2\r\n2,832,4\n\n');
  const table = readCsv(file, {requiredColumns: ['s', 'y']});
  t.deepEqual(table.header, ['s', 'd', 'y']);
  t.is(table.rowCount, 3);
  t.deepEqual(table.columns.d, ['525', '560', '832']);
  t.deepEqual(Array.from(table.lines), [2, 3, 4]);
  t.deepEqual(Array.from(numericColumn(table, 'y', {integer: true, min: 1, max: 5})), [5, 2, 4]);
  t.is(table.file, file);
});

test('gzipped files, quoted fields with delimiters and doubled quotes, other delimiters and a BOM', (t) => {
  const gz = readCsv(write('ok.csv.gz', 'a,b\n1,2\n', true));
  t.deepEqual(gz.columns.b, ['2']);
  const quoted = parseCsv('\ufeffname;note\n"x;y";"say ""hi"""\nz;\n', 'q.csv', {delimiter: ';'});
  t.deepEqual(quoted.header, ['name', 'note']);
  t.deepEqual(quoted.columns.name, ['x;y', 'z']);
  t.deepEqual(quoted.columns.note, ['say "hi"', '']);
});

test('a row with the wrong number of fields names the file, the line and its byte offset', (t) => {
  const file = write('short.csv', 'a,b,c\n1,2,3\n4,5\n');
  const error = t.throws(() => readCsv(file), {instanceOf: DataFileError});
  t.is(error?.file, file);
  t.is(error?.offset, 12); // 'a,b,c\n' (6 bytes) + '1,2,3\n' (6 bytes)
  t.regex(error?.message ?? '', /short\.csv \(byte offset 12\): line 3: 2 field\(s\), expected 3 \(a, b, c\)/);
});

test('bad header, blank line, open quote, missing column and unreadable files are DataFileErrors', (t) => {
  t.throws(() => parseCsv('', 'e.csv'), {instanceOf: DataFileError, message: /e\.csv.*is empty/});
  t.throws(() => parseCsv('a,a\n1,2\n', 'dup.csv'), {message: /line 1: the header names column 'a' twice/});
  t.throws(() => parseCsv('a,\n1,2\n', 'noname.csv'), {message: /column 2 of the header has no name/});
  t.throws(() => parseCsv('a\n1\n\n2\n', 'blank.csv'), {message: /line 3: blank line inside the data/});
  t.throws(() => parseCsv('a,b\n"1,2\n', 'open.csv'), {message: /line 2: a quoted field opened at character 1 is not closed/});
  t.throws(() => parseCsv('a,b\n1"x,2\n', 'stray.csv'), {message: /line 2: a quote inside the unquoted field '1"x'/});
  t.throws(() => parseCsv('a,b\n1,2\n', 'req.csv', {requiredColumns: ['y']}), {message: /no column 'y' in the header \(columns: a, b\)/});
  t.throws(() => readCsv(path.join(root, 'missing.csv')), {instanceOf: DataFileError, message: /missing\.csv: no such file/});
  t.throws(() => readCsv(write('empty.csv', '\n\n')), {instanceOf: DataFileError, message: /empty\.csv \(byte offset 0\): is empty/});
  fs.writeFileSync(path.join(root, 'bad-utf8.csv'), Buffer.from([0x61, 0x0a, 0xff, 0x0a]));
  t.throws(() => readCsv(path.join(root, 'bad-utf8.csv')), {message: /not valid UTF-8/});
  t.throws(() => parseCsv('a\n1\n', 'x.csv', {delimiter: '"'}), {message: /delimiter must be one character/});
});

test('numericColumn rejects non-numbers, non-integers and out-of-range values, naming line, column and field', (t) => {
  const table = parseCsv('s,y\n1,5\n2,x\n3,2.5\n4,9\n5,\n', 'n.csv');
  t.throws(() => numericColumn(table, 'y'), {instanceOf: DataFileError, message: /n\.csv \(record 1\): line 3, column 'y': 'x' is not a finite number/});
  const noX = parseCsv('y\n2.5\n', 'i.csv');
  t.deepEqual(Array.from(numericColumn(noX, 'y')), [2.5]);
  t.throws(() => numericColumn(noX, 'y', {integer: true}), {message: /line 2, column 'y': '2\.5' is not an integer/});
  t.throws(() => numericColumn(parseCsv('y\n9\n', 'r.csv'), 'y', {min: 1, max: 5}), {message: /'9' is outside \[1, 5\]/});
  t.throws(() => numericColumn(parseCsv('y\n\n1\n', 'b.csv'), 'y'), {message: /blank line/});
  t.throws(() => numericColumn(parseCsv('y,z\n,1\n', 'b.csv'), 'y'), {message: /line 2, column 'y': '' is not a finite number/});
  t.throws(() => numericColumn(table, 'nope'), {message: /no column 'nope' \(columns: s, y\)/});
});
