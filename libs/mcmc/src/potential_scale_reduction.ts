/**
 * Potential scale reduction R-hat (TFP's `tfp.mcmc.potential_scale_reduction`; Gelman-Rubin as
 * computed by Stan and ArviZ). For m chains of n draws, with B = n Var(chain means) and
 * W = mean of the chain variances (both with ddof 1),
 *   R-hat = sqrt(((n - 1)/n W + B/n) / W).
 * `splitChains` halves every chain first (split R-hat). `rankNormalize` gives the rank-normalised
 * split R-hat of Vehtari et al. (2021), as Stan (rstan's `Rhat`): max(R-hat of the rank-normalised
 * split draws, R-hat of the rank-normalised split |draws - median|), the median of all draws taken
 * before splitting (ArviZ's method "rank" takes it after, which differs for odd chain lengths).
 */
import * as tf from '@tensorflow/tfjs';
import {fold, groupDraws, mean, splitChains, variance, zScale} from './internal/draws';
import {dimsOption} from './effective_sample_size';

export interface PotentialScaleReductionOptions {
  /** Number of axes after the draws axis that index chains (default 1, as TFP). */
  independentChainNdims?: number;
  /** Split every chain in two halves first (default false, as TFP). */
  splitChains?: boolean;
  /** Rank-normalised split R-hat (implies splitting; default false). */
  rankNormalize?: boolean;
}

/** Classic R-hat of m >= 2 chains of equal length, in float64. */
export function rhatOfChains(chains: Float64Array[]): number {
  const n = chains[0].length;
  const between = n * variance(chains.map(mean), 1);
  const within = chains.reduce((s, c) => s + variance(c, 1), 0) / chains.length;
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * R-hat of `states` of shape [numDraws, ...chains (independentChainNdims axes), ...event];
 * returns a float32 tensor of the event shape.
 */
export function potentialScaleReduction(states: tf.Tensor, options: PotentialScaleReductionOptions = {}): tf.Tensor {
  const k = options.independentChainNdims ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new Error(`potentialScaleReduction: independentChainNdims must be a positive integer; received ${k}`);
  }
  if (!(states instanceof tf.Tensor) || states.rank < 1 + k) {
    throw new Error(
      `potentialScaleReduction: states must have shape [numDraws, ...chains (${k} axes), ...event]; received [${states?.shape}]`,
    );
  }
  const chainDims = dimsOption(Array.from({length: k}, (_, i) => i + 1));
  const {outShape, groups} = groupDraws('potentialScaleReduction', states, chainDims);
  const split = options.splitChains || options.rankNormalize;
  const numChains = groups[0]?.length ?? 0;
  const minDraws = split ? 4 : 2;
  if (states.shape[0] < minDraws || (!split && numChains < 2)) {
    throw new Error(
      `potentialScaleReduction: needs at least ${minDraws} draws and ${split ? 1 : 2} chains; states have shape [${states.shape}]`,
    );
  }
  const values = new Float32Array(groups.length);
  groups.forEach((chains, o) => {
    if (options.rankNormalize) {
      // Stan folds around the median of all draws (the middle draw of an odd chain included), then splits.
      values[o] = Math.max(rhatOfChains(zScale(splitChains(chains))), rhatOfChains(zScale(splitChains(fold(chains)))));
    } else {
      values[o] = rhatOfChains(split ? splitChains(chains) : chains);
    }
  });
  return tf.tensor(values, outShape);
}
