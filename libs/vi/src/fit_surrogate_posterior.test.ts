import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from '@tfjs-probability/distributions';
import {convergenceCriteria} from '@tfjs-probability/optimizer';
import {buildAffineSurrogatePosterior} from './build_affine_surrogate_posterior';
import {buildFactoredSurrogatePosterior} from './build_factored_surrogate_posterior';
import {klForward} from './csiszar_functions';
import {DeferredDistribution} from './deferred_distribution';
import {fitSurrogatePosterior} from './fit_surrogate_posterior';
import type {TargetLogProbFn} from './monte_carlo_variational_loss';
import type {SurrogatePosterior} from './surrogate_posterior';
import {meanAndSe} from './internal/testing';
import {bimodalLogProb, gaussian2d, normalNormalModel} from './internal/models';

test.before(async () => {
  await init();
});

/** Mean and spread of the last `k` rows of a traced [steps, ...] tensor, per trailing element. */
function tail(trace: tf.Tensor, k: number): {mean: number[]; sd: number[]} {
  const rows = tf.tidy(() => trace.reshape([trace.shape[0], -1]).arraySync() as number[][]).slice(-k);
  const n = rows[0].length;
  const mean = Array.from({length: n}, (_, j) => rows.reduce((a, r) => a + r[j], 0) / rows.length);
  const sd = mean.map((m, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - m) ** 2, 0) / (rows.length - 1)));
  return {mean, sd};
}

/**
 * Two phases: Adam to get there, then plain SGD with a small step to settle, tracing `traceFn`.
 * Constant-step SGD jitters around the optimum with a spread that shrinks with the step; Adam's
 * noise normalisation would shift its resting point where the gradient noise depends on the scale.
 */
function fitTwoPhases(
  options: {targetLogProbFn: TargetLogProbFn; surrogatePosterior: SurrogatePosterior<tf.Tensor>; sampleSize: number; seed: number},
  steps: [number, number],
): void {
  const fast = tf.train.adam(0.1);
  const slow = tf.train.sgd(0.01);
  const seed = options.seed + 1;
  tf.dispose([
    fitSurrogatePosterior({...options, optimizer: fast, numSteps: steps[0]}),
    fitSurrogatePosterior({...options, seed, optimizer: slow, numSteps: steps[1]}),
  ]);
  fast.dispose();
  slow.dispose();
}

/** Mean over replicas and its standard error (sd across the independent replicas / sqrt(B)). */
function acrossReplicas(values: number[]): {mean: number; se: number; sd: number} {
  const {mean, se} = meanAndSe(values);
  return {mean, se, sd: se * Math.sqrt(values.length)};
}

const B = 16;

test('mean-field VI recovers the exact normal-normal posterior (16 independent replicas: loc, scale within 5 se)', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  // Start at N(0, 1) in unconstrained space (TFP's default 1e-2 scale needs many more steps to open up).
  const q = buildFactoredSurrogatePosterior({eventShape: [], batchShape: [B], initialUnconstrainedLoc: 0, initialUnconstrainedScale: 1});
  fitTwoPhases({targetLogProbFn, surrogatePosterior: q, sampleSize: 20, seed: 2}, [80, 120]);
  const loc = acrossReplicas(Array.from(tf.tidy(() => q.mean().dataSync())));
  const scale = acrossReplicas(Array.from(tf.tidy(() => q.stddev().dataSync())));
  t.log(`loc ${loc.mean} +- ${loc.se} (replica sd ${loc.sd}) vs ${posterior.mean}; scale ${scale.mean} +- ${scale.se} (${scale.sd}) vs ${posterior.sd}`);
  // Each replica ends at a draw from SGD's stationary spread around the optimum, which for the exact
  // family is the posterior itself; the replica mean is within 5 standard errors of it.
  t.true(Math.abs(loc.mean - posterior.mean) < 5 * loc.se, 'loc');
  t.true(Math.abs(scale.mean - posterior.sd) < 5 * scale.se, 'scale');
  t.true(loc.sd < 0.05 && scale.sd < 0.05, 'replica spreads keep the test sharp');
  q.dispose();
});

test('full-rank VI recovers a correlated 2-d Gaussian posterior covariance; mean-field gets 1 / precision_ii', (t) => {
  const cov: [[number, number], [number, number]] = [[1, 0.8], [0.8, 1]];
  const {targetLogProbFn, precision} = gaussian2d([1, -1], cov);
  for (const operators of ['tril', 'diag'] as const) {
    const q = buildAffineSurrogatePosterior({eventShape: [2], operators, batchShape: [B], initialUnconstrainedLoc: [0, 0], initialUnconstrainedScale: 0.5});
    fitTwoPhases({targetLogProbFn, surrogatePosterior: q, sampleSize: 20, seed: 4}, [120, 120]);
    const means = tf.tidy(() => q.mean().arraySync() as number[][]);
    const covs = tf.tidy(() => q.covariance().reshape([B, 4]).arraySync() as number[][]);
    const expectedCov = operators === 'tril' ? [1, 0.8, 0.8, 1] : [1 / precision[0][0], 0, 0, 1 / precision[1][1]];
    [1, -1].forEach((m, i) => {
      const r = acrossReplicas(means.map((row) => row[i]));
      t.true(Math.abs(r.mean - m) < 5 * r.se, `${operators} mean[${i}] ${r.mean} +- ${r.se}, exact ${m}`);
    });
    expectedCov.forEach((v, i) => {
      const r = acrossReplicas(covs.map((row) => row[i]));
      t.log(`${operators} cov[${i}] ${r.mean} +- ${r.se} (replica sd ${r.sd}), exact ${v}`);
      t.true(Math.abs(r.mean - v) < 5 * r.se + 1e-6, `${operators} cov[${i}]`);
      t.true(r.sd < 0.1, `${operators} cov[${i}] replica spread ${r.sd}`);
    });
    q.dispose();
  }
});

test('reverse KL is mode-seeking and forward KL mass-covering on a bimodal target', (t) => {
  const fitTo = (start: [number, number], discrepancyFn?: (l: tf.Tensor) => tf.Tensor) => {
    const q = buildFactoredSurrogatePosterior({eventShape: [], initialUnconstrainedLoc: start[0], initialUnconstrainedScale: start[1]});
    const opt = tf.train.adam(0.1);
    const trace = fitSurrogatePosterior({
      targetLogProbFn: bimodalLogProb,
      surrogatePosterior: q,
      optimizer: opt,
      numSteps: 150,
      sampleSize: 100,
      discrepancyFn,
      seed: 6,
      traceFn: (qs) => ({loc: qs.parameters[0], scale: tf.softplus(qs.parameters[1])}),
    });
    const out = {loc: tail(trace.loc, 75).mean[0], scale: tail(trace.scale, 75).mean[0]};
    tf.dispose(Object.values(trace));
    opt.dispose();
    q.dispose();
    return out;
  };
  const reverse = fitTo([2, 1.5]);
  // KL(q || p): q locks onto the mode it starts nearest, N(3, ~1).
  t.true(Math.abs(reverse.loc - 3) < 0.2 && Math.abs(reverse.scale - 1) < 0.15, `reverse: loc ${reverse.loc}, scale ${reverse.scale}`);
  // KL(p || q) over normals is minimised by moment matching: mean 0, variance 1 + 9 = 10.
  t.log(`reverse KL fit: loc ${reverse.loc}, scale ${reverse.scale}`);
  // The forward-KL estimator draws from q, so it sees p's mass only where q has some: start wide.
  const forward = fitTo([0.5, 4], (l) => klForward(l, {selfNormalized: true}));
  t.log(`forward KL fit: loc ${forward.loc}, scale ${forward.scale}`);
  t.true(Math.abs(forward.loc) < 0.5 && Math.abs(forward.scale - Math.sqrt(10)) < 0.5, `forward: loc ${forward.loc}, scale ${forward.scale}`);
});

test('the loss decreases, a convergence criterion stops early, and the same seed reproduces the trace', (t) => {
  const {targetLogProbFn} = normalNormalModel();
  const run = (criterion?: convergenceCriteria.ConvergenceCriterion) => {
    const q = buildFactoredSurrogatePosterior({eventShape: [], seed: 7});
    const opt = tf.train.adam(0.05);
    const trace = fitSurrogatePosterior({
      targetLogProbFn,
      surrogatePosterior: q,
      optimizer: opt,
      numSteps: 120,
      sampleSize: 10,
      seed: 8,
      convergenceCriterion: criterion,
      traceFn: (qs) => ({loss: qs.loss, hasConverged: tf.cast(qs.hasConverged, 'float32')}),
    });
    const out = {loss: Array.from(trace.loss.dataSync()), converged: Array.from(trace.hasConverged.dataSync())};
    tf.dispose(Object.values(trace));
    opt.dispose();
    q.dispose();
    return out;
  };
  const a = run();
  const b = run();
  t.is(a.loss.length, 120);
  t.deepEqual(a.loss, b.loss, 'same seed, same trace');
  const first = meanAndSe(a.loss.slice(0, 20));
  const last = meanAndSe(a.loss.slice(-40));
  // From scale 1e-2 at a random loc the negative ELBO starts far above its minimum, -log p(y) + 0.
  t.true(first.mean > last.mean + 10 * (first.se + last.se), `loss ${first.mean} -> ${last.mean}`);
  const stopped = run(new convergenceCriteria.LossNotDecreasing({atol: 0.05, windowSize: 10, minNumSteps: 30}));
  t.log(`LossNotDecreasing stopped after ${stopped.loss.length} of 120 steps`);
  t.true(stopped.loss.length >= 30 && stopped.loss.length < 120, `stopped after ${stopped.loss.length} steps`);
  t.is(stopped.converged[stopped.converged.length - 1], 1);
  t.deepEqual(stopped.converged.slice(0, -1).filter((c) => c === 1), [], 'only the last step is converged');
  t.deepEqual(stopped.loss, a.loss.slice(0, stopped.loss.length), 'the criterion only stops, it does not change the path');
});

test('no tensor leak over many steps; memory does not grow with numSteps', (t) => {
  const {targetLogProbFn} = normalNormalModel();
  const before = tf.memory().numTensors;
  const q = buildAffineSurrogatePosterior({eventShape: [3], operators: 'tril', seed: 1});
  const opt = tf.train.adam(0.01);
  const target = (z: tf.Tensor) => targetLogProbFn(tf.sum(z, -1));
  const t1 = fitSurrogatePosterior({targetLogProbFn: target, surrogatePosterior: q, optimizer: opt, numSteps: 20, sampleSize: 4});
  t1.dispose();
  const afterFirst = tf.memory().numTensors;
  const t2 = fitSurrogatePosterior({
    targetLogProbFn: target,
    surrogatePosterior: q,
    optimizer: opt,
    numSteps: 100,
    sampleSize: 4,
    convergenceCriterion: new convergenceCriteria.SuccessiveGradientsAreUncorrelated({minNumSteps: 1000}),
  });
  t.deepEqual(t2.shape, [100]);
  t2.dispose();
  t.is(tf.memory().numTensors, afterFirst, '100 more steps (with a criterion) add no tensors');
  opt.dispose();
  q.dispose();
  t.is(tf.memory().numTensors, before, 'everything freed with the optimizer and the surrogate');
});

test('bad input: sample size, steps, optimizer, surrogates without variables, targets of the wrong shape', (t) => {
  const {targetLogProbFn} = normalNormalModel();
  const q = buildFactoredSurrogatePosterior({eventShape: [], initialUnconstrainedLoc: 0.5});
  const opt = tf.train.adam(0.1);
  const base = {targetLogProbFn, surrogatePosterior: q, optimizer: opt, numSteps: 5};
  const before = tf.memory().numTensors;
  t.throws(() => fitSurrogatePosterior({...base, sampleSize: 0}), {message: /monteCarloVariationalLoss: sampleSize must be a positive integer; received 0/});
  t.throws(() => fitSurrogatePosterior({...base, sampleSize: 1.5}), {message: /sampleSize must be a positive integer; received 1.5/});
  t.throws(() => fitSurrogatePosterior({...base, numSteps: -3}), {message: /fitSurrogatePosterior: numSteps must be a positive integer; received -3/});
  t.throws(() => fitSurrogatePosterior({...base, optimizer: {} as tf.Optimizer}), {message: /fitSurrogatePosterior: optimizer must be a tf.Optimizer/});
  const fixed = new Normal({loc: 0, scale: 1});
  t.throws(() => fitSurrogatePosterior({...base, surrogatePosterior: fixed}), {message: /fitSurrogatePosterior: the surrogatePosterior has no trainable variables/});
  fixed.dispose();
  t.throws(() => fitSurrogatePosterior({...base, targetLogProbFn: (mu: tf.Tensor) => tf.sum(targetLogProbFn(mu))}), {
    message: /targetLogProbFn returned shape \[\] for samples of sample shape \[1\]; expected one log density per draw, shape \[1\]/,
  });
  t.is(tf.memory().numTensors, before, 'failed fits leave nothing allocated');
  t.is(q.trainableVariables[0].dataSync()[0], 0.5, 'a failed fit does not move the variables');
  const frozen = tf.tidy(() => tf.variable(tf.scalar(0), false));
  t.throws(() => fitSurrogatePosterior({...base, trainableVariables: [frozen]}), {message: /trainableVariables\[0\] must be a live, trainable tf.Variable/});
  frozen.dispose();
  t.throws(
    () => fitSurrogatePosterior({...base, traceFn: () => 3 as unknown as tf.Tensor}),
    {message: /fitSurrogatePosterior: traceFn must return a tensor, or an array or object of tensors; received 3/},
  );
  opt.dispose();
  q.dispose();
});

test('explicit trainableVariables train a hand-built DeferredDistribution', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  const loc = tf.tidy(() => tf.variable(tf.scalar(0)));
  const q = new DeferredDistribution({build: () => new Normal({loc, scale: posterior.sd}), trainableVariables: [loc]});
  const opt = tf.train.adam(0.1);
  const trace = fitSurrogatePosterior({targetLogProbFn, surrogatePosterior: q, optimizer: opt, numSteps: 100, sampleSize: 20, seed: 3, trainableVariables: [loc]});
  t.true(Math.abs(loc.dataSync()[0] - posterior.mean) < 0.1, `loc ${loc.dataSync()[0]}, exact ${posterior.mean}`);
  trace.dispose();
  opt.dispose();
  q.dispose();
});

test('structured surrogates: array values reach the target as arguments, object values as one object', (t) => {
  const before = tf.memory().numTensors;
  // One optimizer per set of variables: tfjs's Adam keys its slots by position in the gradient list.
  const opt = tf.train.adam(0.05);
  const opt2 = tf.train.adam(0.05);
  const seen: string[] = [];
  const arrayQ = buildFactoredSurrogatePosterior({eventShape: [[], [2]], seed: 1});
  const arrayTrace = fitSurrogatePosterior({
    targetLogProbFn: (a: tf.Tensor, b: tf.Tensor) => {
      seen.push(`array ${a.shape} ${b.shape}`);
      return tf.add(new Normal({loc: 1, scale: 1}).logProb(a), tf.sum(new Normal({loc: 0, scale: 1}).logProb(b), -1));
    },
    surrogatePosterior: arrayQ,
    optimizer: opt,
    numSteps: 3,
    sampleSize: 5,
  });
  const objectQ = buildAffineSurrogatePosterior({eventShape: {a: [], b: [2]}, operators: 'tril', seed: 2});
  const objectTrace = fitSurrogatePosterior({
    targetLogProbFn: ({a, b}: {a: tf.Tensor; b: tf.Tensor}) => {
      seen.push(`object ${a.shape} ${b.shape}`);
      return tf.add(new Normal({loc: 1, scale: 1}).logProb(a), tf.sum(new Normal({loc: 0, scale: 1}).logProb(b), -1));
    },
    surrogatePosterior: objectQ,
    optimizer: opt2,
    numSteps: 3,
    sampleSize: 5,
  });
  // One validation call, then one per step.
  t.deepEqual(seen, [...Array(4).fill('array 5 5,2'), ...Array(4).fill('object 5 5,2')]);
  t.true([...arrayTrace.dataSync(), ...objectTrace.dataSync()].every(Number.isFinite));
  tf.dispose([arrayTrace, objectTrace]);
  opt.dispose();
  opt2.dispose();
  arrayQ.dispose();
  objectQ.dispose();
  t.is(tf.memory().numTensors, before, 'no leak');
});
