import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Conv2DFlipout} from './conv_flipout';
import {DenseFlipout} from './dense_flipout';
import {DenseReparameterization} from './dense_reparameterization';
import {dnnToBnn} from './dnn_to_bnn';
import {assertClose, softplus, tempDir} from './internal/testing';
import {FLOAT32_EPS} from './util';
import {VariationalLayer} from './variational';

test.before(async () => {
  await init();
});

async function trainedCnn(): Promise<{model: tf.Sequential; x: tf.Tensor; y: tf.Tensor}> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({filters: 4, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1], name: 'conv'}),
      tf.layers.maxPooling2d({poolSize: 2, name: 'pool'}),
      tf.layers.flatten({name: 'flat'}),
      tf.layers.dense({units: 8, activation: 'tanh', name: 'hidden'}),
      tf.layers.dense({units: 1, useBias: false, name: 'out'}),
    ],
  });
  model.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
  const x = tf.randomNormal([32, 6, 6, 1], 0, 1, 'float32', 1);
  const y = tf.mean(x, [1, 2]);
  await model.fit(x, y, {epochs: 2, batchSize: 16, shuffle: false, verbose: 0});
  return {model, x, y};
}

test('dnnToBnn swaps Dense/Conv for Flipout layers with posterior means at the trained weights', async (t) => {
  const {model, x, y} = await trainedCnn();
  const bnn = dnnToBnn(model, {posteriorScale: 1e-6, seed: 1});
  t.deepEqual(
    bnn.layers.map((l) => l.getClassName()),
    ['Conv2DFlipout', 'MaxPooling2D', 'Flatten', 'DenseFlipout', 'DenseFlipout'],
  );
  t.deepEqual(bnn.layers.map((l) => l.name), model.layers.map((l) => l.name));
  const hidden = bnn.getLayer('hidden') as DenseFlipout;
  t.deepEqual(Array.from(hidden.getWeights()[0].dataSync()), Array.from(model.getLayer('hidden').getWeights()[0].dataSync()));
  t.is((bnn.getLayer('out') as DenseFlipout).biasPosteriorFn, null, 'useBias false is kept');
  t.is((bnn.getLayer('hidden') as DenseFlipout).activationName, 'tanh');
  t.true(bnn.getLayer('conv') instanceof Conv2DFlipout);
  // With posterior scale 1e-6 the Bayesian net reproduces the deterministic one (weights ~ 1,
  // 36-term sums: atol 1e-4 covers the perturbation and float32 rounding).
  const a = model.predict(x) as tf.Tensor;
  const b = bnn.predict(x) as tf.Tensor;
  assertClose(t, b, a, {atol: 1e-4, rtol: 1e-4}, 'predictions');
  tf.dispose([a, b]);
  // The converted model trains.
  bnn.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
  const history = await bnn.fit(x, y, {epochs: 1, batchSize: 16, verbose: 0});
  t.true(Number.isFinite(history.history.loss[0] as number));
  tf.dispose([x, y]);
});

test('the prior is N(weights or 0, priorScale^2) and the KL is exact, scaled by klWeight', async (t) => {
  const model = tf.sequential({layers: [tf.layers.dense({units: 3, inputShape: [2], name: 'd'})]});
  const kernel = Array.from(model.getLayer('d').getWeights()[0].dataSync());
  const s = 0.01;
  const ps = 0.5;
  const sq = (FLOAT32_EPS + softplus(Math.log(Math.expm1(s - FLOAT32_EPS)))) ** 2;
  // KL(N(w, s^2) || N(c, ps^2)) = log(ps / s) + (s^2 + (w - c)^2) / (2 ps^2) - 1/2, c = w or 0.
  const kl = (centre: (w: number) => number) =>
    kernel.reduce((acc, w) => acc + Math.log(ps) - 0.5 * Math.log(sq) + (sq + (w - centre(w)) ** 2) / (2 * ps * ps) - 0.5, 0);
  for (const [priorCentre, centre] of [['weights', (w: number) => w], ['zero', () => 0]] as const) {
    const bnn = dnnToBnn(model, {estimator: 'reparameterization', posteriorScale: s, priorScale: ps, priorCentre, klWeight: 0.1});
    t.true(bnn.getLayer('d') instanceof DenseReparameterization);
    const [loss] = (bnn.getLayer('d') as VariationalLayer).calculateLosses();
    // KL terms of size ~4 summed over 6 weights: rtol 1e-5.
    assertClose(t, loss, 0.1 * kl(centre), {rtol: 1e-5}, priorCentre);
    loss.dispose();
  }
});

test('a converted functional model saves and loads with its prior weights', async (t) => {
  const input = tf.input({shape: [3]});
  const h = tf.layers.dense({units: 4, activation: 'relu', name: 'h'}).apply(input) as tf.SymbolicTensor;
  const skip = tf.layers.concatenate().apply([h, input]) as tf.SymbolicTensor;
  const out = tf.layers.dense({units: 2, name: 'o'}).apply(skip) as tf.SymbolicTensor;
  const model = tf.model({inputs: input, outputs: out});
  const bnn = dnnToBnn(model, {exclude: ['o'], seed: 3});
  t.deepEqual(bnn.layers.map((l) => l.getClassName()), ['InputLayer', 'DenseFlipout', 'Concatenate', 'Dense']);
  const {url, cleanup} = tempDir('dnn2bnn');
  try {
    await bnn.save(url);
    const loaded = await tf.loadLayersModel(`${url}/model.json`);
    const w0 = bnn.getWeights();
    const w1 = loaded.getWeights();
    t.is(w1.length, w0.length);
    w0.forEach((w, i) => t.deepEqual(Array.from(w1[i].dataSync()), Array.from(w.dataSync())));
    loaded.dispose();
  } finally {
    cleanup();
  }
});

test('no tensors leak from a conversion; bad arguments are named', (t) => {
  const model = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [2]})]});
  const before = tf.memory().numTensors;
  const bnn = dnnToBnn(model);
  // The new model owns its variables: loc, untransformed scale, prior loc and scale, bias.
  t.is(tf.memory().numTensors - before, bnn.weights.length);
  t.is(bnn.weights.length, 5);
  bnn.dispose();
  t.is(tf.memory().numTensors, before);
  t.throws(() => dnnToBnn(model, {posteriorScale: 0}), {message: /dnnToBnn: posteriorScale must be a finite number > 0; received 0/});
  t.throws(() => dnnToBnn({} as tf.LayersModel), {message: /dnnToBnn: expected a tf.LayersModel/});
  t.throws(() => dnnToBnn(model, {priorCentre: 'mean' as 'zero'}), {message: /priorCentre must be 'weights' or 'zero'; received mean/});
});
