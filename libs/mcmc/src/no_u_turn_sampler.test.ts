import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {sampleChain} from './sample_chain';
import {assertClose, assertNoLeak, assertPosteriorMoments, mcEstimate, normalNormalModel} from './internal/testing';

test.before(async () => {
  await init();
});

/** log N(x; 0, I) up to a constant, x of shape [chains, dim]. */
const standardNormal = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));

/** Column k of draws [numDraws, chains, dim] as [numDraws, chains]. */
const column = (states: tf.Tensor, k: number) => tf.squeeze(tf.slice(states, [0, 0, k], [-1, -1, 1]), [2]);

// Every moment test: |estimate - exact| <= 4 MC standard errors, the standard error from the
// cross-chain ESS of the draws (mean) and of (x - mean)^2 (variance); see assertPosteriorMoments.
test('NUTS samples a 1-D standard normal (mean 0, variance 1 within 4 MC se)', (t) => {
  assertNoLeak(t, () => {
    const kernel = new NoUTurnSampler({targetLogProbFn: standardNormal, stepSize: 0.7});
    const x0 = tf.tidy(() => tf.reshape(tf.linspace(-2, 2, 12), [12, 1]));
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 150,
      numBurninSteps: 10,
      currentState: x0,
      kernel,
      seed: 5,
      traceFn: (_s, r) => ({depth: r.treeDepth, leapfrogs: r.leapfrogsTaken, logAccept: r.logAcceptRatio}),
    });
    tf.tidy(() => {
      assertPosteriorMoments(t, column(states, 0), {mean: 0, variance: 1}, '1-D normal', 4);
      // With h = 0.7 the trajectory U-turns after about half a period (pi): trees of depth 1 to 4.
      const depth = tf.mean(tf.cast(trace.depth, 'float32')).dataSync()[0];
      t.true(depth > 1 && depth < 4, `mean tree depth ${depth}`);
      // Leapfrogs of a trajectory that kept `depth` doublings: 2^depth - 1 kept, plus at most 2^depth discarded.
      const d = trace.depth.dataSync();
      const n = trace.leapfrogs.dataSync();
      for (let i = 0; i < d.length; i++) {
        if (!(n[i] >= 2 ** d[i] - 1 && n[i] <= 2 ** (d[i] + 1) - 1)) t.fail(`draw ${i}: depth ${d[i]} with ${n[i]} leapfrogs`);
      }
      const logAccept = trace.logAccept.dataSync();
      t.true(logAccept.every((v) => v <= 0 && Number.isFinite(v)), 'log acceptance statistics in (-inf, 0]');
    });
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

/** x ~ N(0, S), S = [[1, 1.6], [1.6, 4]] (sd 1 and 2, correlation 0.8); state [chains, 2]. */
const cov = [
  [1, 1.6],
  [1.6, 4],
];
const det = cov[0][0] * cov[1][1] - cov[0][1] ** 2;
const precision = [
  [cov[1][1] / det, -cov[0][1] / det],
  [-cov[0][1] / det, cov[0][0] / det],
];
const gaussian2d = (x: tf.Tensor) =>
  tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, tf.tensor2d(precision)), x), 1)));

test('NUTS samples a correlated 2-D Gaussian (means, variances, covariance within 4 MC se)', (t) => {
  assertNoLeak(t, () => {
    // The principal sds are 0.55 and 2.2: h = 0.5 needs ~2.2 pi / 0.5 ~ 14 leapfrogs for a U-turn (depth ~4).
    const kernel = new NoUTurnSampler({targetLogProbFn: gaussian2d, stepSize: 0.5});
    const x0 = tf.tidy(() => tf.randomNormal([12, 2], 0, 1, 'float32', 7));
    const {states, finalKernelResults} = sampleChain({numResults: 80, numBurninSteps: 5, currentState: x0, kernel, seed: 21});
    t.deepEqual(states.shape, [80, 12, 2]);
    tf.tidy(() => {
      const x1 = column(states, 0);
      const x2 = column(states, 1);
      assertPosteriorMoments(t, x1, {mean: 0, variance: 1}, 'x1', 4);
      assertPosteriorMoments(t, x2, {mean: 0, variance: 4}, 'x2', 4);
      const c = mcEstimate(tf.mul(x1, x2));
      t.true(Math.abs(c.mean - 1.6) <= 4 * c.se, `covariance ${c.mean} vs 1.6 (se ${c.se})`);
    });
    tf.dispose([x0, states, finalKernelResults]);
  });
});

test('NUTS recovers the exact normal-normal posterior (mean, variance within 4 MC se)', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  assertNoLeak(t, () => {
    // Posterior sd ~0.33: h = 0.25 gives trees of depth ~2.
    const kernel = new NoUTurnSampler({targetLogProbFn, stepSize: 0.25});
    const x0 = tf.linspace(-2, 3, 8);
    const {states, finalKernelResults} = sampleChain({numResults: 150, numBurninSteps: 20, currentState: x0, kernel, seed: 13});
    t.deepEqual(states.shape, [150, 8]);
    assertPosteriorMoments(t, states, posterior, 'normal-normal', 4);
    tf.dispose([x0, states, finalKernelResults]);
  });
});
