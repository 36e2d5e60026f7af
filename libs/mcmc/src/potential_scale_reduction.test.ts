import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {potentialScaleReduction} from './potential_scale_reduction';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';
import type {DiagnosticsFixture} from './effective_sample_size.test';

const fx = loadFixture<DiagnosticsFixture>('diagnostics');

test.before(async () => {
  await init();
});

// Same draws as the ESS test (float32 values, float64 arithmetic on both sides): rtol 1e-6; the
// rank-normalised R-hat goes through float32 ndtri: rtol 1e-5.
test('R-hat, split R-hat and rank-normalised split R-hat match the ArviZ formulas', (t) => {
  const draws = tf.tensor(fx.draws, fx.shape);
  assertNoLeak(t, () => {
    const classic = potentialScaleReduction(draws);
    t.deepEqual(classic.shape, [4]);
    assertClose(t, classic.dataSync(), fx.rhat, {rtol: 1e-6}, 'R-hat');
    const split = potentialScaleReduction(draws, {splitChains: true});
    assertClose(t, split.dataSync(), fx.rhatSplit, {rtol: 1e-6}, 'split R-hat');
    const rank = potentialScaleReduction(draws, {rankNormalize: true});
    assertClose(t, rank.dataSync(), fx.rhatRank, {rtol: 1e-5}, 'rank-normalised R-hat');
    tf.dispose([classic, split, rank]);
  });
  draws.dispose();
});

test('R-hat flags a shifted chain (bulk) and a wider chain (tail only)', (t) => {
  const draws = tf.tensor(fx.draws, fx.shape);
  const classic = potentialScaleReduction(draws).dataSync();
  const rank = potentialScaleReduction(draws, {rankNormalize: true}).dataSync();
  t.true(classic[2] > 1.02, `shifted chain: ${classic[2]}`);
  t.true(classic[3] < 1.01, `wider chain is invisible to the classic R-hat: ${classic[3]}`);
  t.true(rank[3] > 1.1, `wider chain seen by the folded (tail) R-hat: ${rank[3]}`);
  draws.dispose();
});

test('independentChainNdims pools several chain axes', (t) => {
  // [draws, 2, 2] with chain axes 1 and 2 equals [draws, 4] with one chain axis.
  const draws = tf.tensor(fx.draws, fx.shape);
  const p0 = tf.tidy(() => tf.slice(draws, [0, 0, 0], [-1, -1, 1]).reshape([fx.shape[0], 2, 2]));
  const pooled = potentialScaleReduction(p0, {independentChainNdims: 2}).dataSync()[0];
  t.true(Math.abs(pooled - fx.rhat[0]) <= 1e-6 * fx.rhat[0], `${pooled} vs ${fx.rhat[0]}`);
  tf.dispose([draws, p0]);
});

test('bad input: one chain without splitting, too few dimensions', (t) => {
  const x = tf.zeros([10, 1]);
  t.throws(() => potentialScaleReduction(x), {message: /needs at least 2 draws and 2 chains; states have shape \[10,1\]/});
  const y = tf.zeros([10]);
  t.throws(() => potentialScaleReduction(y), {message: /states must have shape \[numDraws, \.\.\.chains \(1 axes\), \.\.\.event\]; received \[10\]/});
  tf.dispose([x, y]);
});
