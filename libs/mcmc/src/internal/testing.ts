/** Shared helpers of the mcmc tests (not exported from the package). */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';
import {effectiveSampleSize} from '../effective_sample_size';

/** Reads libs/mcmc/src/__fixtures__/<name>.json (written by tools/fixtures/mcmc_*.py). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8')) as T;
}

/** Runs fn and checks that the number of live tensors is unchanged afterwards. */
export function assertNoLeak(t: ExecutionContext, fn: () => void, label = 'tensor count'): void {
  const before = tf.memory().numTensors;
  fn();
  t.is(tf.memory().numTensors, before, label);
}

/** Elementwise |actual - expected| <= atol + rtol |expected|. */
export function assertClose(
  t: ExecutionContext,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: {rtol?: number; atol?: number},
  label: string,
): void {
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected[i]))) {
      bad.push(`[${i}] actual ${actual[i]} expected ${expected[i]}`);
    }
  }
  t.is(actual.length, expected.length, `${label}: sizes`);
  t.deepEqual(bad, [], label);
}

/**
 * Monte Carlo estimate of E[f] from draws of shape [numDraws, numChains] with its standard error
 * sqrt(Var f / ESS), ESS the cross-chain (Stan/ArviZ) effective sample size of the f series.
 */
export function mcEstimate(series: tf.Tensor): {mean: number; se: number; ess: number} {
  return tf.tidy(() => {
    const v = series.dataSync();
    let m = 0;
    for (const x of v) m += x;
    m /= v.length;
    let s2 = 0;
    for (const x of v) s2 += (x - m) ** 2;
    s2 /= v.length - 1;
    const ess = effectiveSampleSize(series, {crossChainDims: 1}).dataSync()[0];
    return {mean: m, se: Math.sqrt(s2 / ess), ess};
  });
}

/**
 * Checks E[x] and Var[x] of draws [numDraws, numChains] against exact values within `sigmas`
 * Monte Carlo standard errors (the variance through the series (x - mean)^2).
 */
export function assertPosteriorMoments(
  t: ExecutionContext,
  draws: tf.Tensor,
  exact: {mean: number; variance: number},
  label: string,
  sigmas = 5,
): void {
  tf.tidy(() => {
    const m = mcEstimate(draws);
    t.true(Math.abs(m.mean - exact.mean) <= sigmas * m.se, `${label} mean ${m.mean} vs ${exact.mean} (se ${m.se}, ess ${m.ess})`);
    const sq = tf.square(tf.sub(draws, m.mean));
    const v = mcEstimate(sq);
    t.true(
      Math.abs(v.mean - exact.variance) <= sigmas * v.se,
      `${label} variance ${v.mean} vs ${exact.variance} (se ${v.se}, ess ${v.ess})`,
    );
  });
}

/**
 * Conjugate normal-normal model: mu ~ N(m0, s0^2), x_i | mu ~ N(mu, sigma^2), i = 1..n; the
 * posterior is N(v (m0 / s0^2 + sum x / sigma^2), v) with v = 1 / (1 / s0^2 + n / sigma^2).
 * The target takes mu of shape [chains] and returns one log-density per chain.
 */
export function normalNormalModel(): {
  targetLogProbFn: (mu: tf.Tensor) => tf.Tensor;
  posterior: {mean: number; variance: number};
} {
  const m0 = 1;
  const s0 = 2;
  const sigma = 1.5;
  const data = [2.1, 0.4, 3.3, 1.7, 2.9, -0.2, 1.1, 2.4, 3.8, 0.9, 1.6, 2.2, 0.1, 2.7, 1.9, 3.1, 0.6, 2.0, 1.3, 2.6];
  const v = 1 / (1 / s0 ** 2 + data.length / sigma ** 2);
  const mean = v * (m0 / s0 ** 2 + data.reduce((a, b) => a + b, 0) / sigma ** 2);
  const targetLogProbFn = (mu: tf.Tensor) =>
    tf.tidy(() => {
      const x = tf.tensor2d(data, [1, data.length]);
      const prior = tf.mul(-0.5 / s0 ** 2, tf.square(tf.sub(mu, m0)));
      const lik = tf.mul(-0.5 / sigma ** 2, tf.sum(tf.square(tf.sub(x, tf.expandDims(mu, 1))), 1));
      return tf.add(prior, lik);
    });
  return {targetLogProbFn, posterior: {mean, variance: v}};
}

/**
 * x ~ N(0, S), S = [[1, 1.6], [1.6, 4]] (sds 1 and 2, correlation 0.8), for states [chains, 2]:
 * log p(x) = -x^T S^{-1} x / 2 up to a constant, one value per chain.
 */
export function correlatedGaussian2d(): {
  targetLogProbFn: (x: tf.Tensor) => tf.Tensor;
  covariance: number[][];
  precision: number[][];
} {
  const covariance = [
    [1, 1.6],
    [1.6, 4],
  ];
  const det = covariance[0][0] * covariance[1][1] - covariance[0][1] ** 2;
  const precision = [
    [covariance[1][1] / det, -covariance[0][1] / det],
    [-covariance[0][1] / det, covariance[0][0] / det],
  ];
  const targetLogProbFn = (x: tf.Tensor) =>
    tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, tf.tensor2d(precision)), x), 1)));
  return {targetLogProbFn, covariance, precision};
}
