import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
import {sampleChain} from './sample_chain';
import {assertClose, assertNoLeak, assertPosteriorMoments, correlatedGaussian2d, mcEstimate, normalNormalModel} from './internal/testing';

test.before(async () => {
  await init();
});

/** log N(x; 0, I) up to a constant, x of shape [chains, dim]. */
const standardNormal = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), 1));

/** Column k of draws [numDraws, chains, dim] as [numDraws, chains]. */
const column = (states: tf.Tensor, k: number) => tf.squeeze(tf.slice(states, [0, 0, k], [-1, -1, 1]), [2]);

/** x ~ N(0, S), S = [[1, 1.6], [1.6, 4]] (sd 1 and 2, correlation 0.8); state [chains, 2]. */
const {targetLogProbFn: gaussian2d} = correlatedGaussian2d();

// Every test below runs twice: with tfjs kernels, and with the trajectories built in float64 JavaScript on
// the compiled target (compileTarget: same algorithm, other random numbers).
for (const compileTarget of [false, true]) {
  const mode = compileTarget ? ' [compiled target]' : '';

  // Every moment test: |estimate - exact| <= 4 MC standard errors, the standard error from the
  // cross-chain ESS of the draws (mean) and of (x - mean)^2 (variance); see assertPosteriorMoments.
  test(`NUTS samples a 1-D standard normal (mean 0, variance 1 within 4 MC se)${mode}`, (t) => {
    assertNoLeak(t, () => {
      // h = 1 (acceptance statistic ~0.9): the energy error is large enough that the multinomial
      // weights exp(H0 - H) matter. Checked mutations of the sampler fail here: all weights 1 gives a
      // variance of 1.34 (4.7 se), always proposing the later half of a subtree 0.69 (6.8 se).
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 1});
      const x0 = tf.tidy(() => tf.reshape(tf.linspace(-2, 2, 16), [16, 1]));
      const {states, trace, finalKernelResults} = sampleChain({
        numResults: 100,
        numBurninSteps: 10,
        currentState: x0,
        kernel,
        seed: 5,
        traceFn: (_s, r) => ({depth: r.treeDepth, leapfrogs: r.leapfrogsTaken, logAccept: r.logAcceptRatio}),
      });
      tf.tidy(() => {
        assertPosteriorMoments(t, column(states, 0), {mean: 0, variance: 1}, '1-D normal', 4);
        // The trajectory U-turns after about half a period (pi), ~3 leapfrogs of 1: depth 1 to 3.
        const depth = tf.mean(tf.cast(trace.depth, 'float32')).dataSync()[0];
        t.true(depth >= 1 && depth < 3, `mean tree depth ${depth}`);
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

  test(`NUTS near the stability limit (h = 1.6 on N(0, 1)) keeps the variance (within 4 MC se)${mode}`, (t) => {
    // Acceptance statistic ~0.77; moving to every new subtree's proposal instead of with probability
    // min(1, w_new / w_old) (biased progressive sampling) gives a variance of ~2.5 here.
    assertNoLeak(t, () => {
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 1.6});
      const x0 = tf.tidy(() => tf.reshape(tf.linspace(-2, 2, 16), [16, 1]));
      const {states, finalKernelResults} = sampleChain({numResults: 100, numBurninSteps: 10, currentState: x0, kernel, seed: 15});
      tf.tidy(() => assertPosteriorMoments(t, column(states, 0), {mean: 0, variance: 1}, '1-D normal at h = 1.6', 4));
      tf.dispose([x0, states, finalKernelResults]);
    });
  });

  test(`NUTS samples a correlated 2-D Gaussian (means, variances, covariance within 4 MC se)${mode}`, (t) => {
    assertNoLeak(t, () => {
      // The principal sds are 0.55 and 2.2: h = 0.5 needs ~2.2 pi / 0.5 ~ 14 leapfrogs for a U-turn (depth ~4).
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: gaussian2d, stepSize: 0.5});
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

  test(`NUTS recovers the exact normal-normal posterior (mean, variance within 4 MC se)${mode}`, (t) => {
    const {targetLogProbFn, posterior} = normalNormalModel();
    assertNoLeak(t, () => {
      // Posterior sd ~0.33: h = 0.35 gives trees of depth ~2.
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn, stepSize: 0.35});
      const x0 = tf.linspace(-2, 3, 8);
      const {states, finalKernelResults} = sampleChain({numResults: 100, numBurninSteps: 10, currentState: x0, kernel, seed: 13});
      t.deepEqual(states.shape, [100, 8]);
      assertPosteriorMoments(t, states, posterior, 'normal-normal', 4);
      tf.dispose([x0, states, finalKernelResults]);
    });
  });

  test(`NUTS samples a non-Gaussian target, p(x) ~ exp(-x^4 / 4), with two state parts (variance within 4 MC se)${mode}`, (t) => {
    // E[x^2] = 2 Gamma(3/4) / Gamma(1/4) (substitute u = x^4 / 4 in both integrals).
    const variance = (2 * 1.225416702465178) / 3.625609908221908;
    assertNoLeak(t, () => {
      // Two independent coordinates as two parts of shape [chains]: the U-turn checks sum over parts.
      const target = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.mul(-0.25, tf.add(tf.square(tf.square(a)), tf.square(tf.square(b)))));
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: target, stepSize: 0.6});
      const x0 = [tf.linspace(-1.5, 1.5, 12), tf.linspace(1, -1, 12)];
      const {states, finalKernelResults} = sampleChain({numResults: 100, numBurninSteps: 10, currentState: x0, kernel, seed: 19});
      assertPosteriorMoments(t, states[0], {mean: 0, variance}, 'part 0', 4);
      assertPosteriorMoments(t, states[1], {mean: 0, variance}, 'part 1', 4);
      tf.dispose([x0, states, finalKernelResults]);
    });
  });

  test(`a step size beyond the leapfrog stability limit (h > 2 sd) reports divergences; a stable one none${mode}`, (t) => {
    assertNoLeak(t, () => {
      const x0 = tf.tidy(() => tf.reshape(tf.linspace(-1.5, 1.5, 8), [8, 1]));
      const run = (stepSize: number) => {
        const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize});
        const {states, trace, finalKernelResults} = sampleChain({numResults: 20, currentState: x0, kernel, seed: 8, traceFn: (_s, r) => r.hasDivergence});
        const rate = tf.tidy(() => tf.mean(tf.cast(trace, 'float32')).dataSync()[0]);
        tf.dispose([states, trace, finalKernelResults]);
        return rate;
      };
      // h = 5 on N(0, 1): the leapfrog map has an eigenvalue of modulus ~23, so H grows ~500-fold per
      // step and passes H0 + 1000 within two leapfrogs unless the trajectory U-turned first (the
      // overshooting first step often does). Over 160 transitions the rate (~0.55) has a binomial se
      // of ~0.04; 0.3 is ~6 se below.
      const unstable = run(5);
      t.true(unstable > 0.3, `divergence rate at h = 5: ${unstable}`);
      t.is(run(0.5), 0, 'no divergence at h = 0.5');
      x0.dispose();
    });
  });

  test(`the same seed gives the same chains; another seed other chains${mode}`, (t) => {
    assertNoLeak(t, () => {
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: gaussian2d, stepSize: 0.8});
      const x0 = tf.tensor2d([[0.1, 0.2], [-1, 1]]);
      const draw = (seed: number) => {
        const {states, finalKernelResults} = sampleChain({numResults: 6, currentState: x0, kernel, seed});
        const values = Array.from(states.dataSync());
        tf.dispose([states, finalKernelResults]);
        return values;
      };
      const a = draw(11);
      t.deepEqual(draw(11), a);
      t.notDeepEqual(draw(12), a);
      x0.dispose();
    });
  });

  test(`kernel results: log-prob and gradients of the new state, tree depth within maxTreeDepth, array-of-parts states${mode}`, (t) => {
    assertNoLeak(t, () => {
      // Two parts: a of shape [chains] and b of shape [chains, 2], independent N(0, 1) and N(1, 4 I).
      const target = (a: tf.Tensor, b: tf.Tensor) =>
        tf.tidy(() => tf.add(tf.mul(-0.5, tf.square(a)), tf.mul(-0.125, tf.sum(tf.square(tf.sub(b, 1)), 1))));
      const mass = tf.tensor1d([4, 4]);
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: target, stepSize: [0.4, 0.8], maxTreeDepth: 2, inverseMassDiagonal: [1, mass]});
      const x0 = [tf.tensor1d([0.3, -0.4, 1]), tf.tensor2d([[1, 0], [2, 1], [0, 3]])];
      const r0 = kernel.bootstrapResults(x0);
      const [x1, r1] = kernel.oneStep(x0, r0, 4);
      tf.tidy(() => {
        t.deepEqual(x1.map((p) => p.shape), [[3], [3, 2]]);
        // float32: the same ops on the same state (atol 1e-5).
        assertClose(t, r1.targetLogProb.dataSync(), target(x1[0], x1[1]).dataSync(), {atol: 1e-5}, 'targetLogProb');
        assertClose(t, r1.gradsTargetLogProb[0].dataSync(), tf.neg(x1[0]).dataSync(), {atol: 1e-5}, 'grad a = -a');
        assertClose(t, r1.gradsTargetLogProb[1].dataSync(), tf.mul(-0.25, tf.sub(x1[1], 1)).dataSync(), {atol: 1e-5}, 'grad b = -(b - 1) / 4');
        const depth = r1.treeDepth.dataSync();
        const leapfrogs = r1.leapfrogsTaken.dataSync();
        const atMax = r1.reachMaxDepth.dataSync();
        for (let c = 0; c < 3; c++) {
          t.true(depth[c] <= 2, `depth ${depth[c]}`);
          t.is(atMax[c] === 1, depth[c] === 2, 'reachMaxDepth is treeDepth == maxTreeDepth');
          t.true(leapfrogs[c] >= 2 ** depth[c] - 1 && leapfrogs[c] <= 3, `leapfrogs ${leapfrogs[c]} at depth ${depth[c]}`);
        }
        // h = 0.4 on sd 1 needs ~8 leapfrogs to turn, more than depth 2 allows: some chain stops at the limit.
        t.true(Array.from(atMax).some((v) => v === 1), 'a chain reached maxTreeDepth');
        t.deepEqual([r1.isAccepted.dtype, r1.hasDivergence.dtype, r1.treeDepth.dtype], ['bool', 'bool', 'int32']);
        // The energy is H = -log p + K >= -log p (K >= 0) at the new state.
        const energy = r1.energy.dataSync();
        const lp = r1.targetLogProb.dataSync();
        for (let c = 0; c < 3; c++) t.true(energy[c] >= -lp[c] - 1e-5, `energy ${energy[c]} vs -log p ${-lp[c]}`);
      });
      tf.dispose([x0, r0, x1, r1, mass]);
    });
  });

  test(`unrollLeapfrogSteps: every tree leaf is that many leapfrog steps${mode}`, (t) => {
    assertNoLeak(t, () => {
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 0.3, unrollLeapfrogSteps: 3});
      const x0 = tf.tensor2d([[0.5], [-1], [1.5], [0]]);
      const {states, trace, finalKernelResults} = sampleChain({
        numResults: 10,
        currentState: x0,
        kernel,
        seed: 12,
        traceFn: (_s, r) => ({leapfrogs: r.leapfrogsTaken, depth: r.treeDepth}),
      });
      const n = trace.leapfrogs.dataSync();
      const d = trace.depth.dataSync();
      t.true(n.every((v) => v % 3 === 0 && v > 0), `leapfrogs ${Array.from(n)}`);
      // `depth` kept doublings: 3 (2^depth - 1) leapfrogs kept, plus at most 3 * 2^depth discarded.
      for (let i = 0; i < d.length; i++) t.true(n[i] >= 3 * (2 ** d[i] - 1) && n[i] <= 3 * (2 ** (d[i] + 1) - 1));
      tf.dispose([x0, states, trace, finalKernelResults]);
    });
  });

  test(`no tensor leak over 500 NUTS steps${mode}`, (t) => {
    const x0 = tf.tensor2d([[0.5]]);
    assertNoLeak(t, () => {
      // maxTreeDepth 2: at most 3 leaves per step, with an inner merge of two leaves and the outer merge.
      const kernel = new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 1.3, maxTreeDepth: 2});
      const {states, finalKernelResults} = sampleChain({numResults: 500, currentState: x0, kernel, seed: 2});
      tf.dispose([states, finalKernelResults]);
    });
    x0.dispose();
  });

  test(`dual averaging drives the NUTS acceptance statistic to its target${mode}`, (t) => {
    assertNoLeak(t, () => {
      const kernel = new DualAveragingStepSizeAdaptation({
        innerKernel: new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 0.3}),
        numAdaptationSteps: 60,
        targetAcceptProb: 0.8,
      });
      const x0 = tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 8), [8, 1]));
      const {states, trace, finalKernelResults} = sampleChain({
        numResults: 60,
        numBurninSteps: 60,
        currentState: x0,
        kernel,
        seed: 6,
        traceFn: (_s, r) => ({accept: tf.exp(r.innerResults.logAcceptRatio), stepSize: r.newStepSize[0]}),
      });
      tf.tidy(() => {
        // 480 per-chain statistics in [0, 1] with sd ~0.15 and little autocorrelation: the mean is
        // within ~4 se (0.03) of 0.8, plus the dual-averaging bias of a 60-step adaptation (~0.05).
        const accept = tf.mean(trace.accept).dataSync()[0];
        t.true(Math.abs(accept - 0.8) < 0.1, `mean acceptance ${accept}`);
        const h = trace.stepSize.dataSync();
        t.true(h[0] > 0.6 && h[0] === h[h.length - 1], `the adapted step ${h[0]} grew from 0.3 and froze`);
      });
      tf.dispose([x0, states, trace, finalKernelResults]);
    });
  });

  test(`SimpleStepSizeAdaptation reads and writes the NUTS step size (grows 1 % per step at acceptance ~1)${mode}`, (t) => {
    assertNoLeak(t, () => {
      // h = 0.01 on N(0, 1): the acceptance statistic is 1 - O(1e-5) > 0.75 at every step, so the
      // step after k adapted steps is exactly 0.01 * 1.01^k (float32 products: rtol 1e-5).
      const kernel = new SimpleStepSizeAdaptation({
        innerKernel: new NoUTurnSampler({compileTarget, targetLogProbFn: standardNormal, stepSize: 0.01, maxTreeDepth: 2}),
        numAdaptationSteps: 4,
      });
      const x0 = tf.tensor2d([[0.3], [-0.8]]);
      const {states, trace, finalKernelResults} = sampleChain({
        numResults: 6,
        currentState: x0,
        kernel,
        seed: 3,
        traceFn: (_s, r) => ({next: r.newStepSize[0], used: r.innerResults.stepSize[0]}),
      });
      const expected = [1, 2, 3, 4, 4, 4].map((k) => 0.01 * 1.01 ** k);
      assertClose(t, trace.next.dataSync(), expected, {rtol: 1e-5}, 'adapted step sizes');
      // The kernel ran each step with the previous step's adapted size.
      assertClose(t, trace.used.dataSync(), [0.01, ...expected.slice(0, 5)], {rtol: 1e-5}, 'step sizes used');
      tf.dispose([x0, states, trace, finalKernelResults]);
    });
  });
}

test('bad options and inputs give clear errors', (t) => {
  const make = (o: object) => () => new NoUTurnSampler({targetLogProbFn: standardNormal, stepSize: 0.1, ...o});
  t.throws(make({stepSize: 0}), {message: /NoUTurnSampler: stepSize must be a finite positive number; received 0/});
  t.throws(make({stepSize: -0.5}), {message: /NoUTurnSampler: stepSize must be a finite positive number; received -0.5/});
  t.throws(make({stepSize: NaN}), {message: /stepSize must be a finite positive number; received NaN/});
  t.throws(make({maxTreeDepth: 0}), {message: /NoUTurnSampler: maxTreeDepth must be an integer in \[1, 30\]; received 0/});
  t.throws(make({maxTreeDepth: 2.5}), {message: /maxTreeDepth must be an integer in \[1, 30\]; received 2.5/});
  t.throws(make({unrollLeapfrogSteps: 0}), {message: /unrollLeapfrogSteps must be a positive integer; received 0/});
  t.throws(make({maxEnergyDiff: -1}), {message: /maxEnergyDiff must be a positive number; received -1/});
  t.throws(make({inverseMassDiagonal: 0}), {message: /NoUTurnSampler: inverseMassDiagonal must be a finite positive number; received 0/});
  t.throws(() => new NoUTurnSampler({stepSize: 0.1} as never), {message: /NoUTurnSampler: targetLogProbFn must be a function/});
  assertNoLeak(t, () => {
    const kernel = new NoUTurnSampler({targetLogProbFn: standardNormal, stepSize: 0.1});
    const bad = tf.tensor2d([[0], [NaN]]);
    t.throws(() => kernel.bootstrapResults(bad), {message: /NoUTurnSampler: initial state part 0 \(shape \[2,1\]\) holds NaN at flat index 1/});
    const x = tf.zeros([4, 2]);
    const wrongShape = new NoUTurnSampler({targetLogProbFn: (y: tf.Tensor) => tf.sum(y, 0), stepSize: 0.1});
    t.throws(() => wrongShape.bootstrapResults(x), {message: /NoUTurnSampler: targetLogProbFn returned shape \[2\] for state part 0 of shape \[4,2\]/});
    const wrongMass = new NoUTurnSampler({targetLogProbFn: standardNormal, stepSize: 0.1, inverseMassDiagonal: tf.ones([3])});
    t.throws(() => wrongMass.bootstrapResults(x), {message: /NoUTurnSampler: inverseMassDiagonal has shape \[3\], which does not broadcast against state part 0 of shape \[4,2\]/});
    tf.dispose([bad, x, wrongMass.inverseMassDiagonal as tf.Tensor[]]);
  });
});

test('compileTarget: a target whose computation depends on its values through JavaScript is rejected at the first step, naming the cause', (t) => {
  assertNoLeak(t, () => {
    // The branch on dataSync() bakes one side into a trace: the compiler retraces at other inputs and refuses.
    const branchy = (x: tf.Tensor) => (x.dataSync()[0] > 0 ? standardNormal(x) : tf.mul(standardNormal(x), 2));
    const kernel = new NoUTurnSampler({targetLogProbFn: branchy, stepSize: 0.5, compileTarget: true});
    const x0 = tf.tensor2d([[0.5], [1]]);
    const r0 = kernel.bootstrapResults(x0);
    t.throws(() => kernel.oneStep(x0, r0, 1), {
      message: /^NoUTurnSampler: compileTarget is set but targetLogProbFn cannot be compiled for state shapes \[2,1\]: .*reads tensor data in JavaScript.*compileTarget: false/,
    });
    tf.dispose([x0, r0]);
  });
});
