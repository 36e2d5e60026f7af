import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {fitMixedModel, warmupWindows} from './fit';
import {LinearMixedEffectsModel} from './model';
import {posteriorPredictiveChecks} from './ppc';
import {simulateMixedData, type SimulationTruth} from './simulate';
import {summarizeScalar} from './summary';

test.before(async () => {
  await init();
});

// InstEval-like proportions, 40x smaller: 20 ratings per student, 50 per instructor, 200 per department.
const TRUTH: SimulationTruth = {intercept: 3, effectService: -0.3, sdStudents: 0.4, sdInstructors: 0.6, sdDepartments: 0.3, sdNoise: 0.8};
const DATA = simulateMixedData(TRUTH, {rows: 2000, students: 100, instructors: 40, departments: 10, seed: 11});

test('warm-up windows: 30%, 30%, 40%; one window when short', (t) => {
  t.deepEqual(warmupWindows(300), [90, 90, 120]);
  t.deepEqual(warmupWindows(20), [20]);
  t.is(warmupWindows(101).reduce((a, b) => a + b, 0), 101);
});

test.serial('NUTS on data simulated with known parameters recovers them; predictive checks reproduce the data', (t) => {
  const model = new LinearMixedEffectsModel(DATA);
  const before = tf.memory().numTensors;
  const fit = fitMixedModel(model, {sampler: 'nuts', chains: 2, warmup: 60, draws: 60, maxTreeDepth: 4, seed: 3});
  t.deepEqual(fit.draws.effectStudents.shape, [60, 2, 100]);
  t.deepEqual(fit.draws.sdNoise.shape, [60, 2]);
  t.is(fit.phases.length, 4);
  const sampling = fit.phases[3];
  // Dual averaging aims at 0.8; the kept steps' mean acceptance lands near it.
  t.true(sampling.meanAcceptProb > 0.6, `acceptance ${sampling.meanAcceptProb}`);
  t.true(sampling.meanLeapfrogSteps >= 1 && sampling.meanLeapfrogSteps <= 15);
  // The truth lies within 4 standard errors of the posterior mean for every parameter the data
  // identify: the posterior sd combined with the Monte Carlo error of the mean, sd / sqrt(ESS).
  // The intercept mixes slowest: only intercept + the mean of each group's effects is pinned by the
  // data, a ridge along which a diagonal metric moves slowly, so its ESS is not checked here.
  const checks: [keyof SimulationTruth, tf.Tensor][] = [
    ['intercept', fit.draws.intercept],
    ['effectService', fit.draws.effectService],
    ['sdStudents', fit.draws.sdStudents],
    ['sdInstructors', fit.draws.sdInstructors],
    ['sdNoise', fit.draws.sdNoise],
  ];
  for (const [name, draws] of checks) {
    const s = summarizeScalar(draws);
    const se = s.sd * Math.sqrt(1 + 1 / s.essBulk);
    t.true(Math.abs(s.mean - TRUTH[name]) < 4 * se, `${name}: posterior ${s.mean.toFixed(3)} +- ${s.sd.toFixed(3)}, truth ${TRUTH[name]}`);
    if (name === 'intercept') continue;
    t.true(s.essBulk > 10, `${name}: ESS ${s.essBulk}`);
    t.true(s.rhat < 1.15, `${name}: R-hat ${s.rhat}`);
  }
  // Ten departments inform their sd weakly: check only that the truth is inside the 95% interval.
  const dept = summarizeScalar(fit.draws.sdDepartments);
  t.true(dept.q025 < TRUTH.sdDepartments && TRUTH.sdDepartments < dept.q975);

  const ppc = posteriorPredictiveChecks(model, fit.draws, DATA.departments.index, {replicates: 40, seed: 2});
  const mean = DATA.ratings.reduce((a, b) => a + b, 0) / DATA.ratings.length;
  t.true(Math.abs(ppc.meanRating.observed - mean) < 1e-4);
  t.is(ppc.replicates, 40);
  for (const stat of [ppc.meanRating, ppc.sdRating, ...ppc.departmentMean]) {
    t.true(stat.pValue > 0.01 && stat.pValue < 0.99, `p ${stat.pValue}`);
  }
  // Department means observed, by hand.
  for (let d = 0; d < 10; d++) {
    let sum = 0;
    let n = 0;
    DATA.ratings.forEach((y, i) => {
      if (DATA.departments.index[i] === d) {
        sum += y;
        n += 1;
      }
    });
    t.true(Math.abs(ppc.departmentMean[d].observed - sum / n) < 1e-4);
  }
  t.true(Math.abs(ppc.residualSd.mean - ppc.sdNoise.mean) < 0.1);
  fit.dispose();
  t.is(tf.memory().numTensors, before);
  model.dispose();
});

test('bad options are rejected with the value received', (t) => {
  const model = new LinearMixedEffectsModel(DATA);
  t.throws(() => fitMixedModel(model, {chains: 0}), {message: /chains must be an integer >= 1; received 0/});
  t.throws(() => fitMixedModel(model, {draws: 1.5}), {message: /draws must be an integer >= 1; received 1\.5/});
  t.throws(() => fitMixedModel(model, {sampler: 'gibbs' as never}), {message: /sampler must be one of .*; received 'gibbs'/});
  model.dispose();
});
