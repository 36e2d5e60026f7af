import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {backendReport, describeBackend, init} from './backend';

test.serial('auto picks wasm here and says why the native backends were skipped', async (t) => {
  const previous = process.env.TFP_BACKEND;
  delete process.env.TFP_BACKEND;
  try {
    const report = await init();
    t.is(report.chosen, 'wasm');
    t.is(tf.getBackend(), 'wasm');
    t.false(report.forced);
    const skipped = report.attempts.filter((a) => !a.ok).map((a) => a.name);
    t.deepEqual(skipped, ['node-gpu', 'node']);
    t.regex(report.attempts[0].reason, /@tensorflow\/tfjs-node-gpu is not installed/);
    t.is(backendReport(), report);
    t.regex(describeBackend(), /backend: wasm .*skipped node-gpu: .*not installed/);
    // The suite runs without TFP_WASM_THREADS: the stock single-threaded build.
    t.is(report.threads, 1);
    t.regex(describeBackend(), /\(tfjs 'wasm', auto, 1 thread\)/);
  } finally {
    if (previous !== undefined) process.env.TFP_BACKEND = previous;
  }
});

test.serial('an option forces a backend, and init is idempotent per request', async (t) => {
  const cpu = await init({backend: 'cpu'});
  t.is(cpu.chosen, 'cpu');
  t.true(cpu.forced);
  t.is(cpu.threads, undefined, 'threads are reported for wasm only');
  t.is(tf.getBackend(), 'cpu');
  t.is(await init({backend: 'cpu'}), cpu);
  const wasm = await init({backend: 'wasm'});
  t.is(tf.getBackend(), 'wasm');
  t.is(wasm.chosen, 'wasm');
});

test.serial('TFP_BACKEND forces a backend', async (t) => {
  process.env.TFP_BACKEND = 'cpu';
  try {
    const report = await init();
    t.is(report.chosen, 'cpu');
    t.regex(report.attempts[0].reason, /TFP_BACKEND/);
  } finally {
    delete process.env.TFP_BACKEND;
    await init({backend: 'wasm'});
  }
});

test.serial('a backend that is not installed names the package and how to install it', async (t) => {
  const error = await t.throwsAsync(init({backend: 'node'}));
  t.regex(error!.message, /Backend 'node'/);
  t.regex(error!.message, /npm install @tensorflow\/tfjs-node@4\.22\.0/);
  const gpu = await t.throwsAsync(init({backend: 'node-gpu'}));
  t.regex(gpu!.message, /@tensorflow\/tfjs-node-gpu/);
});

test.serial('an unknown backend lists the valid ones', async (t) => {
  const error = await t.throwsAsync(init({backend: 'webgpu' as never}));
  t.regex(error!.message, /Unknown backend 'webgpu'/);
  t.regex(error!.message, /auto, node-gpu, node, wasm, cpu/);
  process.env.TFP_BACKEND = 'tpu';
  try {
    const fromEnv = await t.throwsAsync(init());
    t.regex(fromEnv!.message, /TFP_BACKEND/);
  } finally {
    delete process.env.TFP_BACKEND;
  }
});
