import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

test.serial('UnsortedSegmentSum matches cpu for repeated ids and empty segments', async (t) => {
  const cases = [
    {x: [6], ids: [0, 2, 0, 2, 2, 1], numSegments: 4},
    {x: [5, 3], ids: [1, 1, 0, 3, 1], numSegments: 5},
    {x: [200, 16], ids: Array.from({length: 200}, (_, i) => (i * 7) % 13), numSegments: 13},
  ];
  for (const [index, c] of cases.entries()) {
    const out = await kernelOnCpuAndWasm(
      'UnsortedSegmentSum',
      {
        x: seededInput(c.x, index),
        segmentIds: {shape: [c.ids.length], values: Int32Array.from(c.ids), dtype: 'int32'},
      },
      {numSegments: c.numSegments},
    );
    // Sums of at most ~16 values in [-1, 1): order differences are below 1e-6.
    t.true(relativeMaxError(out) < 1e-6, `case ${index}: ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  }
});

test.serial('UnsortedSegmentSum sums int32 exactly and drops ids outside [0, numSegments)', async (t) => {
  await tf.setBackend('wasm');
  const x = tf.tensor1d([1, 2, 3, 4, 5], 'int32');
  const ids = tf.tensor1d([0, -1, 2, 5, 0], 'int32');
  const out = tf.unsortedSegmentSum(x, ids, 3);
  t.is(out.dtype, 'int32');
  t.deepEqual(Array.from(await out.data()), [6, 0, 3]);
  tf.dispose([x, ids, out]);
});

test.serial('UnsortedSegmentSum with 2-d ids sums x over the ids\' dimensions', async (t) => {
  await tf.setBackend('wasm');
  const x = tf.tensor3d([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
  const ids = tf.tensor2d([[0, 1, 0], [1, 1, 2]], [2, 3], 'int32');
  const out = tf.engine().runKernel('UnsortedSegmentSum', {x, segmentIds: ids}, {numSegments: 3}) as tf.Tensor;
  t.deepEqual(await out.array(), [[6, 8], [19, 22], [11, 12]]);
  tf.dispose([x, ids, out]);
});

test.serial('the gradient of tf.gather (an Embedding layer) matches cpu without leaks', async (t) => {
  const out = await onCpuAndWasm(
    [seededInput([10, 4], 1), {shape: [3, 5], values: Int32Array.from([1, 3, 3, 9, 0, 3, 2, 2, 1, 0, 9, 9, 9, 4, 5]), dtype: 'int32'}],
    (table, indices) => tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.gather(w, indices))))(table)),
  );
  t.true(relativeMaxError(out) < 1e-6);
  t.is(out.wasmLeaks, 0);
});
