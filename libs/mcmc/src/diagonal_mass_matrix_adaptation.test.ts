import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import type {TransitionKernel} from './kernel';
import {DiagonalMassMatrixAdaptation, windowSchedule} from './diagonal_mass_matrix_adaptation';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {HamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
import {RandomWalkMetropolis} from './random_walk_metropolis';
import {sampleChain} from './sample_chain';
import type {State} from './internal/state';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

test("the windows are Stan's: 75 + 25, 50, 100, 200, 500 + 50 for 1000 steps; 15 % / 75 % / 10 % below 150", (t) => {
  const ends = (n: number) => windowSchedule(n).windowEnds;
  const collected = (n: number) => {
    const c = windowSchedule(n).collect;
    return [c.indexOf(true), c.lastIndexOf(true), c.filter(Boolean).length];
  };
  // Stan's reference manual: for 1000 warm-up iterations the slow windows are 25, 50, 100, 200 and
  // 500 iterations after a 75-iteration initial buffer, followed by a 50-iteration terminal buffer.
  t.deepEqual(ends(1000), [99, 149, 249, 449, 949]);
  t.deepEqual(collected(1000), [75, 949, 875]);
  // 150 = 75 + 25 + 50: one window. 200: the second window (50) ends where the terminal buffer starts.
  t.deepEqual(ends(150), [99]);
  t.deepEqual(ends(200), [99, 149]);
  // 500: windows 25, 50, 100, then the 200 that reaches the terminal buffer.
  t.deepEqual(ends(500), [99, 149, 249, 449]);
  // 100 < 150: init 15, terminal 10, one window of 75.
  t.deepEqual(ends(100), [89]);
  t.deepEqual(collected(100), [15, 89, 75]);
  // Fewer than 20 steps: no adaptation.
  t.deepEqual(ends(19), []);
  t.deepEqual(collected(19), [-1, -1, 0]);
  // Custom buffers 5 / 5 / 10 on 40 steps: windows 5..14 and 15..34.
  t.deepEqual(windowSchedule(40, 5, 5, 10).windowEnds, [14, 34]);
});

/**
 * A deterministic test kernel: the state after step k is `draws[k]`; its results record the inverse
 * mass it was handed, so the test sees what the wrapper set.
 */
class ReplayKernel implements TransitionKernel<{targetLogProb: tf.Tensor; inverseMassDiagonal: tf.Tensor[]; seen: tf.Tensor}> {
  readonly isCalibrated = true;
  constructor(private readonly draws: number[][][]) {}
  bootstrapResults(initState: State) {
    const x = initState as tf.Tensor;
    return {targetLogProb: tf.zeros([x.shape[0]]), inverseMassDiagonal: [tf.ones(x.shape.slice(1))], seen: tf.ones(x.shape.slice(1))};
  }
  oneStep<S extends State>(_s: S, previous: {targetLogProb: tf.Tensor; inverseMassDiagonal: tf.Tensor[]; seen: tf.Tensor}) {
    const k = Math.round(previous.targetLogProb.dataSync()[0]);
    const next = tf.tensor2d(this.draws[k]) as unknown as S;
    return [
      next,
      {
        targetLogProb: tf.fill(previous.targetLogProb.shape, k + 1),
        inverseMassDiagonal: previous.inverseMassDiagonal.map((m) => tf.clone(m)),
        seen: tf.clone(previous.inverseMassDiagonal[0]),
      },
    ] as [S, {targetLogProb: tf.Tensor; inverseMassDiagonal: tf.Tensor[]; seen: tf.Tensor}];
  }
}

test('at each window end the inverse mass is the regularised variance of the window draws, pooled over chains', (t) => {
  // 40 steps, 3 chains, 2 coordinates; windows (initialBuffer 5, terminalBuffer 5, baseWindow 10):
  // draws 5..14 end a window after step 14, draws 15..34 after step 34.
  const numSteps = 40;
  const draws: number[][][] = [];
  let u = 0.3;
  const next = () => (u = (u * 9301 + 49297) % 233280) / 233280;
  for (let k = 0; k < numSteps; k++) draws.push([0, 1, 2].map((c) => [next() * 4 - 2 + c, (next() - 0.5) * 100]));
  const hookSteps: number[] = [];
  assertNoLeak(t, () => {
    const kernel = new DiagonalMassMatrixAdaptation({
      innerKernel: new ReplayKernel(draws),
      numAdaptationSteps: numSteps,
      initialBuffer: 5,
      terminalBuffer: 5,
      baseWindow: 10,
      onWindowEnd: (inner, info) => {
        hookSteps.push(info.step);
        return inner;
      },
    });
    const x0 = tf.zeros([3, 2]);
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: numSteps,
      currentState: x0,
      kernel,
      traceFn: (_s, r) => r.innerResults.seen,
    });
    // Stan's regularisation, in float64: (n / (n + 5)) s^2 + 1e-3 (5 / (n + 5)), s^2 with n - 1.
    const expected = (from: number, to: number) =>
      [0, 1].map((j) => {
        const xs = draws.slice(from, to + 1).flatMap((d) => d.map((row) => row[j]));
        const n = xs.length;
        const m = xs.reduce((a, b) => a + b, 0) / n;
        const s2 = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
        return (n / (n + 5)) * s2 + 1e-3 * (5 / (n + 5));
      });
    const seen = trace.arraySync() as number[][];
    // The step after a window end sees the new mass (float32 Welford over <= 60 draws: rtol 1e-5).
    t.deepEqual(seen[14], [1, 1]);
    assertClose(t, seen[15], expected(5, 14), {rtol: 1e-5}, 'first window');
    assertClose(t, seen[34], expected(5, 14), {rtol: 1e-5}, 'kept until the next window end');
    assertClose(t, seen[35], expected(15, 34), {rtol: 1e-5}, 'second window (restarted estimator)');
    assertClose(t, seen[39], expected(15, 34), {rtol: 1e-5}, 'terminal buffer');
    t.deepEqual(hookSteps, [15, 35]);
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

test('an inner kernel without an inverse mass is a clear error; bad schedules too', (t) => {
  const rwm = new RandomWalkMetropolis({targetLogProbFn: (x: tf.Tensor) => tf.neg(tf.sum(tf.square(x), 1))});
  assertNoLeak(t, () => {
    const x = tf.zeros([2, 1]);
    const kernel = new DiagonalMassMatrixAdaptation({innerKernel: rwm, numAdaptationSteps: 100});
    t.throws(() => kernel.bootstrapResults(x), {message: /DiagonalMassMatrixAdaptation: the inner kernel's results have no inverseMassDiagonal/});
    x.dispose();
  });
  t.throws(() => new DiagonalMassMatrixAdaptation({innerKernel: rwm, numAdaptationSteps: -1}), {
    message: /DiagonalMassMatrixAdaptation: numAdaptationSteps must be an integer >= 0; received -1/,
  });
  t.throws(() => new DiagonalMassMatrixAdaptation({innerKernel: rwm, numAdaptationSteps: 10, baseWindow: 0}), {
    message: /baseWindow must be an integer >= 1; received 0/,
  });
  t.throws(() => new DiagonalMassMatrixAdaptation({innerKernel: {} as never, numAdaptationSteps: 10}), {
    message: /DiagonalMassMatrixAdaptation: innerKernel must be a TransitionKernel/,
  });
});

/** N(0, diag(scales^2)) with scales 0.01, 0.1, 1, 10, 100; state [chains, 5]. */
const scales = [0.01, 0.1, 1, 10, 100];
const illConditioned = (x: tf.Tensor) =>
  tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.square(x), tf.tensor1d(scales.map((s) => 1 / s ** 2))), 1)));

test('on scales 0.01..100, the adapted mass learns the variances and NUTS trees get shallow', (t) => {
  assertNoLeak(t, () => {
    // Windows: 10 initial steps, slow windows of 20 (unit mass) and 40 (first estimate) steps, a
    // 20-step terminal buffer for the step size, then 20 kept draws.
    const numAdaptationSteps = 90;
    const nuts = new NoUTurnSampler({targetLogProbFn: illConditioned, stepSize: 0.01, maxTreeDepth: 5});
    const dualAveraging = new DualAveragingStepSizeAdaptation({innerKernel: nuts, numAdaptationSteps, targetAcceptProb: 0.8});
    const kernel = new DiagonalMassMatrixAdaptation({
      innerKernel: dualAveraging,
      numAdaptationSteps,
      initialBuffer: 10,
      baseWindow: 20,
      terminalBuffer: 20,
      // Stan restarts dual averaging (towards 10 times the current step) after every new mass.
      onWindowEnd: (inner) => dualAveraging.restartResults(inner),
    });
    // 32 chains started over-dispersed around the mode, U(-2, 2) times each coordinate's scale
    // (a rough scale guess, as from a prior), so that two short windows can see the spread.
    const x0 = tf.tidy(() => tf.mul(tf.randomUniform([32, 5], -2, 2, 'float32', 9), tf.tensor1d(scales)));
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: numAdaptationSteps + 20,
      currentState: x0,
      kernel,
      seed: 17,
      traceFn: (_s, r) => ({depth: r.innerResults.innerResults.treeDepth}),
    });
    tf.tidy(() => {
      const depth = trace.depth.arraySync() as number[][];
      const meanDepth = (from: number, to: number) => depth.slice(from, to).flat().reduce((a, b) => a + b, 0) / ((to - from) * 32);
      const before = meanDepth(10, 30);
      const after = meanDepth(90, 110);
      // Unit mass: the step must resolve sd 0.01, so trajectories hit the depth limit of 5.
      t.true(before > 4.5, `mean tree depth with unit mass ${before}`);
      t.true(after < 3.5, `mean tree depth after adaptation ${after}`);
      // The second window pools 40 steps x 32 chains; with within-chain autocorrelation the
      // variance estimate of each coordinate rests on >= ~100 effective draws: relative se
      // sqrt(2 / 100) ~ 0.14, so the learned m must be within a factor 1.8 (~4 se in log) of sd^2.
      const m = finalKernelResults.innerResults.innerResults.inverseMassDiagonal[0].dataSync();
      t.log(`mean tree depth ${before} -> ${after}; learned inverse mass [${Array.from(m).map((v) => v.toPrecision(3))}]`);
      for (let j = 0; j < 5; j++) {
        const ratio = m[j] / scales[j] ** 2;
        t.true(ratio > 1 / 1.8 && ratio < 1.8, `coordinate ${j}: learned ${m[j]} vs variance ${scales[j] ** 2}`);
      }
    });
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

test('wraps HamiltonianMonteCarlo too: the mass reaches the proposal kernel through the Metropolis-Hastings results', (t) => {
  assertNoLeak(t, () => {
    // N(0, diag(0.04, 9)); one window (init 10, 40 steps, terminal 10) of 64 chains x 40 draws.
    // h = 0.5 is beyond the stability limit 2 sd = 0.4 of the first coordinate under unit mass, and
    // well within it once m = the variances: HMC accepts only after the window end at step 50.
    const variances = [0.04, 9];
    const target = (x: tf.Tensor) =>
      tf.tidy(() => tf.mul(-0.5, tf.sum(tf.mul(tf.square(x), tf.tensor1d(variances.map((v) => 1 / v))), 1)));
    const kernel = new DiagonalMassMatrixAdaptation({
      innerKernel: new HamiltonianMonteCarlo({targetLogProbFn: target, stepSize: 0.5, numLeapfrogSteps: 4}),
      numAdaptationSteps: 60,
      initialBuffer: 10,
      baseWindow: 40,
      terminalBuffer: 10,
    });
    const x0 = tf.tidy(() => tf.mul(tf.randomNormal([64, 2], 0, 1, 'float32', 3), tf.tensor1d([0.2, 3])));
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 60,
      currentState: x0,
      kernel,
      seed: 23,
      traceFn: (_s, r) => r.innerResults.isAccepted,
    });
    const accepted = trace.arraySync() as number[][];
    const rate = (from: number, to: number) => accepted.slice(from, to).flat().filter((v) => v !== 0).length / ((to - from) * 64);
    t.true(rate(0, 50) < 0.1, `acceptance with unit mass ${rate(0, 50)}`);
    t.true(rate(50, 60) > 0.6, `acceptance with the learned mass ${rate(50, 60)}`);
    const m = finalKernelResults.innerResults.acceptedResults.inverseMassDiagonal[0].dataSync();
    // The 64 chains start at exact draws and barely move before step 50, so the window holds >= 64
    // independent draws per coordinate: relative se <= sqrt(2 / 64) ~ 0.18; a factor 1.8 is > 3 se in log.
    for (let j = 0; j < 2; j++) {
      const ratio = m[j] / variances[j];
      t.true(ratio > 1 / 1.8 && ratio < 1.8, `coordinate ${j}: learned ${m[j]} vs variance ${variances[j]}`);
    }
    tf.dispose([x0, states, trace, finalKernelResults]);
  });
});

test('a state of several parts gets one inverse mass per part, shaped like its event', (t) => {
  assertNoLeak(t, () => {
    // a ~ N(0, 0.25) of shape [chains], b ~ N(0, diag(1, 4, 9)) of shape [chains, 3].
    const target = (a: tf.Tensor, b: tf.Tensor) =>
      tf.tidy(() => tf.add(tf.mul(-2, tf.square(a)), tf.mul(-0.5, tf.sum(tf.mul(tf.square(b), tf.tensor1d([1, 1 / 4, 1 / 9])), 1))));
    const kernel = new DiagonalMassMatrixAdaptation({
      innerKernel: new NoUTurnSampler({targetLogProbFn: target, stepSize: 0.3}),
      numAdaptationSteps: 30,
      initialBuffer: 5,
      baseWindow: 20,
      terminalBuffer: 5,
    });
    const x0 = tf.tidy(() => [tf.mul(tf.randomNormal([32], 0, 1, 'float32', 1), 0.5), tf.mul(tf.randomNormal([32, 3], 0, 1, 'float32', 2), tf.tensor1d([1, 2, 3]))]);
    const {states, finalKernelResults} = sampleChain({numResults: 30, currentState: x0, kernel, seed: 29});
    const m = finalKernelResults.innerResults.inverseMassDiagonal;
    t.deepEqual(m.map((x) => x.shape), [[], [3]]);
    // 20 steps x 32 chains from exact draws: >= 32 effective draws per coordinate even before
    // mixing, relative se <= 0.25; a factor 2.2 is > 3 se in log.
    const learned = [m[0].dataSync()[0], ...Array.from(m[1].dataSync())];
    [0.25, 1, 4, 9].forEach((v, j) => t.true(learned[j] / v > 1 / 2.2 && learned[j] / v < 2.2, `coordinate ${j}: ${learned[j]} vs ${v}`));
    tf.dispose([x0, states, finalKernelResults]);
  });
});
