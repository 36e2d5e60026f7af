import {spawnSync} from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init, type BackendName} from '@tfjs-probability/backend';
import {referenceCnn} from '@tfjs-probability/app-reference-cnn';
import {profileKernels, type KernelProfile} from './kernel_profile';

export interface StepTimings {
  /** Who ran the steps: 'tfjs wasm (2 threads)', 'tfjs cpu', 'PyTorch 1.13 (2 threads)'. */
  label: string;
  /** Wall-clock milliseconds of each timed step (warm-up steps excluded). */
  stepMs: number[];
}

export interface CnnBenchOptions {
  batchSize: number;
  steps: number;
  warmup: number;
}

/** The reference CNN (seed 1) and one fixed batch of 28x28x1 images with one-hot labels. */
function cnnAndBatch(batchSize: number): {model: tf.Sequential; xs: tf.Tensor; ys: tf.Tensor} {
  const model = referenceCnn({seed: 1});
  const xs = tf.randomUniform([batchSize, 28, 28, 1], 0, 1, 'float32', 1);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([batchSize], 0, 10, 'int32', 2) as tf.Tensor1D, 10).toFloat());
  return {model, xs, ys};
}

/**
 * Times `model.trainOnBatch` of the reference CNN (Adam, softmax cross-entropy) on one fixed
 * batch of 28x28x1 images on the given tfjs backend.
 */
export async function timeTfjsCnnSteps(backend: BackendName, options: CnnBenchOptions): Promise<StepTimings> {
  const report = await init({backend});
  const {model, xs, ys} = cnnAndBatch(options.batchSize);
  const stepMs: number[] = [];
  try {
    for (let step = 0; step < options.warmup + options.steps; step++) {
      const started = performance.now();
      await model.trainOnBatch(xs, ys);
      if (step >= options.warmup) {
        stepMs.push(performance.now() - started);
      }
    }
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
  const threads = report.threads;
  return {label: `tfjs ${backend}` + (threads !== undefined ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''), stepMs};
}

/**
 * Per-kernel times of reference-CNN training steps (forward, backward and Adam, as
 * `model.trainOnBatch` runs them) on the given backend, after the warm-up steps.
 */
export async function profileTfjsCnnStep(backend: BackendName, options: CnnBenchOptions): Promise<KernelProfile> {
  await init({backend});
  const {model, xs, ys} = cnnAndBatch(options.batchSize);
  try {
    for (let step = 0; step < options.warmup; step++) {
      await model.trainOnBatch(xs, ys);
    }
    return await profileKernels(() => model.trainOnBatch(xs, ys), options.steps);
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
}

export const PYTHON = '/usr/bin/python3';

/**
 * Times the same network in PyTorch on the CPU (python/cnn_step.py), or returns the reason it
 * cannot (no /usr/bin/python3 or no importable torch).
 */
export function timeTorchCnnSteps(options: CnnBenchOptions & {threads: number}): StepTimings | {skipped: string} {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], {encoding: 'utf8'});
  if (probe.error !== undefined || probe.status !== 0) {
    return {skipped: `PyTorch is not importable by ${PYTHON} (apt-get install python3-torch)`};
  }
  const script = path.join(__dirname, '..', 'python', 'cnn_step.py');
  const run = spawnSync(
    PYTHON,
    [
      script,
      `--steps=${options.steps}`,
      `--warmup=${options.warmup}`,
      `--batch-size=${options.batchSize}`,
      `--threads=${options.threads}`,
    ],
    {encoding: 'utf8', maxBuffer: 1 << 20},
  );
  if (run.status !== 0) {
    throw new Error(`${script} failed (exit ${run.status}): ${run.stderr.trim()}`);
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {torch: string; threads: number; stepMs: number[]};
  return {label: `PyTorch ${result.torch} (${result.threads} threads)`, stepMs: result.stepMs};
}
