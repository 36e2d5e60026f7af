import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput, seededValues} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

interface Case {
  x: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
}

const CASES: Case[] = [
  {x: [2, 8, 8, 3], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [2, 9, 7, 3], filterSize: [2, 2], strides: [2, 2], pad: 'same'},
  {x: [2, 9, 9, 4], filterSize: [3, 3], strides: [2, 2], pad: 'same'},
  {x: [1, 10, 6, 2], filterSize: [3, 2], strides: [1, 1], pad: 'valid'},
  {x: [3, 7, 7, 5], filterSize: [3, 3], strides: [1, 2], pad: 1},
  {x: [2, 26, 26, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  // Overlapping 2x2 windows (the unrolled path accumulates) and 2x2 windows cut by padding.
  {x: [2, 6, 7, 3], filterSize: [2, 2], strides: [1, 1], pad: 'valid'},
  {x: [2, 7, 5, 4], filterSize: [2, 2], strides: [1, 1], pad: 'same'},
];

/** Values rounded to a few levels so windows hold ties, which must resolve as on cpu. */
function withTies(shape: number[], seed: number): Float32Array {
  return seededValues(tf.util.sizeFromShape(shape), seed).map((v) => Math.round(v * 2));
}

// Each dx element is a sum of at most 9 dy values in [-1, 1) (overlapping windows); only the
// summation order may differ, so 1e-6 relative is ample.
const TOLERANCE = 1e-6;

for (const [index, c] of CASES.entries()) {
  test.serial(`MaxPoolGrad matches cpu, ties included: x ${c.x} window ${c.filterSize} strides ${c.strides} pad ${c.pad}`, async (t) => {
    const info = tf.backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad);
    for (const values of [seededValues(tf.util.sizeFromShape(c.x), index), withTies(c.x, index)]) {
        const out = await onCpuAndWasm([{shape: c.x, values}, seededInput(info.outShape, 10 + index)], (x, dy) =>
        tf.tidy(() => {
          const output = tf.maxPool(x as tf.Tensor4D, c.filterSize, c.strides, c.pad);
          return tf.engine().runKernel('MaxPoolGrad', {dy, input: x, output}, {
            filterSize: c.filterSize,
            strides: c.strides,
            pad: c.pad,
          }) as tf.Tensor;
        }),
      );
      t.deepEqual(out.shape, c.x);
      t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
      t.is(out.wasmLeaks, 0);
    }
  });
}

test.serial('the gradient of tf.maxPool through tf.grad matches cpu', async (t) => {
  const out = await kernelOnCpuAndWasm('Identity', {x: seededInput([1], 0)}, {});
  t.is(out.wasm[0], out.cpu[0]);
  const grad = await onCpuAndWasm([{shape: [2, 9, 9, 3], values: withTies([2, 9, 9, 3], 5)}], (x) =>
    tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.square(tf.maxPool(z as tf.Tensor4D, 3, 2, 'same'))))(x)),
  );
  t.true(relativeMaxError(grad) < TOLERANCE);
});
