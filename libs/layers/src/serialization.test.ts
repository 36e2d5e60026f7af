import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Conv1DFlipout, Conv2DFlipout, Conv3DFlipout} from './conv_flipout';
import {Conv1DReparameterization, Conv2DReparameterization, Conv3DReparameterization} from './conv_reparameterization';
import {DenseFlipout} from './dense_flipout';
import {DenseLocalReparameterization} from './dense_local_reparameterization';
import {DenseReparameterization} from './dense_reparameterization';
import {DenseVariational} from './dense_variational';
import {registerLayerFunction} from './internal/registry';
import {tempDir} from './internal/testing';
import {defaultMultivariateNormalFn} from './util';
import {VariationalLayer} from './variational';
import {Independent, Normal} from '@tfjs-probability/distributions';
import {DistributionLambda} from './distribution_lambda';
import {DistributionLayer} from './distribution_layer';
import {IndependentBernoulli} from './independent_bernoulli';
import {IndependentNormal} from './independent_normal';
import {IndependentPoisson} from './independent_poisson';
import {KLDivergenceAddLoss} from './kl_divergence_add_loss';
import {KLDivergenceRegularizer} from './kl_divergence_regularizer';
import {MultivariateNormalTriL} from './multivariate_normal_tril';
import {OneHotCategorical} from './one_hot_categorical';
import {VariableLayer} from './variable_layer';
import {AutoregressiveNetwork} from './autoregressive_network';
import {CategoricalMixtureOfOneHotCategorical} from './categorical_mixture_of_one_hot_categorical';
import {MixtureNormal} from './mixture_normal';
import {IndependentLogistic} from './independent_logistic';
import {MixtureLogistic} from './mixture_logistic';
import {MixtureSameFamily} from './mixture_same_family';

test.before(async () => {
  await init();
});

/** Restarts every seeded layer's stream, so two models with equal weights draw equal noise. */
function reseedAll(model: tf.LayersModel): void {
  for (const layer of model.layers) if (layer instanceof VariationalLayer || layer instanceof DistributionLayer) layer.reseed();
}

/** The same layers as a functional model: input -> layers[0] -> ... -> output. */
function functional(inputShape: number[], layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({shape: inputShape});
  let h: tf.SymbolicTensor = input;
  for (const layer of layers) h = layer.apply(h) as tf.SymbolicTensor;
  return tf.model({inputs: input, outputs: h});
}

/** Saves, loads, and checks class names, weights and seeded predictions are identical. */
async function assertRoundTrip(t: import('ava').ExecutionContext, model: tf.LayersModel, x: tf.Tensor, label: string) {
  const {url, cleanup} = tempDir('roundtrip');
  try {
    await model.save(url);
    const loaded = await tf.loadLayersModel(`${url}/model.json`);
    t.deepEqual(loaded.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()), `${label} classes`);
    t.deepEqual(
      loaded.layers.map((l) => l.getConfig()),
      model.layers.map((l) => l.getConfig()),
      `${label} configs`,
    );
    const w0 = model.getWeights();
    const w1 = loaded.getWeights();
    t.is(w1.length, w0.length, `${label} weight count`);
    w0.forEach((w, i) => t.deepEqual(Array.from(w1[i].dataSync()), Array.from(w.dataSync()), `${label} weight ${i}`));
    reseedAll(model);
    reseedAll(loaded);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    t.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()), `${label} seeded predictions`);
    tf.dispose([a, b]);
    loaded.dispose();
  } finally {
    cleanup();
  }
}

const DENSE = [DenseReparameterization, DenseFlipout, DenseLocalReparameterization, DenseVariational];

test('dense variational layers round-trip through model.save / tf.loadLayersModel (sequential)', async (t) => {
  for (const Layer of DENSE) {
    const model = tf.sequential({
      layers: [
        new Layer({units: 5, inputShape: [3], activation: 'tanh', seed: 1, klWeight: 0.01, name: 'first'}),
        new Layer({units: 2, seed: 2, biasPosteriorFn: 'meanFieldNormal', biasPriorFn: 'standardNormal', name: 'second'}),
      ],
    });
    model.compile({optimizer: 'adam', loss: 'meanSquaredError'});
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 1);
    // Train a step so the saved weights are not the initial ones.
    await model.fit(x, tf.zeros([6, 2]), {epochs: 1, verbose: 0});
    await assertRoundTrip(t, model, x, Layer.className);
    const fModel = functional([3], [new Layer({units: 4, activation: 'relu', seed: 3, name: 'f1'}), new Layer({units: 2, seed: 4, name: 'f2'})]);
    await assertRoundTrip(t, fModel, x, `${Layer.className} functional`);
    x.dispose();
  }
});

test('dense variational layers round-trip in a functional model with a custom registered prior', async (t) => {
  const widePrior = registerLayerFunction('test.widePrior', defaultMultivariateNormalFn({scale: 3}));
  const input = tf.input({shape: [4]});
  const h = new DenseFlipout({units: 3, kernelPriorFn: widePrior, seed: 3, name: 'flip'}).apply(input) as tf.SymbolicTensor;
  const out = new DenseReparameterization({units: 1, seed: 4, name: 'rep'}).apply(h) as tf.SymbolicTensor;
  const model = tf.model({inputs: input, outputs: out});
  t.is((model.getLayer('flip').getConfig() as {kernelPriorFn: string}).kernelPriorFn, 'test.widePrior');
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 2);
  await assertRoundTrip(t, model, x, 'functional');
  x.dispose();
});

test('conv variational layers round-trip in sequential and functional models', async (t) => {
  const convs = [
    [Conv1DReparameterization, Conv1DFlipout, [6, 2]],
    [Conv2DReparameterization, Conv2DFlipout, [6, 6, 2]],
    [Conv3DReparameterization, Conv3DFlipout, [4, 4, 4, 2]],
  ] as const;
  for (const [Rep, Flip, shape] of convs) {
    const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 3);
    const sequential = tf.sequential({
      layers: [
        new Flip({filters: 3, kernelSize: 2, padding: 'same', activation: 'relu', inputShape: [...shape], seed: 1, name: 'flip'}),
        new Rep({filters: 2, kernelSize: 2, strides: 2, seed: 2, klWeight: 0.5, name: 'rep'}),
      ],
    });
    await assertRoundTrip(t, sequential, x, `${Flip.className} sequential`);
    const input = tf.input({shape: [...shape]});
    const h = new Rep({filters: 2, kernelSize: 1, dilationRate: 1, seed: 5, name: 'rep_f'}).apply(input) as tf.SymbolicTensor;
    const out = new Flip({filters: 1, kernelSize: 2, seed: 6, name: 'flip_f'}).apply(h) as tf.SymbolicTensor;
    await assertRoundTrip(t, tf.model({inputs: input, outputs: out}), x, `${Rep.className} functional`);
    x.dispose();
  }
});

test('loading a model whose custom function is not registered names the layer and the function', async (t) => {
  registerLayerFunction('test.savedPrior', defaultMultivariateNormalFn({scale: 2}));
  const model = tf.sequential({layers: [new DenseFlipout({units: 2, inputShape: [3], kernelPriorFn: 'test.savedPrior', name: 'custom'})]});
  const {dir, url, cleanup} = tempDir('unregistered');
  const file = path.join(dir, 'model.json');
  try {
    await model.save(url);
    // tfjs-layers snake_cases string values on save and camelCases them on load.
    t.regex(fs.readFileSync(file, 'utf8'), /"kernel_prior_fn":"test.saved_prior"/);
    // Simulate a program that never registered the function: rename it in the saved topology.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/test\.saved_?[pP]rior/, 'test.never_registered'));
    const error = await t.throwsAsync(tf.loadLayersModel(`${url}/model.json`));
    t.regex(
      error?.message ?? '',
      /DenseFlipout 'custom': kernelPriorFn 'test.neverRegistered' is not a registered layer function; call registerLayerFunction\('test.neverRegistered', fn\)/,
    );
  } finally {
    cleanup();
  }
});

test('getConfig of a layer with an unregistered function names the layer and argument', (t) => {
  const layer = new DenseReparameterization({units: 1, name: 'anon', kernelDivergenceFn: (q, p) => q.klDivergence(p)});
  t.throws(() => layer.getConfig(), {message: /DenseReparameterization 'anon': cannot serialize 'kernelDivergenceFn': the function is not registered/});
});

test('distribution layers, KL layers and VariableLayer round-trip (sequential and functional)', async (t) => {
  registerLayerFunction('test.serialNormal', (p: tf.Tensor) => new Normal({loc: p, scale: 0.5}));
  registerLayerFunction('test.prior3', () => new Independent({distribution: new Normal({loc: tf.zeros([3]), scale: 1}), reinterpretedBatchNdims: 1}));
  const x = tf.randomNormal([4, 5], 0, 1, 'float32', 9);
  const heads: [string, () => tf.layers.Layer, number][] = [
    ['DistributionLambda', () => new DistributionLambda({makeDistributionFn: 'test.serialNormal', seed: 1, name: 'head'}), 3],
    ['IndependentNormal', () => new IndependentNormal({eventShape: [3], seed: 2, name: 'head'}), IndependentNormal.paramsSize(3)],
    ['IndependentBernoulli', () => new IndependentBernoulli({eventShape: [3], seed: 3, name: 'head'}), 3],
    ['IndependentPoisson', () => new IndependentPoisson({eventShape: [3], convertToTensorFn: 'mean', name: 'head'}), 3],
    ['OneHotCategorical', () => new OneHotCategorical({eventSize: 3, seed: 4, name: 'head'}), 3],
    ['MultivariateNormalTriL', () => new MultivariateNormalTriL({eventSize: 3, seed: 5, name: 'head'}), MultivariateNormalTriL.paramsSize(3)],
    ['IndependentLogistic', () => new IndependentLogistic({eventShape: [3], seed: 11, name: 'head'}), IndependentLogistic.paramsSize(3)],
    ['MixtureLogistic', () => new MixtureLogistic({numComponents: 2, eventShape: [3], seed: 12, name: 'head'}), MixtureLogistic.paramsSize(2, [3])],
    ['MixtureNormal', () => new MixtureNormal({numComponents: 2, eventShape: [3], seed: 8, name: 'head'}), MixtureNormal.paramsSize(2, [3])],
    [
      'MixtureSameFamily',
      () => new MixtureSameFamily({numComponents: 2, componentLayer: new IndependentPoisson({eventShape: [3]}), seed: 9, name: 'head'}),
      2 + 2 * 3,
    ],
    [
      'CategoricalMixtureOfOneHotCategorical',
      () => new CategoricalMixtureOfOneHotCategorical({eventSize: 3, numComponents: 2, seed: 10, name: 'head'}),
      CategoricalMixtureOfOneHotCategorical.paramsSize(3, 2),
    ],
    [
      'IndependentNormal+regularizer',
      () =>
        new IndependentNormal({
          eventShape: [3],
          seed: 6,
          name: 'head',
          activityRegularizer: new KLDivergenceRegularizer({distributionB: 'test.prior3', useExactKl: true, weight: 0.5}),
        }),
      6,
    ],
  ];
  for (const [label, head, size] of heads) {
    const model = tf.sequential({layers: [tf.layers.dense({units: size, inputShape: [5]}), head()]});
    await assertRoundTrip(t, model, x, label);
    await assertRoundTrip(t, functional([5], [tf.layers.dense({units: size}), head()]), x, `${label} functional`);
  }
  const input = tf.input({shape: [5]});
  const params = tf.layers.dense({units: 6}).apply(input) as tf.SymbolicTensor;
  const z = new IndependentNormal({eventShape: [3], seed: 7, name: 'z'}).apply(params) as tf.SymbolicTensor;
  const kl = new KLDivergenceAddLoss({distributionB: 'test.prior3', weight: 0.1, name: 'kl'}).apply(z) as tf.SymbolicTensor;
  const decoded = tf.layers.dense({units: 5}).apply(kl) as tf.SymbolicTensor;
  await assertRoundTrip(t, tf.model({inputs: input, outputs: decoded}), x, 'VAE-style functional');
  const variable = tf.sequential({layers: [tf.layers.inputLayer({inputShape: [5]}), new VariableLayer({shape: [3], initializer: 'randomNormal', activation: 'softplus'})]});
  await assertRoundTrip(t, variable, x, 'VariableLayer');
  await assertRoundTrip(t, functional([5], [new VariableLayer({shape: [3], initializer: 'randomNormal'})]), x, 'VariableLayer functional');
  const made = () => new AutoregressiveNetwork({params: 2, hiddenUnits: [8], activation: 'relu', inputOrder: 'right-to-left', seed: 2});
  await assertRoundTrip(t, tf.sequential({layers: [tf.layers.inputLayer({inputShape: [5]}), made()]}), x, 'AutoregressiveNetwork');
  await assertRoundTrip(t, functional([5], [made()]), x, 'AutoregressiveNetwork functional');
  x.dispose();
});
