import {spawnSync} from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init, type BackendName} from '@tfjs-probability/backend';
import {Distribution, Gamma, MultivariateNormalTriL, Normal, StudentT} from '@tfjs-probability/distributions';
import {PYTHON} from './cnn_bench';
import {profileKernels, type KernelProfile} from './kernel_profile';

export interface DistributionsBenchOptions {
  /** Points of the univariate cases. */
  n: number;
  /** Points of the d-dimensional MultivariateNormalTriL case. */
  mvnN: number;
  dim: number;
  reps: number;
}

export interface CaseTimings {
  name: string;
  ms: number[];
}

/**
 * The benchmark's cases: for each, a function of the parameters (as tensors to differentiate)
 * and the data, returning sum log p(x); gradients are taken in every parameter.
 */
function cases(options: DistributionsBenchOptions): {name: string; params: () => tf.Tensor[]; data: () => tf.Tensor; logProb: (p: tf.Tensor[], x: tf.Tensor) => tf.Tensor}[] {
  const d = options.dim;
  const sumOf = (dist: Distribution, x: tf.Tensor) => tf.sum(dist.logProb(x));
  return [
    {name: 'Normal', params: () => [tf.zeros([1]), tf.ones([1])], data: () => tf.randomNormal([options.n], 0, 1, 'float32', 1),
      logProb: ([loc, scale], x) => sumOf(new Normal({loc, scale}), x)},
    {name: 'Gamma', params: () => [tf.fill([1], 2), tf.fill([1], 1.5)], data: () => tf.randomUniform([options.n], 0.01, 5.01, 'float32', 2),
      logProb: ([concentration, rate], x) => sumOf(new Gamma({concentration, rate}), x)},
    {name: 'StudentT', params: () => [tf.fill([1], 4), tf.zeros([1]), tf.ones([1])], data: () => tf.randomNormal([options.n], 0, 1, 'float32', 3),
      logProb: ([df, loc, scale], x) => sumOf(new StudentT({df, loc, scale}), x)},
    {name: 'MultivariateNormalTriL',
      params: () => [tf.zeros([d]), tf.tidy(() => tf.add(tf.linalg.bandPart(tf.randomNormal([d, d], 0, 0.1, 'float32', 4), -1, 0), tf.eye(d)))],
      data: () => tf.randomNormal([options.mvnN, d], 0, 1, 'float32', 5),
      logProb: ([loc, scaleTril], x) => sumOf(new MultivariateNormalTriL({loc, scaleTril}), x)},
  ];
}

/**
 * For each case on `backend`: its parameters and points, and `body` given the case's name and one
 * logProb + gradient step (all parameter gradients read back), then freed.
 */
async function forEachCaseStep(
  backend: BackendName,
  options: DistributionsBenchOptions,
  body: (name: string, step: () => Promise<void>) => Promise<void>,
): Promise<void> {
  await init({backend});
  for (const c of cases(options)) {
    const params = c.params();
    const x = c.data();
    const gradients = tf.grads((...p: tf.Tensor[]) => c.logProb(p, x));
    const step = async () => {
      const grads = gradients(params);
      await Promise.all(grads.map((g) => g.data()));
      tf.dispose(grads);
    };
    try {
      await body(c.name, step);
    } finally {
      tf.dispose([...params, x]);
    }
  }
}

/** Wall ms of `reps` logProb + gradient steps per case, after one warm-up step. */
export async function timeTfjsDistributions(
  backend: BackendName,
  options: DistributionsBenchOptions,
  onCase: (timings: CaseTimings) => void = () => {},
): Promise<CaseTimings[]> {
  const results: CaseTimings[] = [];
  await forEachCaseStep(backend, options, async (name, step) => {
    await step();
    const ms: number[] = [];
    for (let r = 0; r < options.reps; r++) {
      const started = performance.now();
      await step();
      ms.push(performance.now() - started);
    }
    results.push({name, ms});
    onCase({name, ms});
  });
  return results;
}

/**
 * Per case, the kernels of one logProb + gradient step (calls, wall and CPU ms per kernel and
 * input shapes; kernel_profile.ts), averaged over `steps` after one warm-up step: which kernels a
 * distribution's logProb and gradient run, and where the time goes.
 */
export async function profileTfjsDistributions(
  backend: BackendName,
  options: DistributionsBenchOptions,
  steps = 5,
): Promise<{name: string; profile: KernelProfile}[]> {
  const results: {name: string; profile: KernelProfile}[] = [];
  await forEachCaseStep(backend, options, async (name, step) => {
    await step();
    results.push({name, profile: await profileKernels(step, steps)});
  });
  return results;
}

/** The same cases in torch.distributions (python/distributions_logprob.py), or why not. */
export function timeTorchDistributions(options: DistributionsBenchOptions & {threads: number}): {label: string; cases: CaseTimings[]} | {skipped: string} {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], {encoding: 'utf8'});
  if (probe.error !== undefined || probe.status !== 0) {
    return {skipped: `PyTorch is not importable by ${PYTHON} (apt-get install python3-torch)`};
  }
  const script = path.join(__dirname, '..', 'python', 'distributions_logprob.py');
  const run = spawnSync(PYTHON, [script, `--n=${options.n}`, `--mvn-n=${options.mvnN}`, `--dim=${options.dim}`, `--reps=${options.reps}`, `--threads=${options.threads}`], {encoding: 'utf8', maxBuffer: 1 << 20});
  if (run.status !== 0) {
    throw new Error(`${script} failed (exit ${run.status}): ${run.stderr.trim()}`);
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {torch: string; threads: number; ms: Record<string, number[]>};
  return {label: `torch.distributions ${result.torch} (${result.threads} threads)`, cases: Object.entries(result.ms).map(([name, ms]) => ({name, ms}))};
}
