import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput, seededValues} from './cpu_reference';
import {forceJsMaxPoolGrad} from './max_pool_grad';
import {simdKernels} from './simd_kernels';

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
  // Disjoint 2x2 windows (stride 2) leaving the last row and/or column of x uncovered.
  {x: [2, 9, 7, 3], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [3, 8, 5, 2], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [1, 5, 8, 1], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [2, 11, 11, 6], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [2, 6, 6, 5], filterSize: [2, 2], strides: [2, 2], pad: 'same'},
  // The same with channels a multiple of 4 (the SIMD kernel's case).
  {x: [2, 9, 7, 4], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [3, 8, 5, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [2, 11, 11, 12], filterSize: [2, 2], strides: [2, 2], pad: 'valid'},
  {x: [2, 6, 6, 16], filterSize: [2, 2], strides: [2, 2], pad: 'same'},
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
    for (const [values, js] of [seededValues(tf.util.sizeFromShape(c.x), index), withTies(c.x, index)].flatMap((v) => [[v, true], [v, false]] as const)) {
        forceJsMaxPoolGrad(js);
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
      forceJsMaxPoolGrad(false);
      t.deepEqual(out.shape, c.x);
      t.true(relativeMaxError(out) < TOLERANCE, `${js ? 'JS' : 'SIMD'}: relative error ${relativeMaxError(out)}`);
      t.is(out.wasmLeaks, 0);
    }
  });
}

test.serial('the SIMD kernels load on this backend (so the SIMD cases above are not the JS loop again)', (t) => {
  t.not(simdKernels(tf.engine().backend as BackendWasm), null);
});

for (const [channels, js] of [[3, true], [4, true], [4, false], [8, false]] as const) {
  test.serial(`MaxPoolGrad of disjoint 2x2 windows equals cpu exactly with NaN, -Infinity and Infinity in x and dy: ${channels} channels, ${js ? 'JS' : 'SIMD'}`, async (t) => {
    const shape = [2, 7, 9, channels];
    const values = withTies(shape, 21);
    // Whole windows of -Infinity, of NaN, of both, a NaN beside a maximum, and +Infinity maxima.
    const specials: [number, number][] = [
      [0, -Infinity], [1, -Infinity], [9, -Infinity], [10, -Infinity],
      [3, NaN], [4, NaN], [12, NaN], [13, NaN],
      [6, NaN], [7, -Infinity], [15, -Infinity], [16, NaN],
      [27, NaN], [28, 5],
      [60, Infinity], [61, Infinity], [87, 3],
    ];
    for (const [pixel, value] of specials) {
      for (let c = 0; c < channels; c += 2) values[pixel * channels + ((pixel + c) % channels)] = value;
    }
    const dyShape = [2, 3, 4, channels];
    const dyValues = seededValues(tf.util.sizeFromShape(dyShape), 22);
    dyValues[0] = Infinity;
    dyValues[channels + 1] = -Infinity;
    dyValues[2 * channels + 2] = NaN;
    dyValues[13] = -0.5;
    forceJsMaxPoolGrad(js);
    const out = await onCpuAndWasm([{shape, values}, {shape: dyShape, values: dyValues}], (x, dy) =>
      tf.tidy(() => {
        const output = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
        return tf.engine().runKernel('MaxPoolGrad', {dy, input: x, output}, {filterSize: [2, 2], strides: [2, 2], pad: 'valid'}) as tf.Tensor;
      }),
    );
    forceJsMaxPoolGrad(false);
    t.deepEqual(Array.from(out.wasm), Array.from(out.cpu));
    t.is(out.wasmLeaks, 0);
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

test.serial('the gradient of a 2x2 stride-2 tf.maxPool (the SIMD kernel) through tf.grad matches cpu, ties included', async (t) => {
  for (const shape of [[2, 8, 8, 4], [3, 11, 9, 8]]) {
    const out = await onCpuAndWasm([{shape, values: withTies(shape, 31)}], (x) =>
      tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.maxPool(z as tf.Tensor4D, 2, 2, 'valid')))))(x)),
    );
    t.deepEqual(Array.from(out.wasm), Array.from(out.cpu), `${shape}`);
    t.is(out.wasmLeaks, 0);
  }
});
