import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {randomGamma} from './random_gamma';
import {assertNoLeak, onEachBackend} from './internal/testing';

const ALPHAS = [0.3, 1, 4.5, 50];
/** scipy.special.polygamma(1, alpha): d/dalpha E[log X] for X ~ Gamma(alpha, beta). */
const TRIGAMMA = [12.245364546107734, 1.6449340668482266, 0.24872510303901035, 0.020201333226697128];
const BETA = 2;
const N = 20000;
/** Tolerances are Z standard errors of the Monte Carlo estimate (fixed seeds, so not flaky). */
const Z = 5;

function meanAndStandardError(values: ArrayLike<number>): [number, number] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - mean) ** 2;
  return [mean, Math.sqrt(ss / (values.length - 1) / values.length)];
}

/** Column j of a row-major [N, 4] array. */
function column(values: ArrayLike<number>, j: number): number[] {
  const out: number[] = [];
  for (let i = j; i < values.length; i += ALPHAS.length) out.push(values[i]);
  return out;
}

test.serial('sample mean and variance match alpha/beta and alpha/beta^2 within 5 standard errors', async (t) => {
  await onEachBackend((backend) => {
    const x = tf.tidy(() => randomGamma([N, ALPHAS.length], ALPHAS, 1234, BETA).dataSync());
    ALPHAS.forEach((alpha, j) => {
      const xs = column(x, j);
      const [mean, se] = meanAndStandardError(xs);
      t.true(Math.abs(mean - alpha / BETA) <= Z * se, `${backend} alpha=${alpha}: mean ${mean} vs ${alpha / BETA} (se ${se})`);
      const variance = xs.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (N - 1);
      // Var of the sample variance ~ (mu4 - sigma^4) / n with mu4 = 3 alpha (alpha + 2) / beta^4.
      const varianceSe = Math.sqrt((2 * alpha * alpha + 6 * alpha) / N) / BETA ** 2;
      t.true(
        Math.abs(variance - alpha / BETA ** 2) <= Z * varianceSe,
        `${backend} alpha=${alpha}: variance ${variance} vs ${alpha / BETA ** 2}`,
      );
    });
  });
});

test.serial('implicit reparameterisation: d/dalpha E[x] = 1/beta, d/dalpha E[log x] = trigamma(alpha), d/dbeta E[x] = -alpha/beta^2', async (t) => {
  await onEachBackend((backend) => {
    const [dx, dlogx, dbeta] = tf.tidy(() => {
      const alpha = tf.tile(tf.tensor2d([ALPHAS]), [N, 1]);
      const beta = tf.fill([N, ALPHAS.length], BETA);
      const gradMean = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(randomGamma([N, ALPHAS.length], a, 99, b)));
      const gradLog = tf.grad((a: tf.Tensor) => tf.sum(tf.log(randomGamma([N, ALPHAS.length], a, 99, BETA))));
      const [ga, gb] = gradMean([alpha, beta]);
      return [ga.dataSync(), gradLog(alpha).dataSync(), gb.dataSync()];
    });
    ALPHAS.forEach((alpha, j) => {
      const [m1, se1] = meanAndStandardError(column(dx, j));
      t.true(Math.abs(m1 - 1 / BETA) <= Z * se1, `${backend} alpha=${alpha}: dE[x]/dalpha ${m1} (se ${se1})`);
      const [m2, se2] = meanAndStandardError(column(dlogx, j));
      t.true(Math.abs(m2 - TRIGAMMA[j]) <= Z * se2, `${backend} alpha=${alpha}: dE[log x]/dalpha ${m2} vs ${TRIGAMMA[j]} (se ${se2})`);
      const [m3, se3] = meanAndStandardError(column(dbeta, j));
      t.true(Math.abs(m3 + alpha / BETA ** 2) <= Z * se3, `${backend} alpha=${alpha}: dE[x]/dbeta ${m3} (se ${se3})`);
    });
  });
});

test.serial('the same seed gives the same numbers (on cpu and wasm alike); another seed differs', async (t) => {
  const draws: number[][] = [];
  await onEachBackend(() => {
    draws.push(Array.from(tf.tidy(() => randomGamma([5], [0.5, 1, 2, 3, 40], 7).dataSync())));
  });
  t.deepEqual(draws[0], draws[1]);
  t.deepEqual(Array.from(tf.tidy(() => randomGamma([5], [0.5, 1, 2, 3, 40], 7).dataSync())), draws[0]);
  t.notDeepEqual(Array.from(tf.tidy(() => randomGamma([5], [0.5, 1, 2, 3, 40], 8).dataSync())), draws[0]);
});

test.serial('gradients reduce to the shape of alpha and beta; invalid alpha gives NaN', (t) => {
  const alpha = tf.tensor1d([1, 2, 3]);
  const beta = tf.scalar(1.5);
  const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(randomGamma([4, 3], a, 5, b)))([alpha, beta]);
  t.deepEqual(ga.shape, [3]);
  t.deepEqual(gb.shape, []);
  t.true(Array.from(ga.dataSync()).every((v) => Number.isFinite(v) && v > 0));
  tf.dispose([ga, gb]);
  const bad = tf.tidy(() => Array.from(randomGamma([3], [0, -1, NaN], 1).dataSync()));
  t.true(bad.every(Number.isNaN));
  tf.dispose([alpha, beta]);
});

test.serial('shape errors name the arguments; nothing leaks', (t) => {
  t.throws(() => randomGamma([2, 3], [1, 2]), {message: /randomGamma: alpha \[2\] and beta \[\] must broadcast to the sample shape \[2,3\]/});
  t.throws(() => randomGamma([3], tf.ones([2, 3])), {message: /randomGamma: alpha \[2,3\] and beta \[\] must broadcast to the sample shape \[3\]/});
  t.throws(() => randomGamma([2.5], 1), {message: /shape must be an array of non-negative integers/});
  t.throws(() => randomGamma([2], 1, NaN), {message: /seed must be a finite number/});
  const alpha = tf.tensor1d([0.5, 4]);
  assertNoLeak(t, 'randomGamma', () => randomGamma([10, 2], alpha, 3));
  assertNoLeak(t, 'randomGamma gradient', () => tf.grad((a: tf.Tensor) => tf.sum(randomGamma([10, 2], a, 3)))(alpha));
  alpha.dispose();
});
