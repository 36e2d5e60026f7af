import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';

test.before(async () => {
  await init({backend: 'wasm'});
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

const CASES: {shape: number[]; axis: number[]; keepDims: boolean; rows: number}[] = [
  {shape: [100000], axis: [0], keepDims: false, rows: 1},
  {shape: [1000, 1000], axis: [0, 1], keepDims: true, rows: 1},
  {shape: [7, 300], axis: [1], keepDims: false, rows: 7},
  {shape: [3, 20, 30], axis: [1, 2], keepDims: true, rows: 3},
];

for (const c of CASES) {
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
