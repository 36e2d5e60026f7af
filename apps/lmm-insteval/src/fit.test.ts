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

const TRUTH: SimulationTruth = {intercept: 3, effectService: -0.3, sdStudents: 0.5, sdInstructors: 0.7, sdDepartments: 0.2, sdNoise: 0.8};
const DATA = simulateMixedData(TRUTH, {rows: 800, students: 40, instructors: 16, departments: 4, seed: 11});

test('warm-up windows: 30%, 30%, 40%; one window when short', (t) => {
  t.deepEqual(warmupWindows(300), [90, 90, 120]);
  t.deepEqual(warmupWindows(20), [20]);
  t.is(warmupWindows(101).reduce((a, b) => a + b, 0), 101);
});

test.serial('HMC on data simulated with known parameters recovers them; predictive checks reproduce the data', (t) => {
  const model = new LinearMixedEffectsModel(DATA);
  const before = tf.memory().numTensors;
  const fit = fitMixedModel(model, {chains: 2, warmup: 120, draws: 120, numLeapfrogSteps: 6, seed: 3});
  t.deepEqual(fit.draws.effectStudents.shape, [120, 2, 40]);
  t.deepEqual(fit.draws.sdNoise.shape, [120, 2]);
  t.is(fit.phases.length, 4);
  const sampling = fit.phases[3];
  t.true(sampling.meanAcceptProb > 0.4, `acceptance ${sampling.meanAcceptProb}`);
  // The truth lies within 4 posterior sds of the posterior mean for every parameter the data
  // identify (800 rows, 40 students, 16 instructors): a Bayesian 99.99% interval; the
  // Monte Carlo error of the mean (sd / sqrt(ESS), ESS > 30) adds < 0.2 sd.
  const checks: [keyof SimulationTruth, tf.Tensor][] = [
    ['intercept', fit.draws.intercept],
    ['effectService', fit.draws.effectService],
    ['sdStudents', fit.draws.sdStudents],
    ['sdInstructors', fit.draws.sdInstructors],
    ['sdNoise', fit.draws.sdNoise],
  ];
  for (const [name, draws] of checks) {
    const s = summarizeScalar(draws);
    t.true(Math.abs(s.mean - TRUTH[name]) < 4 * s.sd, `${name}: posterior ${s.mean.toFixed(3)} +- ${s.sd.toFixed(3)}, truth ${TRUTH[name]}`);
    t.true(s.essBulk > 30, `${name}: ESS ${s.essBulk}`);
    t.true(s.rhat < 1.1, `${name}: R-hat ${s.rhat}`);
  }
  // Four departments barely inform their sd: only check it stays where prior and data allow.
  const dept = summarizeScalar(fit.draws.sdDepartments);
  t.true(dept.q025 >= 0 && dept.q975 < 2);

  const ppc = posteriorPredictiveChecks(model, fit.draws, DATA.departments.index, {replicates: 40, seed: 2});
  const mean = DATA.ratings.reduce((a, b) => a + b, 0) / DATA.ratings.length;
  t.true(Math.abs(ppc.meanRating.observed - mean) < 1e-4);
  t.is(ppc.replicates, 40);
  for (const stat of [ppc.meanRating, ppc.sdRating, ...ppc.departmentMean]) {
    t.true(stat.pValue > 0.01 && stat.pValue < 0.99, `p ${stat.pValue}`);
  }
  // Department means observed, by hand.
  for (let d = 0; d < 4; d++) {
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
