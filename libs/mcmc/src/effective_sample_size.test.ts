import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {effectiveSampleSize} from './effective_sample_size';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';

export interface DiagnosticsFixture {
  shape: number[];
  draws: number[];
  phi: number[];
  analyticEss: number[];
  essPerChain: number[][];
  essCrossChain: number[];
  essSplit: number[];
  essBulk: number[];
  essTail: number[];
  rhat: number[];
  rhatSplit: number[];
  rhatRank: number[];
}
const fx = loadFixture<DiagnosticsFixture>('diagnostics');

test.before(async () => {
  await init();
});

// The draws are float32 values, read back exactly; both sides then compute in float64 (ArviZ's
// formulas re-implemented with numpy/FFT in tools/fixtures/mcmc_diagnostics.py vs direct sums
// here), so the ESS agree to ~1e-9 relative before the float32 result: rtol 1e-6. The bulk ESS
// goes through float32 ndtri (relative error ~1e-7 per z): rtol 2e-5.
test('per-chain and cross-chain ESS match the ArviZ formulas on saved AR(1) draws', (t) => {
  const draws = tf.tensor(fx.draws, fx.shape);
  assertNoLeak(t, () => {
    const perChain = effectiveSampleSize(draws);
    t.deepEqual(perChain.shape, [4, 4]);
    assertClose(t, perChain.dataSync(), fx.essPerChain.flat(), {rtol: 1e-6}, 'per chain');
    const cross = effectiveSampleSize(draws, {crossChainDims: 1});
    t.deepEqual(cross.shape, [4]);
    assertClose(t, cross.dataSync(), fx.essCrossChain, {rtol: 1e-6}, 'cross-chain');
    const split = effectiveSampleSize(draws, {crossChainDims: [1], splitChains: true});
    assertClose(t, split.dataSync(), fx.essSplit, {rtol: 1e-6}, 'split (ArviZ mean)');
    const bulk = effectiveSampleSize(draws, {crossChainDims: 1, splitChains: true, rankNormalize: true});
    assertClose(t, bulk.dataSync(), fx.essBulk, {rtol: 2e-5}, 'bulk');
    // Tail ESS: the indicators are exact, the ESS arithmetic float64 on both sides.
    const tail = effectiveSampleSize(draws, {crossChainDims: 1, tail: true});
    assertClose(t, tail.dataSync(), fx.essTail, {rtol: 1e-6}, 'tail');
    tf.dispose([perChain, cross, split, bulk, tail]);
  });
  draws.dispose();
});

test('ESS of well-mixed AR(1) chains is near the analytic n (1 - phi) / (1 + phi)', (t) => {
  // Parameters 0 and 1 are plain AR(1) (phi 0.5 and 0.9) in every chain. The ESS estimator's own
  // relative sd for this n is roughly sqrt(2 tau (2 L + 1) / N) with L the truncation lag
  // (~20-40 % for phi 0.9 at N = 1604, ~10 % for phi 0.5); we allow 3 of those.
  const draws = tf.tensor(fx.draws, fx.shape);
  const ess = effectiveSampleSize(draws, {crossChainDims: 1});
  const v = ess.dataSync();
  t.true(Math.abs(v[0] / fx.analyticEss[0] - 1) < 0.3, `phi 0.5: ${v[0]} vs ${fx.analyticEss[0]}`);
  t.true(Math.abs(v[1] / fx.analyticEss[1] - 1) < 0.9, `phi 0.9: ${v[1]} vs ${fx.analyticEss[1]}`);
  // The shifted chains of parameter 2 make the pooled ESS far smaller than the analytic one.
  t.true(v[2] < 0.5 * fx.analyticEss[2], `shifted chains: ${v[2]}`);
  tf.dispose([draws, ess]);
});

test('independent draws have ESS close to their number; antithetic draws exceed it', (t) => {
  const n = 2000;
  const iid = tf.randomNormal([n, 1], 0, 1, 'float32', 5);
  const e = effectiveSampleSize(iid).dataSync()[0];
  // For iid draws the estimate's sd is ~ n sqrt(2 (2L + 1) / n) / n with small L: 3 sd ~ 0.15 n.
  t.true(Math.abs(e / n - 1) < 0.15, `iid ESS ${e}`);
  // x_t = -x_{t-1} * 0.5 + noise: negative lag-1 autocorrelation gives ESS > n (bounded by n log10(n)).
  const x = new Float32Array(n);
  const z = iid.dataSync();
  x[0] = z[0];
  for (let i = 1; i < n; i++) x[i] = -0.5 * x[i - 1] + Math.sqrt(0.75) * z[i];
  const anti = tf.tensor2d(x, [n, 1]);
  const ea = effectiveSampleSize(anti).dataSync()[0];
  t.true(ea > 1.5 * n && ea <= n * Math.log10(n), `antithetic ESS ${ea} (analytic ${(n * 1.5) / 0.5})`);
  tf.dispose([iid, anti]);
});

test('bad input: too few draws, chain dimension out of range', (t) => {
  const x = tf.zeros([3, 2]);
  t.throws(() => effectiveSampleSize(x), {message: /effectiveSampleSize: needs at least 4 draws along axis 0; states have shape \[3,2\]/});
  const y = tf.randomNormal([10, 2], 0, 1, 'float32', 1);
  t.throws(() => effectiveSampleSize(y, {crossChainDims: 2}), {message: /chain dimension 2 is not an axis after the draws axis of states with shape \[10,2\]/});
  t.throws(() => effectiveSampleSize(y, {crossChainDims: 0}), {message: /chain dimension 0/});
  tf.dispose([x, y]);
});
