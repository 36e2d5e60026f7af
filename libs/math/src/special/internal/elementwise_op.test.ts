import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, registerElementwiseKernel, SPECIAL_KERNEL_BACKENDS} from './elementwise_op';
import {onEachBackend} from './testing';
import '../index';

const SPEC = {
  kernelName: 'TfpTestHypot',
  inputNames: ['x', 'y'],
  scalar: (x: number, y: number) => Math.hypot(x, y),
  gradient: (dy: tf.Tensor, [x, y]: tf.Tensor[], out: tf.Tensor) => ({
    x: () => tf.mul(dy, tf.div(x, out)),
    y: () => tf.mul(dy, tf.div(y, out)),
  }),
};

test.serial('every special kernel is registered for cpu and wasm, with a gradient where it has one', (t) => {
  const names = [
    'TfpLgamma', 'TfpDigamma', 'TfpPolygamma', 'TfpLbeta', 'TfpNdtr', 'TfpNdtri', 'TfpLogNdtr', 'TfpErfinv',
    'TfpLog1mexp', 'TfpSoftplusInverse', 'TfpLogAddExp', 'TfpLogCosh', 'TfpIgamma', 'TfpIgammac', 'TfpBetainc',
    'TfpBesselI0e', 'TfpBesselI1e', 'TfpStopGradient', 'TfpErfcx', 'TfpLogerfc', 'TfpLogerfcx',
  ];
  for (const name of names) {
    for (const backend of ['cpu', 'wasm']) t.truthy(tf.getKernel(name, backend), `${name} on ${backend}`);
    t.truthy(tf.getGradient(name), `${name} gradient`);
  }
  t.true(SPECIAL_KERNEL_BACKENDS.includes('cpu') && SPECIAL_KERNEL_BACKENDS.includes('wasm'));
});

test.serial('defineElementwiseOp: float64 evaluation, broadcasting, gradients summed to each shape, idempotent', async (t) => {
  const hypot = defineElementwiseOp(SPEC, 'hypot');
  t.notThrows(() => registerElementwiseKernel(SPEC));
  await onEachBackend((backend) => {
    // 3e20^2 overflows float32 but not float64: the kernel's float64 evaluation gives 5e20.
    const big = tf.tidy(() => hypot(3e20, 4e20).dataSync()[0]);
    t.is(big, Math.fround(5e20), backend);
    const x = tf.tensor2d([[3], [6]]);
    const y = tf.tensor1d([4, 8]);
    const out = hypot(x, y);
    t.deepEqual(out.shape, [2, 2]);
    t.deepEqual(Array.from(out.dataSync()), [5, Math.fround(Math.hypot(3, 8)), Math.fround(Math.hypot(6, 4)), 10]);
    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(hypot(a, b)))([x, y]);
    t.deepEqual(gx.shape, [2, 1]);
    t.deepEqual(gy.shape, [2]);
    const expectedGx = [3 / 5 + 3 / Math.hypot(3, 8), 6 / Math.hypot(6, 4) + 6 / 10];
    Array.from(gx.dataSync()).forEach((v, i) => t.true(Math.abs(v - expectedGx[i]) < 1e-6));
    tf.dispose([x, y, out, gx, gy]);
  });
});

test.serial('argument errors name the op and the argument', (t) => {
  const hypot = defineElementwiseOp(SPEC, 'hypot');
  t.throws(() => hypot(1), {message: 'hypot expects 2 argument(s) (x, y), got 1'});
  t.throws(() => hypot([1, 2], [1, 2, 3]), {message: 'hypot: arguments cannot be broadcast together (x: [2], y: [3])'});
  t.throws(() => hypot('a' as unknown as number, 1), {message: "hypot: argument 'x' is not a number, array or tensor of numbers (found string)"});
  t.throws(() => hypot([[1, 2], [3]], 1), {message: /hypot: argument 'x' .*\(ragged nested arrays\)/});
});
