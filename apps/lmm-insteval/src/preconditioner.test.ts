import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LinearMixedEffectsModel, PARAM_NAMES} from './model';
import {DiagonalPreconditioner} from './preconditioner';
import {simulateMixedData} from './simulate';
import {startValues} from './start_values';

test.before(async () => {
  await init();
});

test('fromDraws: mean and Stan-regularised sd of every coordinate over draws and chains', (t) => {
  // 3 draws x 2 chains of a 2-vector part.
  const values = [[[1, 10], [2, 14]], [[3, 12], [5, 10]], [[4, 16], [9, 10]]];
  const draws = tf.tensor3d(values);
  const before = tf.memory().numTensors;
  const pre = DiagonalPreconditioner.fromDraws([draws], 1e-3);
  const m = 6;
  const w = m / (m + 5);
  for (let k = 0; k < 2; k++) {
    const xs = values.flatMap((d) => d.map((c) => c[k]));
    const mean = xs.reduce((a, b) => a + b, 0) / m;
    const unbiased = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (m - 1);
    const expected = Math.sqrt(w * unbiased + (1 - w) * 1e-3);
    t.true(Math.abs(pre.shift[0].dataSync()[k] - mean) < 1e-5);
    t.true(Math.abs(pre.scale[0].dataSync()[k] - expected) < 1e-5 * expected);
  }
  pre.dispose();
  t.is(tf.memory().numTensors, before);
  t.throws(() => DiagonalPreconditioner.fromDraws([tf.tensor2d([[1]])]), {message: /need at least 2 draws/});
  draws.dispose();
});

test('fromModel: start values as shift, conditional posterior sds as scale; z <-> x round trip; wrap evaluates at x', (t) => {
  const data = simulateMixedData(
    {intercept: 3, effectService: 0, sdStudents: 0.3, sdInstructors: 0.3, sdDepartments: 0.1, sdNoise: 1},
    {rows: 60, students: 12, instructors: 6, departments: 2, seed: 2},
  );
  const model = new LinearMixedEffectsModel(data);
  const before = tf.memory().numTensors;
  const start = startValues(data);
  const pre = DiagonalPreconditioner.fromModel(model, start);
  const studentScales = pre.scale[PARAM_NAMES.indexOf('effectStudents')].dataSync();
  start.effectVariances.students.forEach((v, j) => {
    t.true(Math.abs(studentScales[j] - Math.sqrt(v)) < 1e-5 * Math.sqrt(v), `student ${j}`);
  });
  t.true(Math.abs(pre.shift[PARAM_NAMES.indexOf('intercept')].dataSync()[0] - start.intercept) < 1e-5);
  const departmentShift = pre.shift[PARAM_NAMES.indexOf('effectDepartments')].dataSync();
  start.effectDepartments.forEach((e, j) => t.true(Math.abs(departmentShift[j] - (start.intercept + e)) < 1e-5));
  // sds are shifted to softplus^-1(sd) = log(expm1(sd)).
  t.true(Math.abs(pre.shift[PARAM_NAMES.indexOf('sdNoise')].dataSync()[0] - Math.log(Math.expm1(start.sdNoise))) < 1e-5);
  const z = PARAM_NAMES.map((name, i) => tf.randomNormal([2, ...model.eventShape(name)], 0, 1, 'float32', i));
  const x = pre.toUnconstrained(z);
  const back = pre.fromUnconstrained(x);
  back.forEach((b, i) => t.true(tf.tidy(() => tf.max(tf.abs(tf.sub(b, z[i]))).dataSync()[0]) < 1e-4));
  const wrapped = pre.wrap((parts) => tf.sum(tf.concat(parts.map((p) => tf.reshape(p, [2, -1])), 1), 1));
  const direct = tf.tidy(() => tf.sum(tf.concat(x.map((p) => tf.reshape(p, [2, -1])), 1), 1));
  const viaZ = wrapped(...z);
  // Sums of ~90 float32 values of magnitude < 10.
  t.true(tf.tidy(() => tf.max(tf.abs(tf.sub(viaZ, direct))).dataSync()[0]) < 1e-3);
  tf.dispose([...z, ...x, ...back, viaZ, direct]);
  pre.dispose();
  t.is(tf.memory().numTensors, before);
  model.dispose();
});
