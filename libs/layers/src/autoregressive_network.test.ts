import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {AutoregressiveNetwork} from './autoregressive_network';
import {tempDir} from './internal/testing';

test.before(async () => {
  await init();
});

/** d output[i, p] / d input[j] at a random point, as a [D][D] matrix of max |derivative| over p. */
function dependence(layer: AutoregressiveNetwork, size: number): number[][] {
  const x = tf.randomNormal([1, size], 0, 1, 'float32', 3);
  const rows: number[][] = [];
  for (let i = 0; i < size; i++) {
    const g = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.slice(layer.apply(v) as tf.Tensor, [0, i, 0], [1, 1, -1]))))(x));
    rows.push(Array.from(g.dataSync()).map(Math.abs));
    g.dispose();
  }
  x.dispose();
  return rows;
}

test('output i depends exactly on the inputs before i in the order (autoregressive Jacobian)', (t) => {
  const size = 5;
  for (const [order, degree] of [
    ['left-to-right', (i: number) => i + 1],
    ['right-to-left', (i: number) => size - i],
    [[3, 1, 5, 2, 4], (i: number) => [3, 1, 5, 2, 4][i]],
  ] as const) {
    const layer = new AutoregressiveNetwork({params: 2, hiddenUnits: [16, 16], activation: 'tanh', inputOrder: order as 'left-to-right', seed: 1});
    tf.sequential({layers: [tf.layers.inputLayer({inputShape: [size]}), layer]});
    const jac = dependence(layer, size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const allowed = degree(j) < degree(i);
        // Masked connections give exact zeros; allowed ones are generically nonzero (> 1e-6).
        t.is(jac[i][j] > 1e-6, allowed, `${JSON.stringify(order)}: d out[${i}] / d x[${j}] = ${jac[i][j]}`);
      }
    }
  }
});

test('shapes, no hidden layers, leaks, save/load and bad input', async (t) => {
  const layer = new AutoregressiveNetwork({params: 3, eventShape: [4], name: 'made'});
  const model = tf.sequential({layers: [tf.layers.inputLayer({inputShape: [4]}), layer]});
  t.deepEqual(model.outputs[0].shape, [null, 4, 3]);
  const x = tf.randomNormal([2, 4]);
  const before = tf.memory().numTensors;
  tf.dispose(model.predict(x));
  t.is(tf.memory().numTensors, before, 'no leak');
  const out = model.predict(x) as tf.Tensor;
  // The first output (degree 1) sees no input: it is the bias (zeros at initialisation).
  t.deepEqual(Array.from(tf.slice(out, [0, 0, 0], [2, 1, 3]).dataSync()), [0, 0, 0, 0, 0, 0]);
  const {url, cleanup} = tempDir('made');
  try {
    await model.save(url);
    const loaded = await tf.loadLayersModel(`${url}/model.json`);
    t.deepEqual(loaded.getLayer('made').getConfig(), layer.getConfig());
    const again = loaded.predict(x) as tf.Tensor;
    t.deepEqual(Array.from(again.dataSync()), Array.from(out.dataSync()));
    tf.dispose([again]);
    loaded.dispose();
  } finally {
    cleanup();
  }
  tf.dispose([x, out]);
  t.throws(() => tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), new AutoregressiveNetwork({params: 2, eventShape: 4, name: 'm4'})]}), {
    message: /AutoregressiveNetwork 'm4': expected an input \[batch, \.\.\., 4\] with a defined last dim; received shape \[null,3\]/,
  });
  t.throws(() => new AutoregressiveNetwork({params: 2, eventShape: [3], inputOrder: [1, 1, 2], name: 'o'}).build([null, 3]), {
    message: /AutoregressiveNetwork 'o': inputOrder must be .* a permutation of 1..3; received \[1,1,2\]/,
  });
});
