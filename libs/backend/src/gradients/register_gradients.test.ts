import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`${backend}: tf.where with a comparison of its input differentiates (|x|' = sign x)`, async (t) => {
    await init({backend});
    const x = tf.tensor1d([-1.5, 2, -0.25, 3]);
    const before = tf.memory().numTensors;
    const g = tf.grad((v: tf.Tensor) => tf.where(tf.greater(v, 0), tf.square(v), tf.neg(v)).sum())(x);
    t.deepEqual(Array.from(g.dataSync()), [-1, 4, -1, 6]);
    for (const op of [tf.less, tf.lessEqual, tf.greaterEqual, tf.equal, tf.notEqual]) {
      const h = tf.grad((v: tf.Tensor) => tf.where(op(v, tf.scalar(0)), v, tf.mul(v, 2)).sum())(x);
      const expected = Array.from(op(x, tf.scalar(0)).dataSync()).map((c) => (c ? 1 : 2));
      t.deepEqual(Array.from(h.dataSync()), expected);
      h.dispose();
    }
    g.dispose();
    t.true(tf.memory().numTensors <= before + 10);
    x.dispose();
  });

  test.serial(`${backend}: maximum/minimum gradients sum over broadcast dims (clipping at a shared bound)`, async (t) => {
    await init({backend});
    const x = tf.tensor2d([[-2, 0.5, 3], [1, -1, 4]]);
    const bound = tf.scalar(0);
    const [gx, gb] = tf.grads((v: tf.Tensor, c: tf.Tensor) => tf.maximum(v, c).sum())([x, bound]);
    t.deepEqual(gx.shape, [2, 3]);
    t.deepEqual(Array.from(gx.dataSync()), [0, 1, 1, 1, 0, 1]);
    t.deepEqual(gb.shape, []);
    t.is(gb.dataSync()[0], 2);
    const row = tf.tensor1d([1, 1, 1]);
    const [hx, hr] = tf.grads((v: tf.Tensor, r: tf.Tensor) => tf.minimum(v, r).sum())([x, row]);
    t.deepEqual(Array.from(hx.dataSync()), [1, 1, 0, 1, 1, 0]);
    t.deepEqual(Array.from(hr.dataSync()), [0, 0, 2]);
    tf.dispose([x, bound, gx, gb, row, hx, hr]);
  });

  test.serial(`${backend}: tile and broadcastTo gradients sum over the repetitions`, async (t) => {
    await init({backend});
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const w = tf.tensor(Array.from({length: 2 * 2 * 3 * 3}, (_, i) => i), [4, 9]);
    // d/dx sum(w * tile(x, [2, 3])): entry (i, j) collects w at rows i, i + 2 and columns j, j + 3, j + 6.
    const g = tf.grad((v: tf.Tensor) => tf.mul(tf.tile(v, [2, 3]), w).sum())(x);
    const expected = [0, 1].flatMap((i) => [0, 1, 2].map((j) => [i, i + 2].reduce((s, r) => s + [j, j + 3, j + 6].reduce((u, c) => u + r * 9 + c, 0), 0)));
    t.deepEqual(Array.from(g.dataSync()), expected);
    const c = tf.tensor1d([2]);
    const gb = tf.grad((v: tf.Tensor) => tf.broadcastTo(v, [100000]).mul(tf.fill([100000], 0.5)).sum())(c);
    t.is(gb.dataSync()[0], 50000);
    tf.dispose([x, w, g, c, gb]);
  });

  test.serial(`${backend}: the gradient of bandPart (through a single-output unstack) is the band mask`, async (t) => {
    await init({backend});
    for (const shape of [[3, 3], [1, 3, 3], [2, 3, 3]]) {
      const x = tf.ones(shape);
      const g = tf.grad((v: tf.Tensor) => tf.linalg.bandPart(v, -1, 0).sum())(x);
      const mask = [1, 0, 0, 1, 1, 0, 1, 1, 1];
      const expected = Array.from({length: g.size / 9}, () => mask).flat();
      t.deepEqual(Array.from(g.dataSync()), expected, `shape [${shape}]`);
      tf.dispose([x, g]);
    }
    const y = tf.tensor2d([[2, 3]]);
    const g = tf.grad((v: tf.Tensor) => tf.unstack(v)[0].mul(tf.tensor1d([5, 7])).sum())(y);
    t.deepEqual(Array.from(g.dataSync()), [5, 7]);
    tf.dispose([y, g]);
  });
}
