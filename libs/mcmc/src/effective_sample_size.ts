/**
 * Effective sample size (TFP's `tfp.mcmc.effective_sample_size`, computed with Stan's estimator,
 * Vehtari et al. 2021, as rstan's `monitor()` and Stan's C++). For m chains of n draws with
 * autocovariances acov_j(t) (1/n normalised),
 *   W = mean_j acov_j(0) n/(n-1),  var+ = W (n-1)/n + Var_j(chain means) (the latter for m > 1),
 *   rho(t) = 1 - (W - mean_j acov_j(t)) / var+,
 * truncated by Geyer's initial positive sequence (pairs rho(t) + rho(t+1), t even, while positive
 * and t + 1 <= n - 3) and made monotone by Geyer's initial monotone sequence; with T the last even
 * lag looked at,
 *   tau = -1 + 2 sum_{t<T} rho(t) + max(rho(T), 0),  ESS = m n / max(tau, 1 / log10(m n)).
 * Without `crossChainDims`, every chain is its own series (result shape = states.shape[1:]);
 * with them, those axes are pooled as chains of one quantity. `splitChains` halves every chain
 * (Stan's and ArviZ's "mean" ESS when cross-chain), and `rankNormalize` adds rank normalisation
 * (bulk ESS). `tail` gives the tail ESS: the minimum over p in {0.05, 0.95} of the split-chain ESS
 * of the indicator I(x <= q_p), q_p the p-quantile of all draws by linear interpolation
 * (Hyndman-Fan type 7). Checked against rstan in diagnostics_stan.test.ts; ArviZ differs only in
 * the truncation bound for odd lengths (t + 1 <= n - 2) and for chains of 4-5 draws (tau = 0).
 */
import * as tf from '@tensorflow/tfjs';
import {autocovariance, groupDraws, mean, splitChains, variance, zScale} from './internal/draws';

export interface EffectiveSampleSizeOptions {
  /** Axes (>= 1) of `states` that index chains of the same quantity; default none (per chain). */
  crossChainDims?: number | number[];
  /** Split every chain in two halves first (default false). */
  splitChains?: boolean;
  /** Rank-normalise the draws first (bulk ESS; default false). */
  rankNormalize?: boolean;
  /** Tail ESS (5 % and 95 % quantile indicators on split chains); overrides the two options above. */
  tail?: boolean;
}

/** The p-quantile of all draws, linear interpolation between order statistics (type 7). */
function quantile(chains: Float64Array[], p: number): number {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c))).sort();
  const h = (all.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, all.length - 1);
  return all[lo] + (h - lo) * (all[hi] - all[lo]);
}

/** Stan/ArviZ tail ESS of m chains. */
function tailEss(chains: Float64Array[]): number {
  const split = splitChains(chains);
  return Math.min(
    ...[0.05, 0.95].map((p) => {
      const q = quantile(chains, p);
      return essOfChains(split.map((c) => c.map((v) => (v <= q ? 1 : 0))));
    }),
  );
}

/**
 * The ESS of m chains of equal length n, in float64, with Stan's truncation (rstan's `ess_rfun`,
 * Stan's `compute_effective_sample_size`): pairs (rho(t), rho(t+1)), t = 2, 4, ..., are taken while
 * their sum is positive and t + 1 <= n - 3 (ArviZ allows t + 1 <= n - 2 for odd n); T is the last
 * even lag looked at, and tau = -1 + 2 sum_{t<T} rho(t) + max(rho(T), 0) (the sum is rho(0) when T = 0).
 */
export function essOfChains(chains: Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 4) return NaN;
  const acov = chains.map(autocovariance);
  const meanAcov = (t: number) => acov.reduce((s, a) => s + a[t], 0) / m;
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean), 1);
  if (!(varPlus > 0)) return NaN;
  const rhoAt = (t: number) => 1 - (meanVar - meanAcov(t)) / varPlus;
  const rho = new Float64Array(n);
  rho[0] = 1;
  let rhoEven = 1;
  let rhoOdd = rhoAt(1);
  rho[1] = rhoOdd;
  // Geyer's initial positive sequence.
  let t = 0;
  while (t < n - 5 && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // Geyer's initial monotone sequence.
  for (let k = 2; k <= maxT - 2; k += 2) {
    if (rho[k] + rho[k + 1] > rho[k - 2] + rho[k - 1]) {
      rho[k] = (rho[k - 2] + rho[k - 1]) / 2;
      rho[k + 1] = rho[k];
    }
  }
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k];
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(m * n));
  return (m * n) / tau;
}

/** Normalises a dims option to a sorted array. */
export function dimsOption(value: number | number[] | undefined): number[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).slice().sort((a, b) => a - b);
}

/**
 * ESS of `states` with draws along axis 0: shape [numDraws, ...]. Returns a float32 tensor of
 * shape states.shape without axis 0 (and without `crossChainDims`).
 */
export function effectiveSampleSize(states: tf.Tensor, options: EffectiveSampleSizeOptions = {}): tf.Tensor {
  const chainDims = dimsOption(options.crossChainDims);
  const {outShape, groups} = groupDraws('effectiveSampleSize', states, chainDims);
  const minDraws = options.splitChains || options.tail ? 8 : 4;
  if (states.shape[0] < minDraws) {
    throw new Error(`effectiveSampleSize: needs at least ${minDraws} draws along axis 0; states have shape [${states.shape}]`);
  }
  const values = new Float32Array(groups.length);
  groups.forEach((chains, o) => {
    if (options.tail) {
      values[o] = tailEss(chains);
      return;
    }
    let c = chains;
    if (options.splitChains) c = splitChains(c);
    if (options.rankNormalize) c = zScale(c);
    values[o] = essOfChains(c);
  });
  return tf.tensor(values, outShape);
}
