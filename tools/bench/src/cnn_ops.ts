/**
 * The reference CNN's training step, op by op: tfjs (the active backend, wasm by default)
 * against PyTorch on the same shapes (python/cnn_ops.py), median ms of each.
 *
 *   TFP_WASM_THREADS=2 npx tsx --conditions=tfp-source tools/bench/src/cnn_ops.ts [--threads 2] [--repeats 15]
 *
 * `--threads` is PyTorch's intra-op thread count (default: TFP_WASM_THREADS, else 1).
 */
import {spawnSync} from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {PYTHON} from './cnn_bench';
import {median} from './stats';

const BATCH = 128;

/**
 * Median ms of `body` over `repeats` calls (after 2 untimed), each on fresh copies of
 * `inputs` made outside the clock: the wasm backend caches XNNPACK operators (packed weights)
 * by tensor, and in a training step every conv and matmul operand is a new tensor.
 */
function timed(inputs: tf.NamedTensorMap, body: (fresh: tf.NamedTensorMap) => void, repeats: number): number {
  const values = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, t.dataSync().slice()]));
  const times: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const fresh = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, tf.tensor(values[name], t.shape, t.dtype)]));
    const started = performance.now();
    body(fresh);
    if (i >= 2) times.push(performance.now() - started);
    tf.dispose(Object.values(fresh));
  }
  return median(times);
}

/** Runs one kernel on the named inputs and frees its outputs. */
function kernel(name: string, attrs: tf.NamedAttrMap = {}, rename: Record<string, string> = {}): (inputs: tf.NamedTensorMap) => void {
  return (inputs) => {
    const named = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [rename[k] ?? k, t]));
    const out = tf.engine().runKernel(name, named, attrs) as tf.Tensor | tf.Tensor[];
    tf.dispose(out);
  };
}

function both(...bodies: ((inputs: tf.NamedTensorMap) => void)[]): (inputs: tf.NamedTensorMap) => void {
  return (inputs) => bodies.forEach((b) => b(inputs));
}

const valid = {strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1]};

export function timeTfjsCnnOps(repeats: number): Record<string, number> {
  const r = (shape: number[], scale = 1, seed = 0) => tf.randomNormal(shape, 0, scale, 'float32', seed);
  const x1 = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1);
  const w1 = r([3, 3, 1, 32], 0.3, 2);
  const b1 = r([32], 0.1, 3);
  const y1 = r([BATCH, 26, 26, 32], 1, 4);
  const dy1 = r([BATCH, 26, 26, 32], 1, 5);
  const x2 = r([BATCH, 13, 13, 32], 1, 6);
  const w2 = r([3, 3, 32, 64], 0.1, 7);
  const b2 = r([64], 0.1, 8);
  const y2 = r([BATCH, 11, 11, 64], 1, 9);
  const dy2 = r([BATCH, 11, 11, 64], 1, 10);
  const pooled1 = tf.maxPool(y1 as tf.Tensor4D, 2, 2, 'valid');
  const dp1 = r(pooled1.shape, 1, 11);
  const pooled2 = tf.maxPool(y2 as tf.Tensor4D, 2, 2, 'valid');
  const dp2 = r(pooled2.shape, 1, 12);
  const h = r([BATCH, 1600], 1, 13);
  const wd = r([1600, 128], 0.02, 14);
  const dh = r([BATCH, 128], 1, 15);
  const pool = {filterSize: [2, 2], strides: [2, 2], pad: 'valid'};
  const bias = kernel('Sum', {axis: [0, 1, 2], keepDims: false}, {dy: 'x'});
  const conv = (filterShape: number[]) => kernel('Conv2DBackpropFilter', {...valid, filterShape});
  const ops: Record<string, number> = {};
  ops['conv1 forward (+bias)'] = timed({x: x1, filter: w1, a: y1, b: b1}, both(kernel('Conv2D', valid), kernel('Add')), repeats);
  ops['conv1 filter grad (+bias grad)'] = timed({x: x1, dy: dy1}, both(conv(w1.shape), bias), repeats);
  ops['conv2 forward (+bias)'] = timed({x: x2, filter: w2, a: y2, b: b2}, both(kernel('Conv2D', valid), kernel('Add')), repeats);
  ops['conv2 input grad'] = timed({dy: dy2, filter: w2}, kernel('Conv2DBackpropInput', {...valid, inputShape: x2.shape}), repeats);
  ops['conv2 filter grad (+bias grad)'] = timed({x: x2, dy: dy2}, both(conv(w2.shape), bias), repeats);
  ops['relu1 forward'] = timed({x: y1}, kernel('Relu'), repeats);
  // tfjs's Relu gradient: dy * step(x).
  ops['relu1 grad'] = timed(
    {dy: dy1, x: y1},
    ({dy, x}) => tf.tidy(() => tf.engine().runKernel('Multiply', {a: dy, b: tf.step(x)})),
    repeats,
  );
  ops['maxpool1 forward'] = timed({x: y1}, kernel('MaxPool', pool), repeats);
  ops['maxpool1 grad'] = timed({dy: dp1, input: y1, output: pooled1}, kernel('MaxPoolGrad', pool), repeats);
  ops['maxpool2 forward'] = timed({x: y2}, kernel('MaxPool', pool), repeats);
  ops['maxpool2 grad'] = timed({dy: dp2, input: y2, output: pooled2}, kernel('MaxPoolGrad', pool), repeats);
  const matMul = (transposeA: boolean, transposeB: boolean) => kernel('BatchMatMul', {transposeA, transposeB});
  ops['dense1 forward [128,1600]x[1600,128]'] = timed({a: h, b: wd}, matMul(false, false), repeats);
  ops['dense1 input grad dy W^T'] = timed({a: dh, b: wd}, matMul(false, true), repeats);
  ops['dense1 filter grad x^T dy'] = timed({a: h, b: dh}, matMul(true, false), repeats);
  const shapes = [[3, 3, 1, 32], [32], [3, 3, 32, 64], [64], [1600, 128], [128], [128, 10], [10]];
  const variables = shapes.map((s, i) => tf.variable(r(s, 0.1, 20 + i), true, `cnn_ops_v${i}`));
  const grads = shapes.map((s, i) => r(s, 0.1, 40 + i));
  const named = variables.map((v, i) => ({name: v.name, tensor: grads[i]}));
  const adam = tf.train.adam(1e-3);
  ops['Adam (all 8 variables)'] = timed({}, () => adam.applyGradients(named), repeats);
  adam.dispose();
  tf.dispose([x1, w1, b1, y1, dy1, x2, w2, b2, y2, dy2, pooled1, dp1, pooled2, dp2, h, wd, dh, ...variables, ...grads]);
  return ops;
}

export function timeTorchCnnOps(threads: number, repeats: number): {torch: string; threads: number; ops: Record<string, number>} {
  const script = path.join(__dirname, '..', 'python', 'cnn_ops.py');
  const run = spawnSync(PYTHON, [script, `--threads=${threads}`, `--repeats=${repeats}`], {encoding: 'utf8'});
  if (run.status !== 0) {
    throw new Error(`${script} failed (exit ${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const wasmThreads = Number(process.env.TFP_WASM_THREADS ?? '1');
  const repeats = option('--repeats', 15);
  const threads = option('--threads', wasmThreads);
  const report = await init({backend: (process.env.TFP_BACKEND as 'wasm' | undefined) ?? 'wasm'});
  const load = () => os.loadavg()[0].toFixed(2);
  const loadBefore = load();
  const ours = timeTfjsCnnOps(repeats);
  const torch = timeTorchCnnOps(threads, repeats);
  const label = `tfjs ${tf.getBackend()} (${report.threads ?? 1} thr)`;
  console.log(`load (1-min) ${loadBefore} -> ${load()}; median of ${repeats}`);
  console.log(`${'op'.padEnd(40)}${label.padStart(20)}${`torch (${torch.threads} thr)`.padStart(16)}${'ratio'.padStart(8)}`);
  let sumOurs = 0;
  let sumTorch = 0;
  for (const [name, ms] of Object.entries(ours)) {
    const theirs = torch.ops[name];
    sumOurs += ms;
    sumTorch += theirs;
    console.log(`${name.padEnd(40)}${ms.toFixed(2).padStart(20)}${theirs.toFixed(2).padStart(16)}${(ms / theirs).toFixed(2).padStart(8)}`);
  }
  console.log(`${'sum'.padEnd(40)}${sumOurs.toFixed(2).padStart(20)}${sumTorch.toFixed(2).padStart(16)}${(sumOurs / sumTorch).toFixed(2).padStart(8)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
