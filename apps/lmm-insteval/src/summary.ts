import * as tf from '@tensorflow/tfjs';
import {effectiveSampleSize, potentialScaleReduction} from '@tfjs-probability/mcmc';

/** Posterior summary of one scalar: moments, the central 95% interval and convergence diagnostics. */
export interface ScalarSummary {
  mean: number;
  sd: number;
  /** 2.5% and 97.5% quantiles of the pooled draws (type-7 interpolation). */
  q025: number;
  q975: number;
  /** Bulk ESS (rank-normalised, split chains) and tail ESS (5%/95% quantiles), pooled over chains. */
  essBulk: number;
  essTail: number;
  /** Rank-normalised split R-hat. */
  rhat: number;
}

/** Summaries of every element of a vector latent (e.g. the department effects). */
export interface VectorSummary {
  mean: number[];
  q025: number[];
  q975: number[];
  essBulk: number[];
  rhat: number[];
  /** The worst element: smallest bulk ESS and largest R-hat. */
  minEssBulk: number;
  maxRhat: number;
}

/** The p-quantile of sorted values, linear interpolation between order statistics (R's type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean, sd and 95% interval of each column of a [draws, K] matrix held row-major in `values`. */
function columnStats(values: Float32Array, rows: number, cols: number) {
  const out = {mean: [] as number[], sd: [] as number[], q025: [] as number[], q975: [] as number[]};
  const column = new Float64Array(rows);
  for (let k = 0; k < cols; k++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      column[r] = values[r * cols + k];
      sum += column[r];
    }
    const mean = sum / rows;
    let ss = 0;
    for (let r = 0; r < rows; r++) ss += (column[r] - mean) ** 2;
    column.sort();
    out.mean.push(mean);
    out.sd.push(Math.sqrt(ss / Math.max(rows - 1, 1)));
    out.q025.push(quantileOfSorted(column, 0.025));
    out.q975.push(quantileOfSorted(column, 0.975));
  }
  return out;
}

/** ESS and R-hat need a few draws per (split) chain; fewer give NaN rather than an error. */
function diagnostics(draws: tf.Tensor): {essBulk: Float32Array; essTail: Float32Array; rhat: Float32Array} {
  const [numDraws, numChains] = draws.shape as number[];
  const size = draws.size / (numDraws * numChains);
  if (draws.shape[0] < 8) {
    const nan = () => new Float32Array(size).fill(NaN);
    return {essBulk: nan(), essTail: nan(), rhat: nan()};
  }
  return tf.tidy(() => ({
    essBulk: effectiveSampleSize(draws, {crossChainDims: 1, rankNormalize: true, splitChains: true}).dataSync() as Float32Array,
    essTail: effectiveSampleSize(draws, {crossChainDims: 1, tail: true}).dataSync() as Float32Array,
    rhat: potentialScaleReduction(draws, {rankNormalize: true}).dataSync() as Float32Array,
  }));
}

/** Summary of draws of a scalar, shape [draws, chains]. */
export function summarizeScalar(draws: tf.Tensor): ScalarSummary {
  if (draws.rank !== 2) throw new Error(`summarizeScalar: expected draws of shape [draws, chains]; received [${draws.shape}]`);
  const stats = columnStats(draws.dataSync() as Float32Array, draws.size, 1);
  const d = diagnostics(draws);
  return {
    mean: stats.mean[0],
    sd: stats.sd[0],
    q025: stats.q025[0],
    q975: stats.q975[0],
    essBulk: d.essBulk[0],
    essTail: d.essTail[0],
    rhat: d.rhat[0],
  };
}

/** Summary of draws of a vector, shape [draws, chains, K]. */
export function summarizeVector(draws: tf.Tensor): VectorSummary {
  if (draws.rank !== 3) throw new Error(`summarizeVector: expected draws of shape [draws, chains, K]; received [${draws.shape}]`);
  const [n, c, k] = draws.shape;
  const stats = columnStats(draws.dataSync() as Float32Array, n * c, k);
  const d = diagnostics(draws);
  return {
    mean: stats.mean,
    q025: stats.q025,
    q975: stats.q975,
    essBulk: Array.from(d.essBulk),
    rhat: Array.from(d.rhat),
    minEssBulk: Math.min(...d.essBulk),
    maxRhat: Math.max(...d.rhat),
  };
}
