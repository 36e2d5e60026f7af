import test from 'ava';
import {spawnSync} from 'node:child_process';
import * as path from 'node:path';
import {requestedWasmThreads} from './threaded_wasm';

/**
 * Run in a fresh Node process (the wasm backend starts once per process): a filter gradient
 * on the chosen wasm backend against the cpu backend, and the pool's thread count.
 */
const CHILD = `
if (process.env.TFP_TEST_BREAK_MKDTEMP === '1') {
  require('node:fs').mkdtempSync = () => { throw new Error('EACCES: permission denied, mkdtemp (simulated)'); };
}
const tf = require('@tensorflow/tfjs');
const {init} = require('@tfjs-probability/backend');
(async () => {
  const report = await init({backend: 'wasm'});
  const x = tf.randomUniform([8, 12, 12, 16], -1, 1, 'float32', 1);
  const f = tf.randomUniform([3, 3, 16, 32], -1, 1, 'float32', 2);
  const grad = (z) => tf.grad((w) => tf.conv2d(z, w, 1, 'same').square().sum())(f);
  const onWasm = await grad(x).data();
  await tf.setBackend('cpu');
  const onCpu = await grad(tf.tensor(await x.data(), x.shape)).data();
  let diff = 0, scale = 1;
  onCpu.forEach((c, i) => { diff = Math.max(diff, Math.abs(c - onWasm[i])); scale = Math.max(scale, Math.abs(c)); });
  const threads = require('@tensorflow/tfjs-backend-wasm').getThreadsCount();
  console.log('RESULT ' + JSON.stringify({backend: report.chosen, threads, reported: report.threads, relativeError: diff / scale}));
})();
`;

interface ChildResult {
  backend: string;
  threads: number;
  reported: number;
  relativeError: number;
  stderr: string;
}

function runChild(env: Record<string, string | undefined>): ChildResult {
  const childEnv: Record<string, string | undefined> = {...process.env, TFP_QUIET: '1', ...env};
  for (const key of Object.keys(childEnv)) {
    if (childEnv[key] === undefined) delete childEnv[key];
  }
  const run = spawnSync(process.execPath, ['--import=tsx', '--conditions=tfp-source', '-e', CHILD], {
    cwd: path.join(__dirname, '..', '..'),
    env: childEnv as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.status !== 0 || line === undefined) {
    throw new Error(`child exited with ${run.status} (signal ${run.signal}): ${run.stderr.slice(-2000)}`);
  }
  return {...JSON.parse(line.slice('RESULT '.length)), stderr: run.stderr};
}

// A 3x3x16 filter gradient summed over 8*12*12 positions: float32 order differences only.
const TOLERANCE = 2e-5;

test('TFP_WASM_THREADS=2 starts the threaded wasm build with 2 threads, same results, and Node still exits', (t) => {
  // spawnSync returning at all (no timeout signal) shows the pool's workers do not hold Node.
  const result = runChild({TFP_WASM_THREADS: '2'});
  t.is(result.backend, 'wasm');
  t.is(result.threads, 2);
  t.is(result.reported, 2, 'BackendReport.threads');
  t.true(result.relativeError < TOLERANCE, `relative error ${result.relativeError}`);
});

test('when the threaded build cannot start (its temporary directory cannot be made) wasm falls back to 1 thread and says why', (t) => {
  const result = runChild({TFP_WASM_THREADS: '2', TFP_TEST_BREAK_MKDTEMP: '1', TFP_QUIET: '0'});
  t.is(result.backend, 'wasm');
  t.is(result.threads, 1);
  t.true(result.relativeError < TOLERANCE, `relative error ${result.relativeError}`);
  t.regex(result.stderr, /threaded wasm failed \(EACCES: permission denied, mkdtemp \(simulated\)\); using 1 thread/);
});

test('requestedWasmThreads reads TFP_WASM_THREADS and rejects bad values by name', (t) => {
  const previous = process.env.TFP_WASM_THREADS;
  try {
    delete process.env.TFP_WASM_THREADS;
    t.is(requestedWasmThreads(), undefined);
    process.env.TFP_WASM_THREADS = '1';
    t.is(requestedWasmThreads(), undefined);
    process.env.TFP_WASM_THREADS = '3';
    t.is(requestedWasmThreads(), 3);
    for (const bad of ['0', '9', 'two', '1.5']) {
      process.env.TFP_WASM_THREADS = bad;
      const error = t.throws(() => requestedWasmThreads());
      t.regex(error!.message, new RegExp(`TFP_WASM_THREADS must be an integer from 1 to 8.*'${bad.replace('.', '\\.')}'`));
    }
  } finally {
    if (previous === undefined) delete process.env.TFP_WASM_THREADS;
    else process.env.TFP_WASM_THREADS = previous;
  }
});
