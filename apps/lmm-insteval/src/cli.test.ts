import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {init} from '@tfjs-probability/backend';
import {buildProgram} from './cli';
import type {FitReport} from './run_fit';
import {simulateMixedData} from './simulate';

// The CLI end to end on a small simulated InstEval-format CSV with a tiny budget: this checks
// wiring, the JSON and errors, not the fit's quality (fit.test.ts and the README run do that).

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lmm-insteval-cli-'));
test.after.always(() => fs.rmSync(root, {recursive: true, force: true}));

/** A CSV in the shared file's format (1-based codes, extra columns), ratings clipped to 1..5. */
function writeCsv(): string {
  const data = simulateMixedData(
    {intercept: 3, effectService: -0.2, sdStudents: 0.4, sdInstructors: 0.5, sdDepartments: 0.3, sdNoise: 0.9},
    {rows: 240, students: 30, instructors: 12, departments: 4, seed: 5},
  );
  const lines = ['s,d,studage,lectage,service,dept,y'];
  for (let i = 0; i < data.ratings.length; i++) {
    const y = Math.min(5, Math.max(1, data.ratings[i])).toFixed(3);
    lines.push(`${data.students.index[i] + 1},${data.instructors.index[i] + 101},1,1,${data.service[i]},${data.departments.index[i] + 1},${y}`);
  }
  const file = path.join(root, 'tiny.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
const CSV = writeCsv();

/** Runs the CLI with `args`, capturing what it prints. */
async function run(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
  try {
    const program = buildProgram();
    for (const command of [program, ...program.commands]) {
      command.exitOverride().configureOutput({writeErr: () => {}, writeOut: (s) => lines.push(s)});
    }
    await program.parseAsync(['node', 'lmm-insteval', ...args]);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test.before(async () => {
  await init();
});

test.serial('fit writes fit.json with every figure, prints the table and leaves no tensors', async (t) => {
  const out = path.join(root, 'run');
  const args = ['fit', '--data', CSV, '--sampler', 'hmc', '--chains', '2', '--warmup', '10', '--draws', '12',
    '--leapfrog-steps', '3', '--ppc-replicates', '4', '--seed', '2', '--out', out];
  await run(args); // warms up kernels and caches, whose tensors are not leaks
  const before = tf.memory().numTensors;
  const printed = await run(args);
  t.is(tf.memory().numTensors, before);
  t.regex(printed, /240 ratings, 52 parameters; HMC, 2 chains x \(10 warm-up \+ 12 draws\)/);
  t.regex(printed, /sd residual +[\d.]+ +\[[\d.]+, [\d.]+\]/);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'fit.json'), 'utf8')) as FitReport;
  t.deepEqual(report.data, {file: CSV, rows: 240, subsample: null, students: 30, instructors: 12, departments: 4, parameters: 52});
  t.is(report.settings.sampler, 'hmc');
  t.is(report.timing.phases.length, 2); // under 30 warm-up steps: one window, then sampling
  for (const s of [...Object.values(report.fixedEffects), ...Object.values(report.standardDeviations)]) {
    t.true(s.q025 <= s.mean && s.mean <= s.q975);
    t.true(Number.isFinite(s.essBulk) && Number.isFinite(s.rhat));
  }
  for (const s of Object.values(report.standardDeviations)) t.true(s.q025 > 0);
  t.is(report.departmentEffects.mean.length, 4);
  t.deepEqual(report.departmentEffects.code, [1, 2, 3, 4]);
  t.is(report.posteriorPredictive.replicates, 4);
  t.is(report.posteriorPredictive.ratingShare.length, 5);
  t.is(report.posteriorPredictive.departmentMean.length, 4);
  t.is(report.lme4, undefined); // not the whole InstEval
  t.false(fs.existsSync(path.join(out, 'fit.json.tmp')));
});

test.serial('--subsample and --sampler nuts run; --help lists the options', async (t) => {
  const out = path.join(root, 'nuts');
  await run(['fit', '--data', CSV, '--sampler', 'nuts', '--subsample', '100', '--warmup', '8', '--draws', '8',
    '--max-tree-depth', '2', '--ppc-replicates', '2', '--out', out]);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'fit.json'), 'utf8')) as FitReport;
  t.is(report.data.rows, 100);
  t.is(report.data.subsample, 100);
  t.is(report.settings.sampler, 'nuts');
  t.true(report.timing.phases.every((p) => p.meanLeapfrogSteps >= 1 && p.meanLeapfrogSteps <= 3));
  const help = await run(['fit', '--help']).catch((e: {code?: string}) => e.code);
  t.is(help, 'commander.helpDisplayed');
});

test('bad arguments and a bad data file are reported', async (t) => {
  await t.throwsAsync(run(['fit', '--data', CSV]), {message: /required option '--out <dir>' not specified/});
  await t.throwsAsync(run(['fit', '--data', CSV, '--sampler', 'gibbs', '--out', root]), {message: /Allowed choices are hmc, nuts/});
  await t.throwsAsync(run(['fit', '--data', CSV, '--chains', '0', '--out', root]), {message: /--chains must be a positive integer, got '0'/});
  const bad = path.join(root, 'bad.csv');
  fs.writeFileSync(bad, 's,d,service,dept,y\n1,1,0,1,6\n');
  await t.throwsAsync(run(['fit', '--data', bad, '--out', root]), {message: /bad\.csv \(record 0\): line 2, column 'y': '6' is outside \[1, 5\]/});
});
