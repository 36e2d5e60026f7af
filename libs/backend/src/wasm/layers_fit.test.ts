import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {seededValues} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

interface LayerCase {
  name: string;
  inputShape: number[];
  layers: () => tf.layers.Layer[];
  /** Integer inputs in [0, vocabulary) (Embedding) instead of values in [-1, 1). */
  vocabulary?: number;
  /** The layers already output [batch, features]: no Flatten before the Dense head. */
  flat?: boolean;
}

const CASES: LayerCase[] = [
  {name: 'conv1d', inputShape: [12, 3], layers: () => [tf.layers.conv1d({filters: 4, kernelSize: 3, strides: 2, padding: 'same'})]},
  {name: 'conv2d', inputShape: [9, 9, 2], layers: () => [tf.layers.conv2d({filters: 4, kernelSize: 3, strides: 2, padding: 'same'})]},
  {name: 'conv2d valid, 1 channel', inputShape: [10, 10, 1], layers: () => [tf.layers.conv2d({filters: 3, kernelSize: [3, 2]})]},
  {name: 'conv3d', inputShape: [5, 5, 5, 2], layers: () => [tf.layers.conv3d({filters: 3, kernelSize: 3, padding: 'same'})]},
  {name: 'depthwiseConv2d', inputShape: [8, 8, 3], layers: () => [tf.layers.depthwiseConv2d({kernelSize: 3, depthMultiplier: 2, strides: 2})]},
  {name: 'separableConv2d', inputShape: [8, 8, 3], layers: () => [tf.layers.separableConv2d({filters: 4, kernelSize: 3, padding: 'same'})]},
  {name: 'conv2dTranspose', inputShape: [5, 5, 3], layers: () => [tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2})]},
  {name: 'embedding', inputShape: [6], vocabulary: 11, layers: () => [tf.layers.embedding({inputDim: 11, outputDim: 4})]},
  {
    name: 'maxPooling2d + averagePooling2d',
    inputShape: [8, 8, 3],
    layers: () => [tf.layers.maxPooling2d({poolSize: 3, strides: 2, padding: 'same'}), tf.layers.averagePooling2d({poolSize: 2})],
  },
  {name: 'maxPooling1d', inputShape: [10, 3], layers: () => [tf.layers.conv1d({filters: 2, kernelSize: 2}), tf.layers.maxPooling1d({poolSize: 2})]},
  {name: 'maxPooling3d', inputShape: [4, 4, 4, 2], layers: () => [tf.layers.conv3d({filters: 2, kernelSize: 1}), tf.layers.maxPooling3d({poolSize: 2})]},
  {name: 'globalAveragePooling2d', inputShape: [6, 6, 3], layers: () => [tf.layers.conv2d({filters: 4, kernelSize: 3}), tf.layers.globalAveragePooling2d({})], flat: true},
  {name: 'batchNormalization', inputShape: [6, 6, 3], layers: () => [tf.layers.conv2d({filters: 4, kernelSize: 3}), tf.layers.batchNormalization()]},
  {name: 'lstm', inputShape: [5, 3], layers: () => [tf.layers.lstm({units: 4})], flat: true},
];

const BATCH = 4;

function inputValues(c: LayerCase): Float32Array {
  const values = seededValues(BATCH * tf.util.sizeFromShape(c.inputShape), 1);
  return c.vocabulary === undefined ? values : values.map((v) => Math.floor(((v + 1) / 2) * c.vocabulary!));
}

/** Builds the model on the current backend with the given weights (or its own), trains 2 SGD steps. */
async function trainTwoSteps(c: LayerCase, start?: Float32Array[]): Promise<{start: Float32Array[]; end: Float32Array[]}> {
  const model = tf.sequential({
    layers: [
      tf.layers.inputLayer({inputShape: c.inputShape}),
      ...c.layers(),
      ...(c.flat ? [] : [tf.layers.flatten()]),
      tf.layers.dense({units: 2}),
    ],
  });
  if (start !== undefined) {
    const values = model.getWeights().map((w, i) => tf.tensor(start[i], w.shape));
    model.setWeights(values);
    tf.dispose(values);
  }
  const initial = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  const optimizer = tf.train.sgd(0.05);
  model.compile({optimizer, loss: 'meanSquaredError'});
  const xs = tf.tensor(inputValues(c), [BATCH, ...c.inputShape]);
  const ys = tf.tensor(seededValues(BATCH * 2, 2), [BATCH, 2]);
  await model.fit(xs, ys, {batchSize: BATCH, epochs: 2, shuffle: false, verbose: 0});
  const end = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return {start: initial, end};
}

for (const c of CASES) {
  test.serial(`a ${c.name} model trains on wasm like on cpu, without leaks`, async (t) => {
    await tf.setBackend('cpu');
    const cpu = await trainTwoSteps(c);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = await trainTwoSteps(c, cpu.start);
    t.is(tf.memory().numTensors, before);
    // Two SGD steps from identical weights: the weights differ only by float32 rounding in the
    // kernels' different summation orders, ~1e-6 relative; 1e-4 leaves room for the chain rule.
    cpu.end.forEach((expected, i) => {
      let maxDiff = 0;
      let scale = 1e-3;
      expected.forEach((e, k) => {
        maxDiff = Math.max(maxDiff, Math.abs(e - wasm.end[i][k]));
        scale = Math.max(scale, Math.abs(e));
      });
      t.true(maxDiff / scale < 1e-4, `weight ${i}: relative difference ${maxDiff / scale}`);
    });
  });
}
