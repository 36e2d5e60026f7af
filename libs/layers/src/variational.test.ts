import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from '@tfjs-probability/distributions';
import {DenseFlipout} from './dense_flipout';
import {DenseLocalReparameterization} from './dense_local_reparameterization';
import {DenseReparameterization} from './dense_reparameterization';
import {DenseVariational} from './dense_variational';
import {registerLayerFunction} from './internal/registry';
import {assertClose, columnMoments, normalKl, softplus} from './internal/testing';
import {FLOAT32_EPS, PosteriorFn} from './util';
import {VariationalDense} from './variational_dense';

test.before(async () => {
  await init();
});

type DenseClass = new (args: ConstructorParameters<typeof DenseFlipout>[0]) => VariationalDense;
const DENSE: [string, DenseClass][] = [
  ['DenseReparameterization', DenseReparameterization],
  ['DenseFlipout', DenseFlipout],
  ['DenseLocalReparameterization', DenseLocalReparameterization],
];

/** The analytic KL of the layer's mean-field posterior from N(0, 1), from its weights in float64. */
function kernelKlFromWeights(layer: VariationalDense): number {
  const [loc, untransformed] = layer.getWeights().map((w) => Array.from(w.dataSync()));
  return loc.reduce((acc, m, i) => acc + normalKl(m, FLOAT32_EPS + softplus(untransformed[i])), 0);
}

// The KL sums 12-24 float32 terms of size ~3 each: rtol 1e-5 covers the rounding.
for (const [name, Layer] of DENSE) {
  test(`${name}: the kernel KL (times klWeight) is the layer's loss and the model's regularization loss`, (t) => {
    const layer = new Layer({units: 3, klWeight: 0.25, seed: 3});
    // A functional model; a tf.sequential collects its layers' losses once built (compile/fit).
    const input = tf.input({shape: [2]});
    const model = tf.model({inputs: input, outputs: layer.apply(tf.layers.dense({units: 4}).apply(input)) as tf.SymbolicTensor});
    t.is(layer.losses.length, 1);
    const [loss] = model.calculateLosses();
    assertClose(t, loss, 0.25 * kernelKlFromWeights(layer), {rtol: 1e-5}, 'KL loss');
    tf.dispose(loss);
    // Defaults as TFP: loc ~ N(0, 0.1), untransformed scale ~ N(-3, 0.1); bias a point mass.
    const [loc, untransformed, bias] = layer.getWeights().map((w) => Array.from(w.dataSync()));
    t.is(layer.getWeights().length, 3);
    t.true(loc.every((v) => Math.abs(v) < 0.6), 'loc ~ N(0, 0.1)');
    t.true(untransformed.every((v) => Math.abs(v + 3) < 0.6), 'untransformed scale ~ N(-3, 0.1)');
    t.is(bias.length, 3);
  });
}

test('a bias prior adds a second KL term; null priors add none', (t) => {
  const withBias = new DenseReparameterization({units: 2, biasPosteriorFn: 'meanFieldNormal', biasPriorFn: 'standardNormal'});
  const model = tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), withBias]});
  model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
  const losses = model.calculateLosses();
  t.is(losses.length, 2);
  const w = withBias.getWeights().map((v) => Array.from(v.dataSync()));
  const biasKl = w[2].reduce((acc, m, i) => acc + normalKl(m, FLOAT32_EPS + softplus(w[3][i])), 0);
  assertClose(t, losses[1], biasKl, {rtol: 1e-5}, 'bias KL');
  tf.dispose(losses);
  const none = new DenseFlipout({units: 2, kernelPriorFn: null, inputShape: [3]});
  tf.sequential({layers: [none]});
  t.is(none.losses.length, 0);
});

test('model.fit minimises data loss + klWeight * KL', async (t) => {
  // With the posterior mean as the kernel tensor the forward pass is deterministic, so the training
  // loss of one full batch at learning rate 0 is exactly MSE(mean prediction) + klWeight * KL.
  const layer = new DenseReparameterization({units: 1, inputShape: [3], kernelPosteriorTensorFn: 'mean', klWeight: 0.1, seed: 1});
  const model = tf.sequential({layers: [layer]});
  model.compile({optimizer: tf.train.sgd(0), loss: 'meanSquaredError'});
  const x = tf.randomNormal([16, 3], 0, 1, 'float32', 7);
  const y = tf.randomNormal([16, 1], 0, 1, 'float32', 8);
  const history = await model.fit(x, y, {epochs: 1, batchSize: 16, verbose: 0});
  const prediction = model.predict(x) as tf.Tensor;
  const mse = tf.mean(tf.square(tf.sub(prediction, y))).dataSync()[0];
  // float32 sums of ~16 terms: rtol 1e-5.
  assertClose(t, history.history.loss[0] as number, mse + 0.1 * kernelKlFromWeights(layer), {rtol: 1e-5});
  tf.dispose([x, y, prediction]);
});

test('model.fitDataset also minimises data loss + klWeight * KL', async (t) => {
  const layer = new DenseFlipout({units: 1, inputShape: [2], kernelPosteriorTensorFn: 'mean', klWeight: 0.2, seed: 2});
  const model = tf.sequential({layers: [layer]});
  model.compile({optimizer: tf.train.sgd(0), loss: 'meanSquaredError'});
  const xs = [[1, 2], [-1, 0.5], [0.3, -2], [2, 2]];
  const ys = [[1], [0], [-1], [0.5]];
  const dataset = tf.data.zip({xs: tf.data.array(xs), ys: tf.data.array(ys)}).batch(4) as unknown as tf.data.Dataset<{xs: tf.Tensor; ys: tf.Tensor}>;
  const history = await model.fitDataset(dataset, {epochs: 1, verbose: 0});
  // Flipout with the posterior mean as the perturbation draw: dW = mean of N(0, s) = 0, so out = x m + b.
  const prediction = model.predict(tf.tensor2d(xs)) as tf.Tensor;
  const mse = tf.mean(tf.square(tf.sub(prediction, tf.tensor2d(ys)))).dataSync()[0];
  assertClose(t, history.history.loss[0] as number, mse + 0.2 * kernelKlFromWeights(layer), {rtol: 1e-5});
  prediction.dispose();
});

test('the Monte Carlo divergence log q(w) - log p(w) averages to the analytic KL', (t) => {
  // No forward pass: each evaluation uses a fresh posterior draw.
  const layer = new DenseReparameterization({
    units: 2,
    inputShape: [2],
    kernelDivergenceFn: 'monteCarloKl',
    kernelPosteriorFn: 'meanFieldNormal',
    seed: 11,
  });
  tf.sequential({layers: [layer]});
  layer.setWeights([tf.tensor2d([[0.5, -1], [0.2, 0]]), tf.tensor2d([[0, -1], [0.5, 1]]), tf.zeros([2])]);
  const exact = kernelKlFromWeights(layer);
  const n = 2000;
  const draws: number[][] = [];
  for (let i = 0; i < n; i++) {
    const [value] = layer.calculateLosses();
    draws.push([value.dataSync()[0]]);
    value.dispose();
  }
  const {mean, variance} = columnMoments(draws);
  const se = Math.sqrt(variance[0] / n);
  t.true(Math.abs(mean[0] - exact) < 5 * se, `MC KL ${mean[0]} vs exact ${exact} (se ${se})`);
  t.true(variance[0] > 0, 'the estimate is random');
});

test('with Monte Carlo KL, the divergence is log q(w) - log p(w) at the weights the forward pass used', (t) => {
  // Inputs = the identity, so the output rows are the sampled kernel W itself (no bias).
  const layer = new DenseReparameterization({units: 2, kernelDivergenceFn: 'monteCarloKl', biasPosteriorFn: null, seed: 8});
  tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), layer]});
  const eye = tf.eye(3);
  const w = layer.apply(eye) as tf.Tensor;
  const sampled = Array.from(w.dataSync());
  const [loc, untransformed] = layer.getWeights().map((v) => Array.from(v.dataSync()));
  const logRatio = sampled.reduce((acc, x, i) => {
    const s = FLOAT32_EPS + softplus(untransformed[i]);
    return acc - 0.5 * ((x - loc[i]) / s) ** 2 - Math.log(s) + 0.5 * x * x;
  }, 0);
  const [loss] = layer.calculateLosses();
  // Terms of size ~ log(1 / 0.05) summed over 6 weights: rtol 1e-5.
  assertClose(t, loss, logRatio, {rtol: 1e-5}, 'MC KL at the forward draw');
  tf.dispose([eye, w, loss]);
  const before = tf.memory().numTensors;
  layer.dispose();
  t.is(tf.memory().numTensors, before - 3, 'dispose frees the two weights and the kept draw');
});

/**
 * The gradient of a batch MSE w.r.t. the kernel loc, one estimate per forward pass. With
 * W ~ N(m, s^2) elementwise and one output, E[(x.W - y)^2] = (x.m - y)^2 + sum_i x_i^2 s_i^2, so the
 * expected gradient is (2 / B) sum_b (x_b.m - y_b) x_b for every estimator.
 */
function locGradients(layer: VariationalDense, x: tf.Tensor2D, y: tf.Tensor2D, draws: number): number[][] {
  const loc = layer.trainableWeights[0].read() as tf.Variable;
  const rows: number[][] = [];
  for (let i = 0; i < draws; i++) {
    const g = tf.tidy(() => {
      const {grads} = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, y))) as tf.Scalar, [loc]);
      return grads[loc.name];
    });
    rows.push(Array.from(g.dataSync()));
    g.dispose();
  }
  return rows;
}

test('Flipout and reparameterization gradients are unbiased for the same expected gradient; Flipout has lower variance', (t) => {
  const batch = 32;
  const d = 4;
  const x = tf.randomNormal([batch, d], 0, 1, 'float32', 21) as tf.Tensor2D;
  const y = tf.randomNormal([batch, 1], 0, 1, 'float32', 22) as tf.Tensor2D;
  const m = [0.3, -0.2, 0.5, 0.1];
  const u = [-0.5, 0, -1, 0.3]; // scales softplus(u) ~ 0.3..0.85: large enough for clear variance
  const xs = x.arraySync();
  const ys = y.arraySync();
  const expected = new Array(d).fill(0);
  xs.forEach((row, b) => {
    const r = row.reduce((acc, v, i) => acc + v * m[i], 0) - ys[b][0];
    row.forEach((v, i) => (expected[i] += (2 / batch) * r * v));
  });
  const variances: Record<string, number> = {};
  for (const [name, Layer] of DENSE.slice(0, 2)) {
    const layer = new Layer({units: 1, biasPosteriorFn: null, seed: 5});
    tf.sequential({layers: [tf.layers.inputLayer({inputShape: [d]}), layer]});
    layer.setWeights([tf.tensor2d(m, [d, 1]), tf.tensor2d(u, [d, 1])]);
    const n = 400;
    const {mean, variance} = columnMoments(locGradients(layer, x, y, n));
    mean.forEach((g, i) => {
      const se = Math.sqrt(variance[i] / n);
      t.true(Math.abs(g - expected[i]) < 5 * se, `${name} grad[${i}] ${g} vs ${expected[i]} (se ${se})`);
    });
    variances[name] = variance.reduce((a, b) => a + b, 0);
  }
  t.log(`total loc-gradient variance: Flipout ${variances.DenseFlipout}, reparameterization ${variances.DenseReparameterization}`);
  // Flipout's per-example signs average out the weight noise over the batch: with 32 examples its
  // total gradient variance is several times smaller than shared-weight sampling's.
  t.true(
    variances.DenseFlipout < 0.5 * variances.DenseReparameterization,
    `Flipout variance ${variances.DenseFlipout} vs reparameterization ${variances.DenseReparameterization}`,
  );
  tf.dispose([x, y]);
});

test('DenseReparameterization with a fixed posterior matches the analytic predictive mean and variance', (t) => {
  // out = x.W + b with W_i ~ N(m_i, s_i^2): mean x.m + b, variance sum_i x_i^2 s_i^2 (Gaussian).
  const m = [0.4, -0.3, 0.2];
  const u = [-1, 0, -0.5];
  const s = u.map((v) => FLOAT32_EPS + softplus(v));
  const bias = 0.7;
  const xs = [[1, 0, 0], [0.5, -1, 2], [-2, 1, 1]];
  for (const [name, Layer] of [DENSE[0], DENSE[2]]) {
    const layer = new Layer({units: 1, seed: 9});
    tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), layer]});
    layer.setWeights([tf.tensor2d(m, [3, 1]), tf.tensor2d(u, [3, 1]), tf.tensor1d([bias])]);
    const x = tf.tensor2d(xs);
    const n = 3000;
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const out = layer.apply(x) as tf.Tensor;
      rows.push(Array.from(out.dataSync()));
      out.dispose();
    }
    const {mean, variance} = columnMoments(rows);
    xs.forEach((row, b) => {
      const mu = row.reduce((acc, v, i) => acc + v * m[i], bias);
      const v = row.reduce((acc, xi, i) => acc + xi * xi * s[i] * s[i], 0);
      // SEs of a Gaussian sample mean and variance: sqrt(v / n) and v sqrt(2 / (n - 1)).
      t.true(Math.abs(mean[b] - mu) < 5 * Math.sqrt(v / n), `${name} mean[${b}] ${mean[b]} vs ${mu}`);
      t.true(Math.abs(variance[b] - v) < 5 * v * Math.sqrt(2 / (n - 1)), `${name} variance[${b}] ${variance[b]} vs ${v}`);
    });
    x.dispose();
  }
});

test('a seed makes the sequence of forward passes reproducible; reseed restarts it', (t) => {
  // The stream is salted with the layer name (as a loaded model keeps it), so equal names here.
  const make = () => {
    const layer = new DenseFlipout({units: 2, inputShape: [3], seed: 42, name: 'seeded'});
    tf.sequential({layers: [layer]});
    return layer;
  };
  const a = make();
  const b = make();
  const x = tf.ones([4, 3]);
  const outA = [a.apply(x), a.apply(x)] as tf.Tensor[];
  const outB = [b.apply(x), b.apply(x)] as tf.Tensor[];
  t.deepEqual(outA[0].arraySync(), outB[0].arraySync(), 'same seed, same weights and draws');
  t.notDeepEqual(outA[0].arraySync(), outA[1].arraySync(), 'successive passes draw fresh noise');
  a.reseed();
  const again = a.apply(x) as tf.Tensor;
  t.deepEqual(again.arraySync(), outA[0].arraySync(), 'reseed restarts the stream');
  tf.dispose([x, ...outA, ...outB, again]);
});

test.serial('no tensor leaks across fit epochs, predictions and loss evaluations', async (t) => {
  for (const [name, Layer] of DENSE) {
    const model = tf.sequential({layers: [new Layer({units: 4, inputShape: [3], activation: 'relu'}), new Layer({units: 1})]});
    model.compile({optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError'});
    const x = tf.randomNormal([32, 3]);
    const y = tf.randomNormal([32, 1]);
    await model.fit(x, y, {epochs: 1, batchSize: 8, verbose: 0});
    const before = tf.memory().numTensors;
    await model.fit(x, y, {epochs: 3, batchSize: 8, verbose: 0});
    for (let i = 0; i < 3; i++) tf.dispose(model.predict(x));
    tf.dispose(model.calculateLosses());
    t.is(tf.memory().numTensors, before, name);
    tf.dispose([x, y]);
  }
});

test('bad input: posterior/prior of the wrong shape, a non-Normal posterior for Flipout, bad arguments', (t) => {
  const wrongShape: PosteriorFn = () => () => new Normal({loc: tf.zeros([5]), scale: 1});
  registerLayerFunction('test.wrongShapePrior', wrongShape);
  const build = (layer: VariationalDense) => tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), layer]});
  const priorError = t.throws(() => build(new DenseReparameterization({units: 2, name: 'bad_prior', kernelPriorFn: 'test.wrongShapePrior'})));
  t.regex(priorError?.message ?? '', /DenseReparameterization 'bad_prior'.*kernelPriorFn.*\[5\].*\[3,2\]/);
  const posteriorError = t.throws(() => build(new DenseFlipout({units: 2, name: 'bad_post', kernelPosteriorFn: wrongShape})));
  t.regex(posteriorError?.message ?? '', /DenseFlipout 'bad_post'.*kernelPosteriorFn.*\[5\].*expected the kernel shape \[3,2\]/);
  const point = new DenseFlipout({units: 2, name: 'point', kernelPosteriorFn: 'meanFieldNormalSingular'});
  build(point);
  const x = tf.ones([1, 3]);
  t.throws(() => point.apply(x), {
    message: /DenseFlipout 'point': the flipout estimator needs an \(Independent\) Normal kernel posterior; kernelPosteriorFn returned Deterministic/,
  });
  x.dispose();
  const rank = t.throws(() => tf.sequential({layers: [new DenseFlipout({units: 2, inputShape: [], name: 'scalar_in'})]}));
  t.regex(rank?.message ?? '', /DenseFlipout 'scalar_in'.*rank >= 2.*received shape \[null\]/);
  t.throws(() => new DenseFlipout({units: 0}), {message: /DenseFlipout .*units must be a positive integer; received 0/});
  t.throws(() => new DenseFlipout({units: 1, klWeight: -1}), {message: /klWeight must be .* >= 0; received -1/});
  t.throws(() => new DenseFlipout({units: 1, kernelPriorFn: 'no.such.fn', name: 'lost'}), {
    message: /DenseFlipout 'lost': kernelPriorFn 'no.such.fn' is not a registered layer function/,
  });
});

test('DenseVariational: one posterior over [vec(W), b]; exact KL in the losses; output x W + b', (t) => {
  const layer = new DenseVariational({units: 2, klUseExact: true, klWeight: 0.5, seed: 4});
  tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), layer]});
  const [loc, untransformed] = layer.getWeights();
  t.deepEqual(loc.shape, [3 * 2 + 2]);
  const [kl] = layer.calculateLosses();
  assertClose(t, kl, 0.5 * kernelKlFromWeights(layer), {rtol: 1e-5}, 'exact KL');
  kl.dispose();
  // A near-point-mass posterior (scale ~ 1e-7): out = x W + b with W, b read from the flat loc.
  const w = Array.from(loc.dataSync());
  layer.setWeights([loc, tf.fill(untransformed.shape, -30)]);
  const xs = [[1, -2, 0.5], [0, 1, 3]];
  const out = layer.apply(tf.tensor2d(xs)) as tf.Tensor;
  const expected = xs.flatMap((row) => [0, 1].map((j) => row.reduce((acc, v, i) => acc + v * w[i * 2 + j], w[6 + j])));
  assertClose(t, out, expected, {atol: 1e-5}, 'x W + b');
  out.dispose();
  const mc = new DenseVariational({units: 1, useBias: false, inputShape: [2]});
  tf.sequential({layers: [mc]});
  t.deepEqual(mc.getWeights()[0].shape, [2]);
  t.false('kernelDivergenceFn' in mc.getConfig());
  t.is(mc.getConfig().makePosteriorFn, 'meanFieldNormal');
});
