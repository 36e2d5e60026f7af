import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {DataFileError} from '@tfjs-probability/datasets';
import {INSTEVAL_CSV, denseFactor, loadInstEval} from './insteval';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lmm-insteval-loader-'));
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

function write(name: string, text: string): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  return file;
}

// Students 7, 3, 9 (-> 1, 0, 2), instructors 40, 12 (-> 1, 0), departments 5, 2 (-> 1, 0).
const TINY = 's,d,studage,lectage,service,dept,y\n7,40,1,2,0,5,5\n3,12,1,1,1,2,2\n9,40,2,2,0,5,4\n3,40,1,3,1,2,3\n';

test('loadInstEval maps codes to dense 0-based indices in ascending code order and keeps the values', (t) => {
  const data = loadInstEval(write('tiny.csv', TINY));
  t.is(data.rows, 4);
  t.deepEqual(Array.from(data.ratings), [5, 2, 4, 3]);
  t.deepEqual(Array.from(data.service), [0, 1, 0, 1]);
  t.deepEqual(data.students.levels, [3, 7, 9]);
  t.deepEqual(Array.from(data.students.index), [1, 0, 2, 0]);
  t.deepEqual(data.instructors.levels, [12, 40]);
  t.deepEqual(Array.from(data.instructors.index), [1, 0, 1, 1]);
  t.deepEqual(data.departments.levels, [2, 5]);
  t.deepEqual(Array.from(data.departments.index), [1, 0, 1, 0]);
});

test('denseFactor: codes 1..K with every level used map to code - 1', (t) => {
  const f = denseFactor([3, 1, 2, 3]);
  t.deepEqual(Array.from(f.index), [2, 0, 1, 2]);
  t.deepEqual(f.levels, [1, 2, 3]);
});

test('bad rows name the file, the line and the column', (t) => {
  const rating = write('bad-y.csv', 's,d,service,dept,y\n1,1,0,1,5\n1,2,0,1,7\n');
  t.throws(() => loadInstEval(rating), {instanceOf: DataFileError, message: /bad-y\.csv \(record 1\): line 3, column 'y': '7' is outside \[1, 5\]/});
  const service = write('bad-service.csv', 's,d,service,dept,y\n1,1,2,1,5\n');
  t.throws(() => loadInstEval(service), {message: /line 2, column 'service': '2' is outside \[0, 1\]/});
  const code = write('bad-code.csv', 's,d,service,dept,y\n1,1.5,0,1,5\n');
  t.throws(() => loadInstEval(code), {message: /line 2, column 'd': '1\.5' is not an integer/});
  const short = write('short.csv', 's,d,service,dept,y\n1,1,0,1\n');
  t.throws(() => loadInstEval(short), {message: /short\.csv \(byte offset 19\): line 2: 4 field\(s\), expected 5/});
  const missing = write('no-dept.csv', 's,d,service,y\n1,1,0,5\n');
  t.throws(() => loadInstEval(missing), {message: /no column 'dept' in the header/});
  t.throws(() => loadInstEval(write('header-only.csv', 's,d,service,dept,y\n')), {message: /header but no data rows/});
  t.throws(() => loadInstEval(write('ok.csv', TINY), {subsample: 0}), {message: /subsample must be a positive integer; received 0/});
});

test('a subsample is a seeded set of rows in file order, re-indexed densely over the rows kept', (t) => {
  const rows = Array.from({length: 50}, (_, i) => `${i + 1},${(i % 7) + 1},${i % 2},${(i % 3) + 1},${(i % 5) + 1}`);
  const file = write('fifty.csv', `s,d,service,dept,y\n${rows.join('\n')}\n`);
  const a = loadInstEval(file, {subsample: 10, seed: 3});
  const b = loadInstEval(file, {subsample: 10, seed: 3});
  const c = loadInstEval(file, {subsample: 10, seed: 4});
  t.is(a.rows, 10);
  t.deepEqual(a.students.levels, b.students.levels);
  t.notDeepEqual(a.students.levels, c.students.levels);
  // Student s = row number + 1, so the kept levels are the kept rows, ascending, and indices 0..9.
  const kept = a.students.levels as number[];
  t.deepEqual([...kept].sort((x, y) => x - y), kept);
  t.deepEqual(Array.from(a.students.index), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  kept.forEach((s, i) => t.is(a.ratings[i], ((s - 1) % 5) + 1));
  t.is(loadInstEval(file, {subsample: 500}).rows, 50);
});

test('the real InstEval file: counts and means of its README', (t) => {
  if (!fs.existsSync(INSTEVAL_CSV)) {
    t.pass(`${INSTEVAL_CSV} is not on this machine`);
    return;
  }
  const data = loadInstEval();
  t.is(data.rows, 73421);
  t.is(data.students.levels.length, 2972);
  t.is(data.instructors.levels.length, 1128);
  t.is(data.departments.levels.length, 14);
  const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;
  // README: mean of y 3.205745, mean of service 0.432887 (6 decimals).
  t.true(Math.abs(mean(data.ratings) - 3.205745) < 5e-7);
  t.true(Math.abs(mean(data.service) - 0.432887) < 5e-7);
  t.is(Math.max(...data.students.index), 2971);
});
