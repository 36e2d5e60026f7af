import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Conv1DFlipout, Conv2DFlipout, Conv3DFlipout} from './conv_flipout';
import {Conv1DReparameterization, Conv2DReparameterization, Conv3DReparameterization} from './conv_reparameterization';
import {assertClose, columnMoments, normalKl, softplus} from './internal/testing';
import {FLOAT32_EPS} from './util';
import {VariationalConv, VariationalConvArgs} from './variational_conv';

test.before(async () => {
  await init();
});

type ConvClass = new (args: VariationalConvArgs) => VariationalConv;
const CONV: [ConvClass, 1 | 2 | 3][] = [
  [Conv1DReparameterization, 1],
  [Conv2DReparameterization, 2],
  [Conv3DReparameterization, 3],
  [Conv1DFlipout, 1],
  [Conv2DFlipout, 2],
  [Conv3DFlipout, 3],
];

function deterministicConv(rank: 1 | 2 | 3, args: {filters: number; kernelSize: number; strides: number; padding: 'same' | 'valid'}) {
  if (rank === 1) return tf.layers.conv1d(args);
  if (rank === 2) return tf.layers.conv2d(args);
  return tf.layers.conv3d(args);
}

// With scale = eps + softplus(-30) ~ 1e-7 the sampled kernel equals its loc to float32 precision, so
// each layer must reproduce tf.layers' convolution with the same kernel and bias (atol 1e-5 for
// sums of ~50 products of size ~1).
for (const [Layer, rank] of CONV) {
  test(`${Layer.name}: shapes, and a near-point-mass posterior reproduces tf.layers.conv${rank}d`, (t) => {
    const spatial = new Array(rank).fill(rank === 3 ? 5 : 7);
    const inputShape = [...spatial, 3];
    const x = tf.randomNormal([2, ...inputShape], 0, 1, 'float32', 31);
    for (const padding of ['same', 'valid'] as const) {
      const args = {filters: 4, kernelSize: 3, strides: 2, padding};
      const layer = new Layer({...args, seed: 1});
      const reference = deterministicConv(rank, args);
      tf.sequential({layers: [tf.layers.inputLayer({inputShape}), layer]});
      tf.sequential({layers: [tf.layers.inputLayer({inputShape}), reference]});
      const [loc, , bias] = layer.getWeights();
      layer.setWeights([loc, tf.fill(loc.shape, -30), tf.randomNormal(bias.shape, 0, 1, 'float32', 3)]);
      reference.setWeights([loc, layer.getWeights()[2]]);
      const out = layer.apply(x) as tf.Tensor;
      const expected = reference.apply(x) as tf.Tensor;
      t.deepEqual(out.shape, expected.shape, `${padding} shape`);
      t.deepEqual(layer.computeOutputShape([null, ...inputShape]), [null, ...expected.shape.slice(1)]);
      assertClose(t, out, expected, {atol: 1e-5, rtol: 1e-5}, `${Layer.name} ${padding}`);
      // The KL term: sum over kernel entries of KL(N(m, s) || N(0, 1)), from the weights in float64.
      const [m, u] = layer.getWeights().map((w) => Array.from(w.dataSync()));
      const [kl] = layer.calculateLosses();
      assertClose(t, kl, m.reduce((acc, v, i) => acc + normalKl(v, FLOAT32_EPS + softplus(u[i])), 0), {rtol: 1e-5}, 'KL');
      tf.dispose([out, expected, kl]);
    }
    x.dispose();
  });
}

test('channelsFirst gives the transposed channelsLast result; the KL covers the conv kernel', (t) => {
  const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 4);
  const last = new Conv2DReparameterization({filters: 2, kernelSize: [3, 2], kernelPosteriorTensorFn: 'mean', name: 'last'});
  const first = new Conv2DReparameterization({
    filters: 2,
    kernelSize: [3, 2],
    kernelPosteriorTensorFn: 'mean',
    dataFormat: 'channelsFirst',
    name: 'first',
  });
  tf.sequential({layers: [tf.layers.inputLayer({inputShape: [6, 6, 3]}), last]});
  tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3, 6, 6]}), first]});
  first.setWeights(last.getWeights());
  const a = last.apply(x) as tf.Tensor;
  const b = first.apply(tf.transpose(x, [0, 3, 1, 2])) as tf.Tensor;
  assertClose(t, tf.transpose(b, [0, 2, 3, 1]), a, {atol: 1e-6}, 'channelsFirst');
  t.deepEqual(first.computeOutputShape([null, 3, 6, 6]), [null, 2, 4, 5]);
  const [loc, untransformed] = last.getWeights().map((w) => Array.from(w.dataSync()));
  t.is(loc.length, 3 * 2 * 3 * 2);
  const kl = loc.reduce((acc, m, i) => acc + normalKl(m, FLOAT32_EPS + softplus(untransformed[i])), 0);
  const [loss] = last.calculateLosses();
  assertClose(t, loss, kl, {rtol: 1e-5}, 'conv KL');
  tf.dispose([x, a, b, loss]);
});

// out[b, i, f] = sum_{k, c} x[b, i + k, c] W[k, c, f] with W ~ N(m, s^2): mean conv(x, m) and
// variance conv(x^2, s^2), for both estimators (Flipout's signs keep the marginal).
test('conv outputs have the analytic predictive mean and variance (Conv1D Flipout and Reparameterization)', (t) => {
  const x = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 41);
  for (const Layer of [Conv1DFlipout, Conv1DReparameterization]) {
    const layer = new Layer({filters: 1, kernelSize: 2, biasPosteriorFn: null, seed: 3});
    tf.sequential({layers: [tf.layers.inputLayer({inputShape: [5, 2]}), layer]});
    const m = tf.tensor3d([[[0.5], [-0.2]], [[0.1], [0.4]]]);
    const u = tf.tensor3d([[[-0.5], [0]], [[-1], [0.2]]]);
    layer.setWeights([m, u]);
    const s2 = tf.square(tf.add(FLOAT32_EPS, tf.softplus(u)));
    const mean = Array.from(tf.conv1d(x as tf.Tensor3D, m, 1, 'valid').dataSync());
    const variance = Array.from(tf.conv1d(tf.square(x) as tf.Tensor3D, s2 as tf.Tensor3D, 1, 'valid').dataSync());
    const n = 1500;
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const out = layer.apply(x) as tf.Tensor;
      rows.push(Array.from(out.dataSync()));
      out.dispose();
    }
    const sample = columnMoments(rows);
    mean.forEach((mu, j) => {
      const v = variance[j];
      t.true(Math.abs(sample.mean[j] - mu) < 5 * Math.sqrt(v / n), `${Layer.name} mean[${j}] ${sample.mean[j]} vs ${mu}`);
      t.true(
        Math.abs(sample.variance[j] - v) < 5 * v * Math.sqrt(2 / (n - 1)),
        `${Layer.name} variance[${j}] ${sample.variance[j]} vs ${v}`,
      );
    });
    tf.dispose([m, u, s2]);
  }
  x.dispose();
});

test.serial('a Conv2DFlipout model trains with fit on this backend, finite and leak-free', async (t) => {
  const model = tf.sequential({
    layers: [
      new Conv2DFlipout({filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1], seed: 1, klWeight: 1 / 64}),
      new Conv2DReparameterization({filters: 2, kernelSize: 3, strides: 2, seed: 2, klWeight: 1 / 64}),
      tf.layers.flatten(),
      tf.layers.dense({units: 1}),
    ],
  });
  model.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
  const x = tf.randomNormal([64, 8, 8, 1], 0, 1, 'float32', 5);
  const y = tf.mean(x, [1, 2]);
  const first = await model.fit(x, y, {epochs: 1, batchSize: 16, verbose: 0});
  const before = tf.memory().numTensors;
  const history = await model.fit(x, y, {epochs: 4, batchSize: 16, verbose: 0});
  t.is(tf.memory().numTensors, before, 'no leak across epochs');
  const losses = [first.history.loss[0], ...history.history.loss] as number[];
  t.true(losses.every(Number.isFinite), `losses ${losses}`);
  t.true(losses[losses.length - 1] < losses[0], `loss decreases: ${losses}`);
  tf.dispose([x, y]);
});

test('bad input: wrong input rank, missing channels, bad conv arguments', (t) => {
  const rank = t.throws(() => tf.sequential({layers: [new Conv2DFlipout({filters: 2, kernelSize: 3, inputShape: [8, 8], name: 'c2'})]}));
  t.regex(rank?.message ?? '', /Conv2DFlipout 'c2': expected an input of rank 4 \(\[batch, height, width, channels\]\).*received shape \[null,8,8\]/);
  const first = t.throws(() =>
    tf.sequential({layers: [new Conv3DReparameterization({filters: 2, kernelSize: 1, dataFormat: 'channelsFirst', inputShape: [4, 4], name: 'c3'})]}),
  );
  t.regex(first?.message ?? '', /Conv3DReparameterization 'c3': expected an input of rank 5 \(\[batch, channels, depth, height, width\]\)/);
  t.throws(() => new Conv1DFlipout({filters: 2, kernelSize: [2, 2], name: 'k'}), {
    message: /Conv1DFlipout 'k': kernelSize must be a positive integer or 1 positive integers; received \[2,2\]/,
  });
  t.throws(() => new Conv2DFlipout({filters: 0, kernelSize: 2}), {message: /filters must be a positive integer; received 0/});
  t.throws(() => new Conv2DFlipout({filters: 1, kernelSize: 2, padding: 'causal' as 'same'}), {message: /padding must be 'valid' or 'same'; received causal/});
});
