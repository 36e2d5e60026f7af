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

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`${backend}: the Sum gradient is dy broadcast over the summed axes (tfjs's dy * ones, values and shapes)`, async (t) => {
    await init({backend});
    const cases: {shape: number[]; axis?: number | number[]; keepDims?: boolean}[] = [
      {shape: [1000]},
      {shape: [3, 4], axis: 1},
      {shape: [3, 4], axis: 0, keepDims: true},
      {shape: [2, 3, 4], axis: [0, 2]},
      {shape: [2, 3, 4], axis: -1, keepDims: true},
      {shape: []},
      {shape: [0, 3], axis: 1},
      {shape: [2, 0], axis: 1},
    ];
    const before = tf.memory().numTensors;
    for (const c of cases) {
      tf.tidy(() => {
        const x = tf.randomNormal(c.shape, 0, 1, 'float32', 7);
        const outShape = tf.sum(x, c.axis, c.keepDims).shape;
        // dy with infinities and NaN: dy * 1 keeps them, so must the broadcast.
        const dyValues = Array.from({length: tf.util.sizeFromShape(outShape)}, (_, i) => [1.5, -Infinity, NaN, Infinity, -0.25][i % 5]);
        const dy = tf.tensor(dyValues, outShape);
        const g = tf.grad((v: tf.Tensor) => tf.sum(v, c.axis, c.keepDims), )(x, dy);
        t.deepEqual(g.shape, c.shape);
        t.is(g.dtype, 'float32');
        const kept = c.shape.slice();
        for (const a of tf.util.parseAxisParam(c.axis ?? c.shape.map((_, i) => i), c.shape)) kept[a] = 1;
        const expected = tf.mul(tf.reshape(dy, kept), tf.ones(c.shape));
        t.deepEqual(Array.from(g.dataSync()), Array.from(expected.dataSync()), `shape [${c.shape}] axis ${c.axis}`);
      });
    }
    t.is(tf.memory().numTensors, before);
  });

  test.serial(`${backend}: second derivatives through Sum (the broadcast is differentiable)`, async (t) => {
    await init({backend});
    // f(x) = sum_j (sum_i x_ij)^2 / 2 over a [3, 4] x: df/dx_ij = s_j (the column sum), so
    // d/dx of sum(df/dx * w) is, per entry, the sum over its column of w.
    const x = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    const w = tf.tensor2d([[1, 0, 2, 0], [0, 1, 0, 3], [1, 1, 1, 1]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sum(u, 0)))))(v), w)))(x);
    t.deepEqual(Array.from(g.dataSync()), [2, 2, 3, 4, 2, 2, 3, 4, 2, 2, 3, 4]);
    tf.dispose([x, w, g]);
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`${backend}: the Sum gradient of a full reduction is marked with dy's value (and only then)`, async (t) => {
    await init({backend});
    const key = Symbol.for('tfjs-probability.uniformValue');
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    let marks: unknown[] = [];
    const capture = (v: tf.Tensor) => {
      const id = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.clone(args[0] as tf.Tensor),
        gradFunc: (dy: tf.Tensor | tf.Tensor[]) => (marks.push((dy as unknown as Record<symbol, unknown>)[key]), dy),
      }));
      return id(v) as tf.Tensor;
    };
    const g = tf.grad((v: tf.Tensor) => tf.mul(tf.sum(capture(v)), 2.5))(x);
    t.deepEqual(marks, [2.5]);
    t.deepEqual(Array.from(g.dataSync()), [2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
    marks = [];
    const h = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.sum(capture(v), 1), tf.tensor1d([1, 2]))))(x);
    t.deepEqual(marks, [undefined]);
    tf.dispose([x, g, h]);
  });
}
