import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {seededValues} from './cpu_reference';

/** Values and gradients of maxPool3d on one backend. */
async function run(backend: 'wasm' | 'cpu', shape: [number, number, number, number, number], filter: number, stride: number, pad: 'valid' | 'same', offset: number) {
  await init({backend});
  const x = tf.tensor5d(seededValues(tf.util.sizeFromShape(shape), 3).map((v) => v + offset), shape);
  const y = tf.maxPool3d(x, filter, stride, pad);
  const weights = tf.tensor(seededValues(y.size, 4), y.shape);
  const g = tf.grad((v: tf.Tensor) => tf.maxPool3d(v as tf.Tensor5D, filter, stride, pad).mul(weights).sum())(x);
  const result = {y: Array.from(y.dataSync()), g: Array.from(g.dataSync()), shape: y.shape};
  tf.dispose([x, y, weights, g]);
  return result;
}

test.serial('maxPool3d and its gradient on wasm equal cpu, including windows of negative values', async (t) => {
  for (const [shape, filter, stride, pad] of [
    [[2, 4, 4, 4, 2], 2, 2, 'valid'],
    [[1, 5, 3, 4, 3], 3, 2, 'same'],
    [[1, 3, 3, 3, 1], 2, 1, 'valid'],
  ] as const) {
    for (const offset of [0, -5]) {
      const cpu = await run('cpu', [...shape], filter, stride, pad, offset);
      const before = tf.memory().numTensors;
      const wasm = await run('wasm', [...shape], filter, stride, pad, offset);
      t.is(tf.memory().numTensors, before);
      t.deepEqual(wasm.shape, cpu.shape);
      t.deepEqual(wasm.y, cpu.y, `values, shape [${shape}] offset ${offset}`);
      // Gradients sum dy over windows sharing a maximum: equal up to float32 addition order.
      wasm.g.forEach((v, i) => t.true(Math.abs(v - cpu.g[i]) < 1e-6, `gradient [${i}] ${v} vs ${cpu.g[i]}`));
    }
  }
});
