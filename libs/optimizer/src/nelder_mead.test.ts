import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';

import {nelderMeadMinimize, NelderMeadResults} from './nelder_mead';
import {beale, HIMMELBLAU_MINIMA, himmelblau, quadratic, rosenbrock} from './test_problems';

test.before(async () => {
  await init();
});

function summary(r: NelderMeadResults) {
  const out = {
    converged: r.converged.dataSync()[0] === 1,
    numObjectiveEvaluations: r.numObjectiveEvaluations.dataSync()[0],
    numIterations: r.numIterations.dataSync()[0],
    position: Array.from(r.position.dataSync()),
    value: r.objectiveValue.dataSync()[0],
    finalSimplex: r.finalSimplex.arraySync() as number[][],
    finalValues: Array.from(r.finalObjectiveValues.dataSync()),
    initialSimplex: r.initialSimplex.arraySync() as number[][],
  };
  tf.dispose(Object.values(r));
  return out;
}

test('nelderMeadMinimize: Rosenbrock 2-D from (-1.2, 1), without leaking tensors', (t) => {
  const before = tf.memory().numTensors;
  const r = summary(nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: [-1.2, 1],
    funcTolerance: 1e-10, positionTolerance: 1e-6, maxIterations: 2000}));
  t.is(tf.memory().numTensors, before);
  t.true(r.converged);
  // f < 1e-9 near the valley floor means |x - 1| <~ sqrt(f) * 30 (the valley's weak direction).
  r.position.forEach(v => t.true(Math.abs(v - 1) < 2e-3, `position ${r.position}`));
  t.log(`${r.numIterations} iterations, ${r.numObjectiveEvaluations} evaluations, f = ${r.value.toExponential(2)}`);
  // scipy 1.10's Nelder-Mead from this start (its default, looser tolerances 1e-4): 85 iterations, 159 evaluations.
  t.true(r.numObjectiveEvaluations > 80 && r.numObjectiveEvaluations < 600, `evaluations ${r.numObjectiveEvaluations}`);
  t.true(r.numIterations <= r.numObjectiveEvaluations);
  // Final simplex is sorted, best first, and its values are the objective there.
  t.deepEqual(r.finalValues.slice().sort((a, b) => a - b), r.finalValues);
  t.is(r.value, r.finalValues[0]);
  t.deepEqual(r.finalSimplex[0], r.position);
  // Vertex plus unit steps, computed from the float32 start.
  const x0 = Math.fround(-1.2);
  t.deepEqual(r.initialSimplex, [[x0, 1], [Math.fround(x0 + 1), 1], [x0, 2]]);
});

test('nelderMeadMinimize: Rosenbrock 10-D from the origin (Gao-Han coefficients), batched evaluation', (t) => {
  const r = summary(nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: new Array(10).fill(0),
    batchEvaluateObjective: true, funcTolerance: 1e-12, positionTolerance: 1e-7, maxIterations: 20000}));
  t.true(r.converged);
  // Nelder-Mead in 10-D reaches the minimum only roughly; 2e-2 is what adaptive NM achieves (Gao & Han, Table 3).
  r.position.forEach(v => t.true(Math.abs(v - 1) < 2e-2, `position ${r.position}`));
});

test('nelderMeadMinimize: a quadratic, Himmelblau from four starts, Beale', (t) => {
  const c = [1, -2, 0.5];
  const q = summary(nelderMeadMinimize({objectiveFunction: quadratic([[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]], c),
    initialVertex: [0, 0, 0], funcTolerance: 1e-12}));
  t.true(q.converged);
  // f - f* = 0.5 d^T A d <= 1e-12 over the simplex gives |d| <~ 1e-6 / sqrt(lambda_min); float32 rounding of x: 1e-6.
  q.position.forEach((v, i) => t.true(Math.abs(v - c[i]) < 1e-4, `quadratic position ${q.position}`));
  [[2, 2], [-2, 2], [-3, -3], [3, -2]].forEach((start, b) => {
    const r = summary(nelderMeadMinimize({objectiveFunction: himmelblau, initialVertex: start, stepSizes: 0.5,
      funcTolerance: 1e-10}));
    t.true(r.converged);
    const [x, y] = HIMMELBLAU_MINIMA[b];
    t.true(Math.abs(r.position[0] - x) < 1e-3 && Math.abs(r.position[1] - y) < 1e-3, `from ${start}: ${r.position}`);
  });
  const be = summary(nelderMeadMinimize({objectiveFunction: beale, initialVertex: [1, 1], funcTolerance: 1e-12}));
  t.true(be.converged);
  t.true(Math.abs(be.position[0] - 3) < 5e-3 && Math.abs(be.position[1] - 0.5) < 2e-3, `Beale ${be.position}`);
});

test('nelderMeadMinimize: maxIterations and tolerances are respected; initialSimplex is used as given', (t) => {
  const capped = summary(nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: [-1.2, 1], maxIterations: 5}));
  t.false(capped.converged);
  t.is(capped.numIterations, 5);
  const loose = summary(nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: [-1.2, 1], funcTolerance: 1e3}));
  t.true(loose.converged);
  t.is(loose.numIterations, 0, 'spread of initial values (~20) is below 1e3');
  t.is(loose.numObjectiveEvaluations, 3);
  const given = summary(nelderMeadMinimize({objectiveFunction: himmelblau, initialSimplex: [[3, 2], [3.5, 2], [3, 2.5]],
    positionTolerance: 1e-4, funcTolerance: 0}));
  t.true(given.converged);
  given.finalSimplex.forEach(v => t.true(Math.abs(v[0] - given.position[0]) <= 1e-4 && Math.abs(v[1] - given.position[1]) <= 1e-4));
  t.true(Math.abs(given.position[0] - 3) < 1e-3 && Math.abs(given.position[1] - 2) < 1e-3);
});

test('nelderMeadMinimize: clear errors for bad input', (t) => {
  t.throws(() => nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: [Infinity, 1]}),
      {message: /nelderMeadMinimize: initialVertex must be finite; received Infinity/});
  t.throws(() => nelderMeadMinimize({objectiveFunction: rosenbrock}),
      {message: /give exactly one of initialSimplex and initialVertex; received neither/});
  t.throws(() => nelderMeadMinimize({objectiveFunction: rosenbrock, initialSimplex: [[0, 0], [1, 0]]}),
      {message: /initialSimplex must have shape \[n \+ 1, n\]; received shape \[2,2\]/});
  t.throws(() => nelderMeadMinimize({objectiveFunction: (x) => x, initialVertex: [0, 0]}),
      {message: /the value returned by objectiveFunction must have shape \[\]; received shape \[2\]/});
  t.throws(() => nelderMeadMinimize({objectiveFunction: rosenbrock, initialVertex: [0, 0], contraction: 1.5}),
      {message: /nelderMeadMinimize: contraction must be a number in \(0, 1\); received 1.5/});
});
