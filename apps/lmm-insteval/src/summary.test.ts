import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {SeededRandom} from '@tfjs-probability/math';
import {quantileOfSorted, summarizeScalar, summarizeVector} from './summary';

test.before(async () => {
  await init();
});

test('quantileOfSorted interpolates between order statistics as R type 7', (t) => {
  // R: quantile(c(1, 2, 4, 8, 16), c(0.025, 0.5, 0.975)) = 1.1, 4, 15.2
  const x = [1, 2, 4, 8, 16];
  t.true(Math.abs(quantileOfSorted(x, 0.025) - 1.1) < 1e-12);
  t.is(quantileOfSorted(x, 0.5), 4);
  t.true(Math.abs(quantileOfSorted(x, 0.975) - 15.2) < 1e-12);
});

test('summaries of iid N(2, 0.5^2) draws: moments, interval, ESS near the draw count, R-hat near 1', (t) => {
  const rng = new SeededRandom(5, 'summary.test');
  const n = 400;
  const chains = 4;
  const values = Float32Array.from({length: n * chains * 3}, () => 2 + 0.5 * rng.normal());
  const draws = tf.tensor3d(values, [n, chains, 3]);
  const before = tf.memory().numTensors;
  const v = summarizeVector(draws);
  const scalar = tf.tidy(() => tf.squeeze(tf.slice(draws, [0, 0, 1], [n, chains, 1]), [2]));
  const s = summarizeScalar(scalar);
  scalar.dispose();
  t.is(tf.memory().numTensors, before);
  // 1600 iid draws: the mean's standard error is 0.5 / 40 = 0.0125 (allow 4 of them); the sd's ~ 0.5 / sqrt(3200) ~ 0.009.
  t.true(Math.abs(s.mean - 2) < 0.05);
  t.true(Math.abs(s.sd - 0.5) < 0.04);
  // 2.5% / 97.5% quantiles 2 -/+ 1.96 * 0.5; their standard error is ~ 0.03 at n = 1600.
  t.true(Math.abs(s.q025 - (2 - 0.98)) < 0.12 && Math.abs(s.q975 - (2 + 0.98)) < 0.12);
  t.is(s.mean, v.mean[1]);
  t.is(s.rhat, v.rhat[1]);
  // Independent draws: bulk ESS ~ 1600 (its sampling spread is a few hundred), R-hat within 1.02.
  for (const x of [s.essBulk, ...v.essBulk]) t.true(x > 1000 && x < 2600, `ESS ${x}`);
  t.true(s.essTail > 800);
  for (const r of [s.rhat, ...v.rhat]) t.true(Math.abs(r - 1) < 0.02, `R-hat ${r}`);
  t.is(v.minEssBulk, Math.min(...v.essBulk));
  t.is(v.maxRhat, Math.max(...v.rhat));
  draws.dispose();
});

test('chains stuck in different places give a large R-hat; too few draws give NaN diagnostics; bad ranks are errors', (t) => {
  const rng = new SeededRandom(6, 'summary.test');
  const values = Float32Array.from({length: 100 * 2}, (_, i) => (i % 2 === 0 ? 0 : 3) + 0.1 * rng.normal());
  const draws = tf.tensor2d(values, [100, 2]);
  // Rank-normalised R-hat is bounded by the ranks (~1.85 for two fully separated chains of 100).
  t.true(summarizeScalar(draws).rhat > 1.5);
  const few = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  t.true(Number.isNaN(summarizeScalar(few).essBulk));
  t.throws(() => summarizeScalar(tf.zeros([3])), {message: /expected draws of shape \[draws, chains\]; received \[3\]/});
  t.throws(() => summarizeVector(draws), {message: /expected draws of shape \[draws, chains, K\]/});
  tf.dispose([draws, few]);
});
