import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, seededInput} from './cpu_reference';
import {RELU_GRAD} from './relu_grad';

test.before(async () => {
  await init({backend: 'wasm'});
});

/** tfjs's own Relu gradient formula, run on whichever backend is active. */
function stockReluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(dy, tf.cast(tf.step(x), 'float32')));
}

function sameBits(t: import('ava').ExecutionContext, wasm: ArrayLike<number>, cpu: ArrayLike<number>): void {
  t.is(wasm.length, cpu.length);
  for (let i = 0; i < cpu.length; i++) {
    if (!Object.is(wasm[i], cpu[i])) {
      t.fail(`element ${i}: wasm ${wasm[i]}, cpu ${cpu[i]}`);
      return;
    }
  }
  t.pass();
}

for (const shape of [[5], [3, 7], [2, 9, 9, 4], [128, 11, 11, 8]]) {
  test.serial(`${RELU_GRAD} equals tfjs's relu gradient on cpu exactly: shape ${shape}`, async (t) => {
    const out = await onCpuAndWasm([seededInput(shape, 1), seededInput(shape, 2)], (dy, x) =>
      tf.getBackend() === 'wasm' ? (tf.engine().runKernel(RELU_GRAD, {dy, x}) as tf.Tensor) : stockReluGrad(dy, x),
    );
    sameBits(t, out.wasm, out.cpu);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial(`${RELU_GRAD} keeps NaN, infinities, signed zeros and x = 0 as tfjs's formula does`, async (t) => {
  const x = Float32Array.from([NaN, 0, -0, 1, -1, Infinity, -Infinity, 2, -3, 1e-30]);
  const dy = Float32Array.from([1, Infinity, 2, NaN, NaN, -4, 5, -0, Infinity, -Infinity]);
  const out = await onCpuAndWasm([{shape: [10], values: dy}, {shape: [10], values: x}], (g, v) =>
    tf.getBackend() === 'wasm' ? (tf.engine().runKernel(RELU_GRAD, {dy: g, x: v}) as tf.Tensor) : stockReluGrad(g, v),
  );
  sameBits(t, out.wasm, out.cpu);
});

test.serial(`${RELU_GRAD} rejects mismatched shapes by name`, async (t) => {
  await tf.setBackend('wasm');
  const error = t.throws(() => tf.engine().runKernel(RELU_GRAD, {dy: tf.ones([2, 3]), x: tf.ones([3, 2])}));
  t.regex(error!.message, /TfpReluGrad: dy and x must be float32 of one shape, got dy float32 \[2,3\] and x float32 \[3,2\]/);
});

test.serial('first and second derivatives through relu match cpu (tfjs formula) without leaks', async (t) => {
  const shape = [4, 6, 6, 3];
  const out = await onCpuAndWasm([seededInput(shape, 3), seededInput(shape, 4)], (x, w) =>
    tf.tidy(() => {
      const f = (z: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.relu(z)), w));
      const first = tf.grad(f)(x);
      // d/dx of sum(w * relu'(x) * 2 relu(x) * v): exercises the gradient of the fused kernel.
      const second = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(z), w)))(x);
      return tf.concat([first.flatten(), second.flatten()]);
    }),
  );
  const scale = Math.max(1, ...Array.from(out.cpu, Math.abs));
  out.cpu.forEach((c, i) => t.true(Math.abs(out.wasm[i] - c) <= 1e-6 * scale, `element ${i}: ${out.wasm[i]} vs ${c}`));
  t.is(out.wasmLeaks, 0);
  // The values are not trivial: relu's mask zeroes about half of them.
  const size = tf.util.sizeFromShape(shape);
  const zeros = Array.from(out.cpu.slice(0, size)).filter((v) => v === 0).length;
  t.true(zeros > 0.3 * size && zeros < 0.7 * size, `${zeros} zeros of ${size}`);
});
