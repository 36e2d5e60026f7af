import * as tf from '@tensorflow/tfjs';
import type {LinearMixedEffectsModel, MixedModelParams} from './model';
import {quantileOfSorted} from './summary';

/** One checked statistic: its observed value, the replicates' mean and 95% interval, and p = P(rep >= obs). */
export interface CheckedStatistic {
  observed: number;
  predictedMean: number;
  q025: number;
  q975: number;
  pValue: number;
}

export interface PosteriorPredictiveChecks {
  /** Posterior draws the replicated data sets were drawn from. */
  replicates: number;
  meanRating: CheckedStatistic;
  sdRating: CheckedStatistic;
  /** Share of ratings equal to 1..5; replicated ratings are rounded and clipped to 1..5 first. */
  ratingShare: CheckedStatistic[];
  /** Mean rating of each department (dense index order). */
  departmentMean: CheckedStatistic[];
  /**
   * Realised residual sd, sd(y - mu) per posterior draw (mu the draw's linear predictor), against
   * that draw's sdNoise: the residuals should look like the noise the model assumes.
   */
  residualSd: {mean: number; q025: number; q975: number};
  sdNoise: {mean: number; q025: number; q975: number};
}

function check(observed: number, replicated: number[]): CheckedStatistic {
  const sorted = Float64Array.from(replicated).sort();
  return {
    observed,
    predictedMean: replicated.reduce((a, b) => a + b, 0) / replicated.length,
    q025: quantileOfSorted(sorted, 0.025),
    q975: quantileOfSorted(sorted, 0.975),
    pValue: replicated.filter((r) => r >= observed).length / replicated.length,
  };
}

function interval(values: number[]): {mean: number; q025: number; q975: number} {
  const sorted = Float64Array.from(values).sort();
  return {mean: values.reduce((a, b) => a + b, 0) / values.length, q025: quantileOfSorted(sorted, 0.025), q975: quantileOfSorted(sorted, 0.975)};
}

/** Statistics of data sets y [P, rows]: mean, sd, share of each rating 1..5, per-department means [P, D]. */
function statistics(model: LinearMixedEffectsModel, y: tf.Tensor2D, departmentIndex: tf.Tensor1D, departmentCounts: tf.Tensor1D) {
  return tf.tidy(() => {
    const {mean, variance} = tf.moments(y, 1);
    const rounded = tf.clipByValue(tf.round(y), 1, 5);
    const shares = [1, 2, 3, 4, 5].map((k) => tf.mean(tf.cast(tf.equal(rounded, k), 'float32'), 1));
    const sums = tf.unsortedSegmentSum(tf.transpose(y), departmentIndex, model.numDepartments);
    return {
      mean: mean.arraySync() as number[],
      sd: (tf.sqrt(variance).arraySync() as number[]),
      shares: shares.map((s) => s.arraySync() as number[]),
      departmentMeans: tf.div(sums, tf.expandDims(departmentCounts, 1)).arraySync() as number[][],
    };
  });
}

/**
 * Posterior predictive checks: for up to `replicates` posterior draws (evenly spaced over
 * draws x chains), a replicated data set y_rep ~ N(mu, sdNoise^2) at the observed rows; the
 * statistics of the observed ratings are compared with the replicates' (mean, sd, share of each
 * rating, mean per department), and the realised residual sd with the noise scale.
 */
export function posteriorPredictiveChecks(
  model: LinearMixedEffectsModel,
  draws: MixedModelParams,
  departmentIndex: Int32Array,
  options: {replicates?: number; seed?: number; chunk?: number} = {},
): PosteriorPredictiveChecks {
  const {replicates = 100, seed = 1, chunk = 10} = options;
  const [n, c] = draws.intercept.shape;
  const total = n * c;
  const p = Math.max(1, Math.min(replicates, total));
  const picks = Array.from({length: p}, (_, i) => Math.floor((i * total) / p));
  const deptIndex = tf.tensor1d(departmentIndex, 'int32');
  const deptCounts = tf.tensor1d(Float32Array.from(model.counts.departments));
  const observed = tf.tidy(() => statistics(model, tf.expandDims(model.ratings, 0) as tf.Tensor2D, deptIndex, deptCounts));
  const rep = {mean: [] as number[], sd: [] as number[], shares: [[], [], [], [], []] as number[][], dept: [] as number[][]};
  const residualSd: number[] = [];
  const sdNoise: number[] = [];
  try {
    for (let start = 0; start < p; start += chunk) {
      const rows = picks.slice(start, start + chunk);
      tf.tidy(() => {
        const index = tf.tensor1d(rows, 'int32');
        const take = (x: tf.Tensor) => tf.gather(tf.reshape(x, [total, ...x.shape.slice(2)]), index);
        const mu = model.linearPredictor({
          intercept: take(draws.intercept),
          effectService: take(draws.effectService),
          effectStudents: take(draws.effectStudents),
          effectInstructors: take(draws.effectInstructors),
          effectDepartments: take(draws.effectDepartments),
        });
        const noise = take(draws.sdNoise);
        const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', seed * 1009 + start);
        const y = tf.add(mu, tf.mul(tf.expandDims(noise, 1), eps)) as tf.Tensor2D;
        const s = statistics(model, y, deptIndex, deptCounts);
        rep.mean.push(...s.mean);
        rep.sd.push(...s.sd);
        s.shares.forEach((share, k) => rep.shares[k].push(...share));
        rep.dept.push(...(tf.transpose(tf.tensor2d(s.departmentMeans)).arraySync() as number[][]));
        const residual = tf.sub(tf.expandDims(model.ratings, 0), mu);
        residualSd.push(...(tf.sqrt(tf.moments(residual, 1).variance).arraySync() as number[]));
        sdNoise.push(...(noise.arraySync() as number[]));
      });
    }
  } finally {
    tf.dispose([deptIndex, deptCounts]);
  }
  return {
    replicates: p,
    meanRating: check(observed.mean[0], rep.mean),
    sdRating: check(observed.sd[0], rep.sd),
    ratingShare: observed.shares.map((share, k) => check(share[0], rep.shares[k])),
    departmentMean: observed.departmentMeans.map((row, d) => check(row[0], rep.dept.map((r) => r[d]))),
    residualSd: interval(residualSd),
    sdNoise: interval(sdNoise),
  };
}
