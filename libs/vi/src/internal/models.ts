/** Targets with known posteriors for the vi tests (not exported from the package). */
import * as tf from '@tensorflow/tfjs';
import {Normal} from '@tfjs-probability/distributions';

/**
 * mu ~ N(0, 2), y_i ~ N(mu, 1) for ten fixed observations: the posterior is normal with precision
 * 1/4 + 10 and mean sum(y) / (1/4 + 10).
 */
export function normalNormalModel() {
  const y = [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 0.2, 1.9, 1.1, 1.5];
  const precision = 1 / 4 + y.length;
  const posterior = {mean: y.reduce((a, b) => a + b, 0) / precision, sd: 1 / Math.sqrt(precision)};
  const targetLogProbFn = (mu: tf.Tensor) =>
    tf.tidy(() => {
      const prior = new Normal({loc: 0, scale: 2}).logProb(mu);
      const lik = tf.sum(new Normal({loc: tf.expandDims(mu, -1), scale: 1}).logProb(y), -1);
      return tf.add(prior, lik);
    });
  return {targetLogProbFn, posterior};
}

/** Unnormalised log density of N(mean, cov) in 2-d, for z of shape [..., 2]. */
export function gaussian2d(mean: [number, number], cov: [[number, number], [number, number]]) {
  const det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
  const prec = [
    [cov[1][1] / det, -cov[0][1] / det],
    [-cov[1][0] / det, cov[0][0] / det],
  ];
  const targetLogProbFn = (z: tf.Tensor) =>
    tf.tidy(() => {
      const d = tf.sub(z, mean);
      const pd = tf.matMul(d.reshape([-1, 2]), tf.tensor2d(prec)).reshape(d.shape);
      return tf.mul(-0.5, tf.sum(tf.mul(d, pd), -1));
    });
  return {targetLogProbFn, precision: prec};
}

/** 0.5 N(-3, 1) + 0.5 N(3, 1), normalised. */
export function bimodalLogProb(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const a = new Normal({loc: -3, scale: 1}).logProb(z);
    const b = new Normal({loc: 3, scale: 1}).logProb(z);
    return tf.sub(tf.logSumExp(tf.stack([a, b]), 0), Math.LN2);
  });
}
