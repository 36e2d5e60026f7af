import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

const CASES: {shape: number[]; axis: number | number[] | undefined; keepDims: boolean}[] = [
  {shape: [1000], axis: undefined, keepDims: false},
  {shape: [7, 300], axis: -1, keepDims: false},
  {shape: [7, 300], axis: [1], keepDims: true},
  {shape: [3, 20, 30], axis: [1, 2], keepDims: false},
  {shape: [3, 20, 30], axis: [2, 1], keepDims: true},
  {shape: [5, 6, 7], axis: [0, 1, 2], keepDims: true},
  // Short rows (<= 128 terms): the stock kernel's path.
  {shape: [9, 100], axis: 1, keepDims: false},
];

// float64 accumulation rounded once: within an ulp or two of cpu's float64 sum, except where
// the sum cancels; 1e-5 relative to the largest output leaves room for the stock short path.
const TOLERANCE = 1e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Sum matches cpu: shape ${c.shape} axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async (t) => {
    const axis = c.axis ?? c.shape.map((_, i) => i);
    const out = await kernelOnCpuAndWasm('Sum', {x: seededInput(c.shape, 40 + index)}, {axis, keepDims: c.keepDims});
    t.deepEqual(out.shape, tf.tidy(() => tf.sum(tf.zeros(c.shape), axis, c.keepDims).shape));
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('a long log-likelihood-like sum is exact to float32 rounding (the stock running sum is not)', async (t) => {
  // 73,421 terms near -1.6 (an InstEval-sized Gaussian log-likelihood): a float32 running sum
  // drifts by ~1e-1; float64 accumulation is within half an ulp of the float32 result (~0.004).
  const n = 73421;
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.fround(-1.6 - 0.3 * Math.sin(i));
  let exact = 0;
  let running = 0;
  for (let i = 0; i < n; i++) {
    exact += values[i];
    running = Math.fround(running + values[i]);
  }
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23);
  t.true(Math.abs(running - exact) > 8 * ulp, `a running float32 sum errs by ${Math.abs(running - exact)}, so the check can fail`);
  for (const sum of [(x: tf.Tensor) => tf.sum(x), (x: tf.Tensor) => tf.tidy(() => tf.sum(tf.reshape(x, [1, n]), 1))]) {
    const out = await onCpuAndWasm([{shape: [n], values}], sum);
    t.true(Math.abs(out.wasm[0] - exact) <= ulp / 2, `${out.wasm[0]} vs ${exact} (ulp ${ulp})`);
    t.is(out.wasmLeaks, 0);
  }
});

test.serial('int32 sums stay on the stock kernel (exact int32)', async (t) => {
  const values = Int32Array.from({length: 500}, (_, i) => i);
  const out = await onCpuAndWasm([{shape: [500], values, dtype: 'int32'}], (x) => tf.sum(x));
  t.deepEqual(Array.from(out.wasm), [124750]);
  t.is(out.wasmLeaks, 0);
});

test.serial('gradients through a long sum match cpu', async (t) => {
  const out = await onCpuAndWasm([seededInput([4, 400], 77)], (x) => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.sum(v, 1))))(x)));
  t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
});

/** Per output, the float32 rounding of the float64 sum of its terms in index order. */
function reference(values: Float32Array, rows: number): number[] {
  const terms = values.length / rows;
  return Array.from({length: rows}, (_, r) => {
    let s = 0;
    for (let i = r * terms; i < (r + 1) * terms; i++) s += values[i];
    return Math.fround(s);
  });
}

const ORDER_CASES: {shape: number[]; axis: number[]; keepDims: boolean; rows: number}[] = [
  {shape: [100000], axis: [0], keepDims: false, rows: 1},
  {shape: [1000, 1000], axis: [0, 1], keepDims: true, rows: 1},
  {shape: [7, 300], axis: [1], keepDims: false, rows: 7},
  {shape: [3, 20, 30], axis: [1, 2], keepDims: true, rows: 3},
];

for (const c of ORDER_CASES) {
  test.serial(`long float32 sums are the float64 sums in index order, bit for bit: [${c.shape}] axes ${c.axis}`, (t) => {
    const before = tf.memory().numTensors;
    // Terms of mixed magnitudes and signs, so the order of the additions shows in the result.
    const size = tf.util.sizeFromShape(c.shape);
    const values = Float32Array.from({length: size}, (_, i) => Math.sin(i * 0.37) * 10 ** ((i % 7) - 3));
    const x = tf.tensor(values, c.shape);
    const s = tf.sum(x, c.axis, c.keepDims);
    t.deepEqual(s.shape, c.keepDims ? c.shape.map((d, i) => (c.axis.includes(i) ? 1 : d)) : c.shape.filter((_, i) => !c.axis.includes(i)));
    t.deepEqual(Array.from(s.dataSync()), reference(values, c.rows));
    tf.dispose([x, s]);
    t.is(tf.memory().numTensors, before);
  });
}

test.serial('short rows, leading axes, int32 and empty sums keep their kernels', (t) => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    // Halves: every partial sum is exact, whatever the order.
    const x = tf.tensor2d(Array.from({length: 600}, (_, i) => i * 0.5 - 100), [6, 100]);
    t.deepEqual(Array.from(tf.sum(x, 1).dataSync()), [0, 1, 2, 3, 4, 5].map((r) => 100 * (50 * r - 100) + 0.5 * 4950));
    t.is(tf.sum(x, 0).dataSync()[0], 150);
    t.deepEqual(Array.from(tf.sum(tf.range(0, 1000, 1, 'int32')).dataSync()), [499500]);
    t.deepEqual(Array.from(tf.sum(tf.zeros([0, 300]), 1).dataSync()), []);
    t.deepEqual(Array.from(tf.sum(tf.zeros([2, 0])).dataSync()), [0]);
  });
  t.is(tf.memory().numTensors, before);
});

test.serial('a full sum takes the total recorded on the data id (by the kernel that wrote it); row sums and short sums do not', (t) => {
  const key = Symbol.for('tfjs-probability.knownTotal');
  const values = Float32Array.from({length: 600}, (_, i) => Math.cos(i) * 3);
  let s = 0;
  for (const v of values) s += v;
  tf.tidy(() => {
    const x = tf.tensor2d(values, [2, 300]);
    Object.defineProperty(x.dataId, key, {value: s});
    t.is(tf.sum(x).dataSync()[0], Math.fround(s));
    t.is(tf.sum(tf.reshape(x, [600])).dataSync()[0], Math.fround(s));
    // The recorded number is used as is, so a kernel must record exactly the index-order sum.
    const y = tf.tensor1d(values);
    Object.defineProperty(y.dataId, key, {value: 12345});
    t.is(tf.sum(y).dataSync()[0], 12345);
    t.deepEqual(Array.from(tf.sum(y.reshape([2, 300]), 1).dataSync()), reference(values, 2));
    const short = tf.tensor1d(values.slice(0, 100));
    Object.defineProperty(short.dataId, key, {value: 12345});
    t.not(tf.sum(short).dataSync()[0], 12345);
  });
});
