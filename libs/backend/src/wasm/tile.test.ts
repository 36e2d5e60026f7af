import test, {type ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, seededValues} from './cpu_reference';
import {collapseTile} from './tile';

test.before(async () => {
  await init({backend: 'wasm'});
});

/** [x shape, reps]: ranks 1-6, reps of 1, length-1 axes, empty axes, short and long rows. */
const CASES: [number[], number[]][] = [
  [[1], [1]],
  [[1], [7]],
  [[5], [3]],
  [[5], [1]],
  [[0], [4]],
  [[3], [0]],
  [[2, 3], [1, 1]],
  [[2, 3], [2, 1]],
  [[2, 3], [1, 2]],
  [[2, 3], [3, 4]],
  [[1, 3], [4, 1]],
  [[3, 1], [1, 4]],
  [[1, 1], [5, 6]],
  [[2, 0], [3, 2]],
  [[4, 1, 3], [2, 5, 1]],
  [[1, 2, 1], [3, 1, 4]],
  [[2, 3, 4], [2, 2, 2]],
  [[3, 1, 2, 1], [1, 2, 3, 4]],
  [[2, 2, 1, 3], [2, 1, 3, 1]],
  [[1, 2, 3, 1, 2], [2, 1, 2, 3, 1]],
  [[2, 1, 2, 1, 2, 1], [1, 2, 1, 2, 1, 2]],
  [[2, 3, 1, 2, 1, 3], [2, 1, 2, 2, 3, 1]],
  [[1, 1, 1, 1, 1, 1], [1, 2, 1, 3, 1, 1]],
  [[1000, 1], [1, 1000]],
  [[1, 1000], [1000, 1]],
  [[7, 1, 30], [3, 50, 2]],
  [[40, 50], [1, 1]],
];

/** Asserts equal lengths and no differing element (a loop: ava's deepEqual is slow on 1e6 values). */
function sameValues(t: ExecutionContext, a: ArrayLike<number>, b: ArrayLike<number>, message: string): void {
  t.is(a.length, b.length, message);
  let first = -1;
  for (let i = 0; i < a.length && first < 0; i++) {
    if (!Object.is(a[i], b[i])) first = i;
  }
  t.is(first, -1, `${message}: first differing element (-1: none)`);
}

test.serial('Tile on wasm gives the cpu backend values for float32, int32 and bool, ranks 1-6, without leaks', async (t) => {
  for (const [shape, reps] of CASES) {
    const size = tf.util.sizeFromShape(shape);
    const floats = seededValues(size, shape.length * 31 + reps[0]);
    const ints = Int32Array.from(floats, (v) => Math.round(v * 1e6));
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const data = dtype === 'float32' ? floats : ints;
      const out = await onCpuAndWasm([{shape, values: data, dtype: dtype === 'float32' ? 'float32' : 'int32'}], (x) =>
        tf.tidy(() => {
          const input = dtype === 'bool' ? tf.greater(x, 0) : x;
          const tiled = tf.tile(input, reps);
          // Bool outputs are compared as 0/1 int32; the tiled dtype itself is checked below.
          return dtype === 'bool' ? tf.cast(tiled, 'int32') : tiled;
        }),
      );
      const label = `${dtype} ${JSON.stringify(shape)} x ${JSON.stringify(reps)}`;
      t.deepEqual(out.shape, shape.map((s, i) => s * reps[i]), label);
      sameValues(t, out.wasm, out.cpu, label);
      t.is(out.wasmLeaks, 0, label);
    }
  }
});

test.serial('Tile keeps the dtype; a scalar given as [1] tiles to a filled vector', async (t) => {
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const inputs = [tf.tensor1d([true, false], 'bool'), tf.tensor2d([[7], [-8]], [2, 1], 'int32'), tf.tensor1d([2.5])];
  const flags = tf.tile(inputs[0], [3]);
  t.is(flags.dtype, 'bool');
  sameValues(t, await flags.data(), [1, 0, 1, 0, 1, 0], 'bool');
  const ints = tf.tile(inputs[1], [1, 3]);
  t.is(ints.dtype, 'int32');
  sameValues(t, await ints.data(), [7, 7, 7, -8, -8, -8], 'int32');
  const filled = tf.tile(inputs[2], [5]);
  sameValues(t, await filled.data(), [2.5, 2.5, 2.5, 2.5, 2.5], 'scalar as [1]');
  tf.dispose([...inputs, flags, ints, filled]);
  t.is(tf.memory().numTensors, before);
});

test.serial('broadcastTo and broadcasting tf.where (which tile) match cpu', async (t) => {
  const cond = {shape: [4, 1, 3], values: seededValues(12, 5)};
  const a = {shape: [1, 5, 1], values: seededValues(5, 6)};
  const b = {shape: [], values: Float32Array.of(0.25)};
  const where = await onCpuAndWasm([cond, a, b], (c, x, y) => tf.tidy(() => tf.where(tf.greater(c, 0), x, y)));
  t.deepEqual(where.shape, [4, 5, 3]);
  sameValues(t, where.wasm, where.cpu, 'where');
  t.is(where.wasmLeaks, 0);
  const broadcast = await onCpuAndWasm([a], (x) => tf.broadcastTo(x, [2, 3, 5, 4]));
  sameValues(t, broadcast.wasm, broadcast.cpu, 'broadcastTo');
  t.is(broadcast.wasmLeaks, 0);
});

test('collapseTile merges axes that tile as one', (t) => {
  t.deepEqual(collapseTile([2, 3], [4, 1]), {shape: [6], reps: [4]});
  t.deepEqual(collapseTile([1, 3], [4, 2]), {shape: [3], reps: [8]});
  t.deepEqual(collapseTile([3, 1], [1, 4]), {shape: [3, 1], reps: [1, 4]});
  t.deepEqual(collapseTile([1, 1], [1, 1]), {shape: [1], reps: [1]});
  t.deepEqual(collapseTile([4, 1, 3], [2, 5, 1]), {shape: [4, 3], reps: [2, 5]});
});
