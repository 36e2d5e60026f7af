import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';

import {StochasticGradientLangevinDynamics} from './sgld';

test.before(async () => {
  await init();
});

test('SGLD samples N(2, 0.5^2) from loss (theta - 2)^2 / (2 * 0.25), in 1000 parallel chains', (t) => {
  const mu = 2;
  const sigma2 = 0.25;
  const chains = 1000;
  const theta = tf.variable(tf.zeros([chains]));
  // decay 0.999 keeps the preconditioner nearly state-independent, so the omitted Gamma term is negligible.
  const opt = new StochasticGradientLangevinDynamics({learningRate: 0.02, preconditionerDecayRate: 0.999, burnin: 100, seed: 7});
  const before = tf.memory().numTensors;
  const draws: number[] = [];
  for (let step = 1; step <= 1000; step++) {
    const grad = tf.tidy(() => tf.div(tf.sub(theta, mu), sigma2));
    opt.applyGradients({[theta.name]: grad});
    grad.dispose();
    if (step === 1) t.is(tf.memory().numTensors, before + 1, 'only the rms slot is added');
    if (step >= 500 && step % 50 === 0) draws.push(...theta.dataSync());
  }
  t.is(tf.memory().numTensors, before + 1, 'no tensor leak over 1000 steps');
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
  // 11 snapshots x 1000 chains, 50 steps apart (lag correlation (1 - h/(2 sigma^2))^50 ~ 0.4): ESS >~ 5000.
  // Mean SE = 0.5 / sqrt(5000) = 0.007 -> 4 SE = 0.03. Variance SE = sqrt(2 / 5000) = 2% -> 4 SE = 8%,
  // plus the Euler-Maruyama bias 1 / (1 - h / (4 sigma^2)) - 1 <= 2% for h = lr G <= 0.02.
  t.log(`mean ${mean.toFixed(4)}, variance ${variance.toFixed(4)}`);
  t.true(Math.abs(mean - mu) < 0.03, `mean ${mean}`);
  t.true(Math.abs(variance / sigma2 - 1) < 0.1, `variance ${variance}`);
  opt.dispose();
  theta.dispose();
});

test('SGLD is plain preconditioned gradient descent during burn-in, and seeded noise is reproducible', (t) => {
  const run = (seed: number, steps: number) => {
    const v = tf.variable(tf.tensor1d([1, -2]));
    const opt = new StochasticGradientLangevinDynamics({learningRate: 0.1, burnin: 2, seed});
    for (let i = 0; i < steps; i++) opt.applyGradients({[v.name]: tf.tensor1d([0.5, -1])});
    const out = Array.from(v.dataSync());
    opt.dispose();
    v.dispose();
    return out;
  };
  // Hand computation for 3 steps with g = (0.5, -1), rms from 1, d = 0.95, dataSize 1: steps 0..2 are noise-free
  // (noise starts when iterations > burnin = 2, i.e. at the 4th step).
  const expected = [1, -2];
  const rms = [1, 1];
  [0.5, -1].forEach((g, j) => {
    for (let k = 0; k < 3; k++) {
      rms[j] = 0.95 * rms[j] + 0.05 * g * g;
      expected[j] -= 0.5 * 0.1 * g / Math.sqrt(rms[j] + 1e-8);
    }
  });
  run(1, 3).forEach((v, j) => t.true(Math.abs(v - expected[j]) < 1e-6, `${v} vs ${expected[j]}`));
  t.deepEqual(run(1, 6), run(1, 6), 'same seed, same trajectory');
  t.notDeepEqual(run(1, 6), run(2, 6), 'different seeds differ after burn-in');
});

test('SGLD trains a tf.sequential linear model with model.fit around the least-squares line, without leaks', async (t) => {
  const n = 200;
  const xs = Array.from({length: n}, (_, i) => -1 + (2 * i) / (n - 1));
  const ys = xs.map((x, i) => 3 * x + 1 + 0.1 * Math.sin(37 * i));
  const x = tf.tensor2d(xs, [n, 1]);
  const y = tf.tensor2d(ys, [n, 1]);
  const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [1], kernelInitializer: 'zeros'})]});
  model.compile({optimizer: new StochasticGradientLangevinDynamics({learningRate: 3e-4, dataSize: n, burnin: 100, seed: 3}),
    loss: 'meanSquaredError'});
  await model.fit(x, y, {epochs: 20, batchSize: 20, shuffle: false, verbose: 0});
  const before = tf.memory().numTensors;
  const snapshots: number[][] = [];
  await model.fit(x, y, {epochs: 20, batchSize: 20, shuffle: false, verbose: 0,
    callbacks: {onEpochEnd: async () => { snapshots.push(model.getWeights().map(v => v.dataSync()[0])); }}});
  t.is(tf.memory().numTensors, before, 'a second fit leaks no tensors');
  const w = snapshots.reduce((acc, s) => acc + s[0], 0) / snapshots.length;
  const b = snapshots.reduce((acc, s) => acc + s[1], 0) / snapshots.length;
  t.log(`posterior means over 20 epochs: slope ${w.toFixed(3)}, intercept ${b.toFixed(3)}`);
  // Posterior exp(-n * MSE): sd of the slope sqrt(0.5 / sum x^2) = 0.087, of the intercept sqrt(0.5 / n) = 0.05.
  // 20 snapshots 10 steps apart with an autocorrelation time of ~30 steps: ESS >~ 6, so 5 SE = 0.18 and 0.1.
  t.true(Math.abs(w - 3) < 0.2, `slope ${w}`);
  t.true(Math.abs(b - 1) < 0.1, `intercept ${b}`);
  model.optimizer.dispose();
  model.dispose();
  tf.dispose([x, y]);
});

test('SGLD getConfig / fromConfig through tf.serialization, and getWeights / setWeights round-trip', async (t) => {
  const opt = new StochasticGradientLangevinDynamics({learningRate: 0.05, burnin: 0, seed: 11, dataSize: 10});
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[
      StochasticGradientLangevinDynamics.className];
  const copy = fromConfig(cls, opt.getConfig()) as StochasticGradientLangevinDynamics;
  t.true(copy instanceof StochasticGradientLangevinDynamics);
  t.deepEqual(copy.getConfig(), opt.getConfig());
  t.deepEqual(opt.getConfig(), {learningRate: 0.05, preconditionerDecayRate: 0.95, dataSize: 10, burnin: 0,
    diagonalBias: 1e-8, seed: 11});
  const v1 = tf.variable(tf.tensor1d([0.3, 0.7]));
  const v2 = tf.variable(tf.tensor1d([0.3, 0.7]));
  const g = tf.tensor1d([1, 2]);
  opt.applyGradients({[v1.name]: g});
  const weights = await opt.getWeights();
  t.deepEqual(weights.map(w => w.name), ['iter', `${v1.name}/rms`]);
  await copy.setWeights(weights);
  t.is(copy.iterations, 1);
  v2.assign(v1);
  // setWeights keys slots by position, so copy's slot 0 serves v2; same seed and state give the same step.
  const gradFor = (name: string) => ({[name]: g});
  opt.applyGradients(gradFor(v1.name));
  copy.applyGradients(gradFor(v2.name));
  t.deepEqual(Array.from(v1.dataSync()), Array.from(v2.dataSync()));
  tf.dispose([v1, v2, g, weights[0].tensor]);
  opt.dispose();
  copy.dispose();
});

test('SGLD rejects bad arguments with clear errors', (t) => {
  t.throws(() => new StochasticGradientLangevinDynamics({learningRate: -0.1}),
      {message: 'StochasticGradientLangevinDynamics: learningRate must be a finite number > 0; received -0.1.'});
  t.throws(() => new StochasticGradientLangevinDynamics({learningRate: 0.1, preconditionerDecayRate: 1.5}),
      {message: /preconditionerDecayRate must be in \[0, 1\]; received 1.5/});
  t.throws(() => new StochasticGradientLangevinDynamics({learningRate: 0.1, burnin: 2.5}),
      {message: /burnin must be an integer >= 0; received 2.5/});
  t.throws(() => new StochasticGradientLangevinDynamics({learningRate: 0.1, dataSize: 0}),
      {message: /dataSize must be a finite number > 0; received 0/});
});
