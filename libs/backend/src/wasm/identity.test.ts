import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

function wasmBuffers(): number {
  return tf.engine().backend.numDataIds();
}

test.serial('Identity (tf.clone) shares the buffer on wasm, and each tensor outlives the other', async (t) => {
  await tf.setBackend('wasm');
  const before = wasmBuffers();
  const x = tf.tensor([1.5, -2, 3, 4], [2, 2]);
  const y = tf.clone(x);
  t.is(wasmBuffers(), before + 1, 'the clone made no second buffer');
  t.is(y.dataId, x.dataId);
  x.dispose();
  t.deepEqual(Array.from(await y.data()), [1.5, -2, 3, 4]);
  const z = tf.clone(y);
  y.dispose();
  t.deepEqual(z.shape, [2, 2]);
  t.deepEqual(Array.from(await z.data()), [1.5, -2, 3, 4]);
  z.dispose();
  t.is(wasmBuffers(), before, 'the buffer is freed with its last tensor');
});

test.serial('Identity of int32, bool and string tensors keeps values and dtype, without leaks', async (t) => {
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const sources = [tf.tensor([7, -8], [2], 'int32'), tf.tensor([true, false], [2], 'bool'), tf.tensor(['a', 'bc'])];
  const clones = sources.map((s) => tf.clone(s));
  tf.dispose(sources);
  t.deepEqual(
    clones.map((c) => c.dtype),
    ['int32', 'bool', 'string'],
  );
  t.deepEqual(Array.from(await clones[0].data()), [7, -8]);
  t.deepEqual(Array.from(await clones[1].data()), [1, 0]);
  t.deepEqual(await clones[2].data(), ['a', 'bc']);
  tf.dispose(clones);
  t.is(tf.memory().numTensors, before);
});

test.serial('Cast to the same dtype shares the buffer; int32 and bool casts convert as on cpu', async (t) => {
  await tf.setBackend('wasm');
  const x = tf.tensor([1.75, -2.5, 0, 3e9]);
  const same = tf.cast(x, 'float32');
  t.is(same.dataId, x.dataId);
  tf.dispose([x, same]);
  const values = Float32Array.from([1.75, -2.5, 0, -0, -0.5, 2.5, 256, 1e6, NaN]);
  for (const dtype of ['int32', 'bool'] as const) {
    const out = await onCpuAndWasm([{shape: [values.length], values}], (v) => tf.cast(v, dtype));
    t.deepEqual(Array.from(out.wasm), Array.from(out.cpu), dtype);
    t.is(out.wasmLeaks, 0);
  }
  const ints = await onCpuAndWasm([{shape: [4], values: Int32Array.from([0, 3, -256, 512]), dtype: 'int32'}], (v) => tf.cast(v, 'bool'));
  t.deepEqual(Array.from(ints.wasm), [0, 1, 1, 1]);
  t.deepEqual(Array.from(ints.wasm), Array.from(ints.cpu));
});

test.serial('gradients through saved (cloned) activations match cpu and leak nothing', async (t) => {
  const out = await onCpuAndWasm([{shape: [3, 4], values: Float32Array.from({length: 12}, (_, i) => i / 3 - 2)}], (x) =>
    tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.exp(z), tf.sigmoid(z))))(x)),
  );
  out.cpu.forEach((c, i) => t.true(Math.abs(out.wasm[i] - c) <= 1e-6 * Math.max(1, Math.abs(c)), `element ${i}`));
  t.is(out.wasmLeaks, 0);
});
