import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';

import {bfgsMinimize} from './bfgs';
import {lbfgsMinimize} from './lbfgs';
import {QuasiNewtonOptions, QuasiNewtonResults} from './quasi_newton';
import {beale, HIMMELBLAU_MINIMA, himmelblau, quadratic, rosenbrock, withGradient} from './test_problems';

test.before(async () => {
  await init();
});

const methods: Array<[string, (o: QuasiNewtonOptions) => QuasiNewtonResults]> =
    [['bfgsMinimize', bfgsMinimize], ['lbfgsMinimize', lbfgsMinimize]];

function summary(r: QuasiNewtonResults) {
  const out = {
    converged: Array.from(r.converged.dataSync()).map(Boolean),
    failed: Array.from(r.failed.dataSync()).map(Boolean),
    numIterations: r.numIterations.dataSync()[0],
    numObjectiveEvaluations: r.numObjectiveEvaluations.dataSync()[0],
    position: Array.from(r.position.dataSync()),
    value: Array.from(r.objectiveValue.dataSync()),
    gradient: Array.from(r.objectiveGradient.dataSync()),
  };
  tf.dispose(Object.values(r));
  return out;
}

for (const [name, minimize] of methods) {
  test(`${name}: Rosenbrock 2-D from (-1.2, 1) reaches (1, 1)`, (t) => {
    const before = tf.memory().numTensors;
    const r = summary(minimize({valueAndGradientsFunction: withGradient(rosenbrock), initialPosition: [-1.2, 1],
      tolerance: 1e-4, maxIterations: 200}));
    t.is(tf.memory().numTensors, before, 'no tensor leak');
    t.log(`${r.numIterations} iterations, ${r.numObjectiveEvaluations} evaluations, f = ${r.value[0].toExponential(2)}`);
    t.deepEqual(r.converged, [true]);
    t.deepEqual(r.failed, [false]);
    // The valley's curvature ratio (~2500) turns float32 gradient noise (~1e-5 at tolerance 1e-4) into <= 1e-3 in x.
    r.position.forEach(v => t.true(Math.abs(v - 1) < 2e-3, `position ${r.position}`));
    t.true(r.value[0] < 1e-6);
    t.true(Math.max(...r.gradient.map(Math.abs)) <= 1e-4);
    // scipy 1.10 (float64) from this start: BFGS 32 iterations / 39 evaluations, L-BFGS-B 36 / 44.
    t.true(r.numIterations >= 20 && r.numIterations <= 60, `iterations ${r.numIterations}`);
    t.true(r.numObjectiveEvaluations <= 80, `evaluations ${r.numObjectiveEvaluations}`);
  });

  test(`${name}: Rosenbrock 10-D from the origin`, (t) => {
    const r = summary(minimize({valueAndGradientsFunction: withGradient(rosenbrock), initialPosition: new Array(10).fill(0),
      tolerance: 1e-4, maxIterations: 500}));
    t.deepEqual(r.converged, [true]);
    r.position.forEach(v => t.true(Math.abs(v - 1) < 5e-3, `position ${r.position}`));
  });

  test(`${name}: a 3-D quadratic's minimiser A^-1 b exactly (to float32), in few iterations`, (t) => {
    const a = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
    const c = [1, -2, 0.5];
    const r = summary(minimize({valueAndGradientsFunction: withGradient(quadratic(a, c)), initialPosition: [0, 0, 0],
      tolerance: 1e-5}));
    t.deepEqual(r.converged, [true]);
    // Condition number ~3, so |x - c| <= |g| / lambda_min ~ 1e-5.
    r.position.forEach((v, i) => t.true(Math.abs(v - c[i]) < 2e-5, `position ${r.position}`));
    // Quasi-Newton methods with exact-ish line searches finish a quadratic in about n iterations.
    t.true(r.numIterations <= 10, `iterations ${r.numIterations}`);
  });

  test(`${name}: Himmelblau's four minima from four starts, as one batch`, (t) => {
    const starts = [[2, 2], [-2, 2], [-3, -3], [3, -2]];
    const r = summary(minimize({valueAndGradientsFunction: withGradient(himmelblau), initialPosition: starts,
      tolerance: 1e-4}));
    t.deepEqual(r.converged, [true, true, true, true]);
    HIMMELBLAU_MINIMA.forEach(([x, y], b) => {
      // Hessian eigenvalues are O(10-100), so a gradient of 1e-4 places x within ~1e-5 (plus 6-decimal reference).
      t.true(Math.abs(r.position[2 * b] - x) < 1e-4 && Math.abs(r.position[2 * b + 1] - y) < 1e-4,
          `member ${b}: ${r.position.slice(2 * b, 2 * b + 2)} vs ${[x, y]}`);
    });
  });

  test(`${name}: batch members are independent: a batch gives each member's unbatched result`, (t) => {
    const vg = withGradient(himmelblau);
    const starts = [[2, 2], [-3, -3], [0.5, -0.5]];
    const batched = summary(minimize({valueAndGradientsFunction: vg, initialPosition: starts, tolerance: 1e-4}));
    starts.forEach((start, b) => {
      const single = summary(minimize({valueAndGradientsFunction: vg, initialPosition: start, tolerance: 1e-4}));
      t.deepEqual(batched.position.slice(2 * b, 2 * b + 2), single.position, `member ${b}`);
      t.is(batched.converged[b], single.converged[0]);
      t.true(single.numObjectiveEvaluations <= batched.numObjectiveEvaluations, 'the batch runs as long as its slowest member');
    });
  });

  test(`${name}: Beale from (1, 1) reaches (3, 0.5)`, (t) => {
    const r = summary(minimize({valueAndGradientsFunction: withGradient(beale), initialPosition: [1, 1], tolerance: 1e-5}));
    t.deepEqual(r.converged, [true]);
    t.true(Math.abs(r.position[0] - 3) < 1e-3 && Math.abs(r.position[1] - 0.5) < 3e-4, `position ${r.position}`);
  });

  test(`${name}: maxIterations stops early without convergence; xTolerance and fRelativeTolerance stop it`, (t) => {
    const vg = withGradient(rosenbrock);
    const capped = summary(minimize({valueAndGradientsFunction: vg, initialPosition: [-1.2, 1], maxIterations: 3}));
    t.is(capped.numIterations, 3);
    t.deepEqual(capped.converged, [false]);
    t.deepEqual(capped.failed, [false]);
    const loose = summary(minimize({valueAndGradientsFunction: vg, initialPosition: [-1.2, 1], fRelativeTolerance: 0.5}));
    t.deepEqual(loose.converged, [true]);
    t.true(loose.numIterations < 10, `f-relative stop after ${loose.numIterations}`);
    const xtol = summary(minimize({valueAndGradientsFunction: vg, initialPosition: [-1.2, 1], xTolerance: 10}));
    t.deepEqual(xtol.converged, [true]);
    t.is(xtol.numIterations, 1, 'any step is within xTolerance 10');
    const already = summary(minimize({valueAndGradientsFunction: vg, initialPosition: [1, 1], tolerance: 1e-3}));
    t.deepEqual(already.converged, [true]);
    t.is(already.numIterations, 0);
    t.is(already.numObjectiveEvaluations, 1);
  });

  test(`${name}: clear errors for bad input`, (t) => {
    const vg = withGradient(rosenbrock);
    t.throws(() => minimize({valueAndGradientsFunction: vg, initialPosition: [NaN, 1]}),
        {message: new RegExp(`${name}: initialPosition must be finite; received NaN`)});
    t.throws(() => minimize({valueAndGradientsFunction: (x) => [tf.sum(x), tf.zeros([3])], initialPosition: [[1, 2]]}),
        {message: new RegExp(`${name}: the value returned by valueAndGradientsFunction must have shape \\[1\\]; received shape \\[\\]`)});
    t.throws(() => minimize({valueAndGradientsFunction: (x) => [rosenbrock(x), tf.zeros([3])], initialPosition: [1, 2]}),
        {message: /the gradient returned by valueAndGradientsFunction must have shape \[2\]; received shape \[3\]/});
    t.throws(() => minimize({valueAndGradientsFunction: vg, initialPosition: [1, 2], tolerance: -1}),
        {message: new RegExp(`${name}: tolerance must be a finite number >= 0; received -1`)});
  });

  test(`${name}: a non-finite objective at the start reports failed`, (t) => {
    const r = summary(minimize({valueAndGradientsFunction: (x) => [tf.log(tf.sum(tf.mul(x, -1), -1)), tf.onesLike(x)],
      initialPosition: [1, 1]}));
    t.deepEqual(r.failed, [true]);
    t.deepEqual(r.converged, [false]);
  });
}

test('bfgsMinimize: the inverse Hessian estimate approaches the true inverse on a quadratic', (t) => {
  const a = [[4, 1], [1, 3]];
  const r = bfgsMinimize({valueAndGradientsFunction: withGradient(quadratic(a, [1, 1])), initialPosition: [-3, 5],
    tolerance: 1e-6, initialInverseHessianEstimate: [[0.5, 0], [0, 0.5]]});
  // inv([[4,1],[1,3]]) = [[3,-1],[-1,4]] / 11; with exact line searches BFGS reproduces it after n = 2 steps; inexact (Wolfe) steps leave a few-percent error.
  const h = Array.from(r.inverseHessianEstimate.dataSync());
  [3 / 11, -1 / 11, -1 / 11, 4 / 11].forEach((v, i) => t.true(Math.abs(h[i] - v) < 2e-2, `H ${h}`));
  tf.dispose(Object.values(r));
  t.throws(() => bfgsMinimize({valueAndGradientsFunction: withGradient(rosenbrock), initialPosition: [0, 0],
    initialInverseHessianEstimate: [[1, 0], [0, -1]]}), {message: /bfgsMinimize: initialInverseHessianEstimate must be positive definite/});
});

test('lbfgsMinimize: numCorrectionPairs must be a positive integer', (t) => {
  t.throws(() => lbfgsMinimize({valueAndGradientsFunction: withGradient(rosenbrock), initialPosition: [0, 0],
    numCorrectionPairs: 0}), {message: /lbfgsMinimize: numCorrectionPairs must be an integer >= 1; received 0/});
});
