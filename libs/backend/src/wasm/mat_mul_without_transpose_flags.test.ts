import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {kernelOnCpuAndWasm, onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

// Float32: sums of at most 37 products of values in [-1, 1); order differences ~1e-7 * |sum|.
const TOLERANCE = 1e-5;

const SHAPES: {a: number[]; b: number[]}[] = [
  {a: [5, 7], b: [7, 3]},
  {a: [2, 4, 6], b: [2, 6, 5]},
  {a: [3, 2, 37], b: [1, 37, 4]},
];

for (const [index, s] of SHAPES.entries()) {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      test.serial(`BatchMatMul and _FusedMatMul match cpu: a ${s.a} b ${s.b} transposeA ${transposeA} transposeB ${transposeB}`, async (t) => {
        const flip = (shape: number[], yes: boolean) =>
          yes ? [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]] : shape;
        const a = seededInput(flip(s.a, transposeA), index);
        const b = seededInput(flip(s.b, transposeB), 10 + index);
            const plain = await kernelOnCpuAndWasm('BatchMatMul', {a, b}, {transposeA, transposeB});
        t.true(relativeMaxError(plain) < TOLERANCE, `BatchMatMul: ${relativeMaxError(plain)}`);
        const units = s.b[s.b.length - 1];
        const fused = await onCpuAndWasm([a, b, seededInput([units], 20 + index)], (x, y, bias) =>
          tf.fused.matMul({a: x, b: y, transposeA, transposeB, bias, activation: 'relu'}),
        );
        t.true(relativeMaxError(fused) < TOLERANCE, `_FusedMatMul: ${relativeMaxError(fused)}`);
        t.is(plain.wasmLeaks + fused.wasmLeaks, 0);
      });
    }
  }
}

test.serial('dense-layer gradients (x^T dy and dy W^T) match cpu', async (t) => {
  const out = await onCpuAndWasm([seededInput([16, 40], 1), seededInput([40, 12], 2)], (x, w) =>
    tf.tidy(() => {
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b))))([x, w]);
      return tf.concat([dx.flatten(), dw.flatten()]);
    }),
  );
  t.true(relativeMaxError(out) < TOLERANCE);
});
