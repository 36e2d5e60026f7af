import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {effectiveSampleSize} from './effective_sample_size';
import {potentialScaleReduction} from './potential_scale_reduction';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';

/** One set of draws [numDraws, numChains, numParams] with rstan 2.21's diagnostics per parameter. */
interface StanSet {
  name: string;
  shape: [number, number, number];
  params: string[];
  draws: number[];
  /** rstan:::ess_rfun of each chain alone, [param][chain]. */
  essPerChain: number[][];
  /** rstan:::ess_rfun on the whole chains (monitor()'s n_eff), as rstan reports it. */
  essCrossChain_rstan: number[];
  /** The same with the exact 1/N autocovariance (see tools/fixtures/mcmc_diagnostics_stan.R). */
  essCrossChain_exact: number[];
  essMean_rstan: number[];
  essMean_exact: number[];
  essTail_rstan: number[];
  essTail_exact: number[];
  /** rstan 2.21's ess_bulk and Rhat: normal scores with the offset (r - 1/2) / S. */
  essBulk_rstan: number[];
  rhatRank_rstan: number[];
  /** rstan's ess_rfun / rhat_rfun on Stan's and the paper's normal scores (r - 3/8) / (S + 1/4). */
  essBulk_stanZ38: number[];
  rhatRank_stanZ38: number[];
  /** rstan:::rhat_rfun on the whole chains (null for one chain) and on the split chains. */
  rhat: number[] | null;
  rhatSplit: number[];
}
const fx = loadFixture<{rstanVersion: string; sets: StanSet[]}>('diagnostics_stan');

test.before(async () => {
  await init();
});

/** True when n has no prime factor above 5 (then rstan's FFT autocovariance is exact). */
function smooth(n: number): boolean {
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

// Tolerances. The draws are float32 numbers, read exactly; both sides then work in float64 (R's
// FFT autocovariance vs direct sums here, ~1e-13 relative apart), and our result is returned as
// float32 (relative rounding 6e-8): rtol 1e-6 for every ESS and R-hat that involves no normal
// scores. Bulk ESS and rank R-hat go through our float32 ndtri: each normal score carries a relative
// error of ~1e-7 (absolute ~2e-7 near 0), which moves the ESS by ~1e-6 relative and R-hat (a ratio of
// variances of those scores) by ~1e-7: rtol 2e-5 and 1e-5.
const EXACT = {rtol: 1e-6};

for (const set of fx.sets) {
  const [n, m, p] = set.shape;
  test(`${set.name}: ESS per chain, cross-chain, split (mean) and tail match rstan ${fx.rstanVersion}`, (t) => {
    const draws = tf.tensor3d(set.draws, set.shape);
    assertNoLeak(t, () => {
      const perChain = effectiveSampleSize(draws);
      t.deepEqual(perChain.shape, [m, p]);
      // Ours is [chain, param]; the fixture [param][chain].
      const expectedPerChain = Array.from({length: m * p}, (_, i) => set.essPerChain[i % p][Math.floor(i / p)]);
      assertClose(t, perChain.dataSync(), expectedPerChain, EXACT, 'per chain (ess_rfun)');

      const cross = effectiveSampleSize(draws, {crossChainDims: 1});
      t.deepEqual(cross.shape, [p]);
      assertClose(t, cross.dataSync(), set.essCrossChain_exact, EXACT, 'cross-chain (monitor n_eff)');
      // For a 2-3-5-smooth length rstan's own numbers are the exact ones (checked by the script).
      if (smooth(n) || m === 1) assertClose(t, cross.dataSync(), set.essCrossChain_rstan, EXACT, 'cross-chain, as rstan reports');

      const split = effectiveSampleSize(draws, {crossChainDims: 1, splitChains: true});
      assertClose(t, split.dataSync(), set.essMean_exact, EXACT, 'split (ess_mean)');
      const tail = effectiveSampleSize(draws, {crossChainDims: 1, tail: true});
      assertClose(t, tail.dataSync(), set.essTail_exact, EXACT, 'tail (ess_tail)');
      if (smooth(Math.floor(n / 2))) {
        assertClose(t, split.dataSync(), set.essMean_rstan, EXACT, 'split, as rstan reports');
        assertClose(t, tail.dataSync(), set.essTail_rstan, EXACT, 'tail, as rstan reports');
      }
      tf.dispose([perChain, cross, split, tail]);
    });
    draws.dispose();
  });

  test(`${set.name}: bulk ESS and R-hat (classic, split, rank-normalised) match rstan ${fx.rstanVersion}`, (t) => {
    const draws = tf.tensor3d(set.draws, set.shape);
    assertNoLeak(t, () => {
      const bulk = effectiveSampleSize(draws, {crossChainDims: 1, splitChains: true, rankNormalize: true});
      assertClose(t, bulk.dataSync(), set.essBulk_stanZ38, {rtol: 2e-5}, 'bulk (ess_rfun of 3/8 normal scores)');
      const rank = potentialScaleReduction(draws, {rankNormalize: true});
      t.deepEqual(rank.shape, [p]);
      assertClose(t, rank.dataSync(), set.rhatRank_stanZ38, {rtol: 1e-5}, 'rank R-hat (3/8 normal scores)');
      const split = potentialScaleReduction(draws, {splitChains: true});
      assertClose(t, split.dataSync(), set.rhatSplit, EXACT, 'split R-hat (rhat_rfun of split_chains)');
      const toDispose = [bulk, rank, split];
      if (set.rhat !== null) {
        const classic = potentialScaleReduction(draws);
        assertClose(t, classic.dataSync(), set.rhat, EXACT, 'R-hat (rhat_rfun)');
        toDispose.push(classic);
      }
      // rstan 2.21's ess_bulk / Rhat use the normal scores qnorm((r - 1/2) / S) of the paper's
      // preprint; we follow the published paper, Stan's C++ and ArviZ ((r - 3/8) / (S + 1/4)). The
      // offsets move a score by < 1/(8 S) in probability, and these numbers by well under 1 %
      // (largest here: 0.2 % of ESS; 0.02 of R-hat, for 20 draws in all): the difference stays that small.
      assertClose(t, bulk.dataSync(), set.essBulk_rstan, {rtol: 0.01}, 'bulk vs rstan 2.21 (offset 1/2)');
      assertClose(t, rank.dataSync(), set.rhatRank_rstan, {atol: 0.03}, 'rank R-hat vs rstan 2.21 (offset 1/2)');
      tf.dispose(toDispose);
    });
    draws.dispose();
  });
}

test('the Stan sets exercise what they are meant to', (t) => {
  // Odd lengths (the middle draw dropped by splitting, the truncation bound of Stan vs ArviZ), a
  // single chain, short chains, chains that disagree (R-hat well above 1) and antithetic chains
  // (ESS above the number of draws).
  const byName = new Map(fx.sets.map((s) => [s.name, s]));
  t.true(fx.sets.some((s) => s.shape[0] % 2 === 1));
  t.true(fx.sets.some((s) => s.shape[1] === 1));
  const even = byName.get('even_4x500');
  if (!even) throw new Error('fixture: set even_4x500 missing');
  const [n, m] = even.shape;
  const k = (name: string) => even.params.indexOf(name);
  t.true(even.rhatRank_stanZ38[k('shifted')] > 1.05 && even.rhatRank_stanZ38[k('wide')] > 1.05);
  t.true(even.essCrossChain_exact[k('anti')] > n * m);
});
