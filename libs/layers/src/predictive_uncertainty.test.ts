import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {DenseFlipout} from './dense_flipout';
import {negLogLik} from './distribution_layer';
import {IndependentNormal} from './independent_normal';
import {predictDistribution} from './predict_distribution';

test.before(async () => {
  await init();
});

/** Data from y = x + (0.1 + 0.5 |x|) eps, x ~ U(-1, 1), with a seeded generator. */
function heteroscedastic(n: number, seed: number): {x: tf.Tensor2D; y: tf.Tensor2D; noise: number[]} {
  return tf.tidy(() => {
    const x = tf.randomUniform([n, 1], -1, 1, 'float32', seed);
    const sd = tf.add(0.1, tf.mul(0.5, tf.abs(x)));
    const y = tf.add(x, tf.mul(sd, tf.randomNormal([n, 1], 0, 1, 'float32', seed + 1)));
    return {x: x as tf.Tensor2D, y: y as tf.Tensor2D, noise: Array.from(sd.dataSync())};
  });
}

test.serial('a Bayesian regression net with an IndependentNormal output covers ~95% of held-out points with its 95% intervals', async (t) => {
  const n = 1000;
  const train = heteroscedastic(n, 1);
  const model = tf.sequential({
    layers: [
      new DenseFlipout({units: 16, activation: 'relu', inputShape: [1], klWeight: 1 / n, seed: 1}),
      new DenseFlipout({units: IndependentNormal.paramsSize(1), klWeight: 1 / n, seed: 2}),
      new IndependentNormal({eventShape: [1]}),
    ],
  });
  model.compile({optimizer: tf.train.adam(0.02), loss: negLogLik});
  await model.fit(train.x, train.y, {epochs: 60, batchSize: 100, shuffle: false, verbose: 0});
  const test_ = heteroscedastic(n, 100);
  // Predictive mixture over S weight draws, summarised by its mean and variance (law of total
  // variance); the interval is mean +- 1.96 sd.
  const draws = 30;
  const [mean, variance] = tf.tidy(() => {
    let sum = tf.zeros([n, 1]);
    let sumSq = tf.zeros([n, 1]);
    for (let s = 0; s < draws; s++) {
      const d = predictDistribution(model, test_.x);
      const m = d.mean();
      sum = tf.add(sum, m);
      sumSq = tf.add(sumSq, tf.add(d.variance(), tf.square(m)));
    }
    const mu = tf.div(sum, draws);
    return [Array.from(mu.dataSync()), Array.from(tf.sub(tf.div(sumSq, draws), tf.square(mu)).dataSync())];
  });
  const ys = test_.y.dataSync();
  const covered = mean.filter((m, i) => Math.abs(ys[i] - m) <= 1.96 * Math.sqrt(variance[i])).length / n;
  // Binomial SE of a 95% coverage over 1000 points: sqrt(0.95 * 0.05 / 1000) = 0.0069; the
  // tolerance 0.03 is ~4.3 SE, leaving room for the model's finite-data misfit.
  t.log(`coverage ${covered}`);
  t.true(Math.abs(covered - 0.95) < 0.03, `coverage ${covered}`);
  // The learned predictive sd follows the heteroscedastic noise (larger at |x| = 1 than at 0).
  const xs = test_.x.dataSync();
  const sdNear = (target: number) => {
    const idx = Array.from(xs.keys()).filter((i) => Math.abs(Math.abs(xs[i]) - target) < 0.1);
    return idx.reduce((acc, i) => acc + Math.sqrt(variance[i]), 0) / idx.length;
  };
  t.true(sdNear(0.9) > 2 * sdNear(0.05), `sd near |x| = 0.9: ${sdNear(0.9)}, near 0: ${sdNear(0.05)}`);
  tf.dispose([train.x, train.y, test_.x, test_.y]);
});

/** Mutual information between the label and the weights, H[E p] - E H[p], per row, from S draws of class probabilities. */
function mutualInformation(probs: number[][][]): number[] {
  const s = probs.length;
  const h = (p: number[]) => -p.reduce((acc, v) => acc + (v > 0 ? v * Math.log(v) : 0), 0);
  return probs[0].map((_, i) => {
    const meanP = probs[0][i].map((_, k) => probs.reduce((acc, draw) => acc + draw[i][k], 0) / s);
    return h(meanP) - probs.reduce((acc, draw) => acc + h(draw[i]), 0) / s;
  });
}

test.serial('a Bayesian classifier has higher mutual information on out-of-distribution inputs', async (t) => {
  // Two classes at (-2, 0) and (2, 0) with sd 0.5; OOD points at (0, +-6), where the class depends
  // on weights the data barely constrain.
  const n = 400;
  const {x, y} = tf.tidy(() => {
    const labels = tf.cast(tf.greater(tf.randomUniform([n], 0, 1, 'float32', 5), 0.5), 'float32');
    const centres = tf.stack([tf.sub(tf.mul(labels, 4), 2), tf.zeros([n])], 1);
    return {x: tf.add(centres, tf.mul(0.5, tf.randomNormal([n, 2], 0, 1, 'float32', 6))), y: tf.oneHot(tf.cast(labels, 'int32'), 2)};
  });
  const model = tf.sequential({
    layers: [
      new DenseFlipout({units: 16, activation: 'relu', inputShape: [2], klWeight: 1 / n, seed: 3}),
      new DenseFlipout({units: 2, activation: 'softmax', klWeight: 1 / n, seed: 4}),
    ],
  });
  model.compile({optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy'});
  await model.fit(x, y, {epochs: 40, batchSize: 50, shuffle: false, verbose: 0});
  const points = tf.tensor2d([[-2, 0], [2, 0], [-2.3, 0.2], [2.2, -0.3], [0, 6], [0, -6], [0.5, 6], [-0.5, -6]]);
  const draws: number[][][] = [];
  for (let s = 0; s < 100; s++) {
    const p = model.predict(points) as tf.Tensor;
    draws.push(p.arraySync() as number[][]);
    p.dispose();
  }
  const mi = mutualInformation(draws);
  const inDist = mi.slice(0, 4);
  const ood = mi.slice(4);
  const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  t.log(`mean MI in-distribution ${avg(inDist)}, OOD ${avg(ood)}`);
  t.true(avg(ood) > 5 * avg(inDist) && avg(ood) > 0.05, `MI in-distribution ${inDist}, OOD ${ood}`);
  // Accuracy on the training blobs: the classifier did learn the task.
  const accuracy = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)), 'float32')).dataSync()[0]);
  t.true(accuracy > 0.97, `accuracy ${accuracy}`);
  tf.dispose([x, y, points]);
});
