import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LinearMixedEffectsModel, PARAM_NAMES, RATING_BLOCK_ROWS, type MixedModelData} from './model';
import {simulateMixedData} from './simulate';
import {UnconstrainedPosterior} from './posterior';

test.before(async () => {
  await init();
});

// 5 ratings; students 0..2, instructors 0..1, departments 0..1.
const DATA: MixedModelData = {
  ratings: Float32Array.from([4, 2, 5, 3, 1]),
  service: Float32Array.from([0, 1, 0, 1, 1]),
  students: {index: Int32Array.from([0, 1, 2, 0, 2]), levels: [1, 2, 3]},
  instructors: {index: Int32Array.from([1, 0, 1, 1, 0]), levels: [1, 2]},
  departments: {index: Int32Array.from([0, 1, 0, 0, 1]), levels: [1, 2]},
};

/** Two chains' parameters. */
const CHAINS = [
  {intercept: 3.1, effectService: -0.4, sdStudents: 0.7, sdInstructors: 0.5, sdDepartments: 0.2, sdNoise: 1.3,
    effectStudents: [0.3, -0.2, 0.5], effectInstructors: [-0.6, 0.4], effectDepartments: [0.1, -0.15]},
  {intercept: 2.5, effectService: 0.2, sdStudents: 1.1, sdInstructors: 0.9, sdDepartments: 0.4, sdNoise: 0.8,
    effectStudents: [-0.1, 0.0, 0.9], effectInstructors: [0.2, -0.3], effectDepartments: [0.35, 0.05]},
];
type Chain = (typeof CHAINS)[number];

const LOG_2PI = Math.log(2 * Math.PI);
const logNormal = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
const logHalfNormal = (x: number, s: number) => Math.log(2) + logNormal(x, 0, s);

function mean(p: Chain, i: number): number {
  return p.intercept + p.effectService * DATA.service[i] + p.effectStudents[DATA.students.index[i]] +
    p.effectInstructors[DATA.instructors.index[i]] + p.effectDepartments[DATA.departments.index[i]];
}

/** The joint log density written out term by term in float64 (priors: N(0,5), N(0,1), HalfNormal(1) x 3, HalfNormal(2)). */
function handLogDensity(p: Chain): number {
  let lp = logNormal(p.intercept, 0, 5) + logNormal(p.effectService, 0, 1);
  lp += logHalfNormal(p.sdStudents, 1) + logHalfNormal(p.sdInstructors, 1) + logHalfNormal(p.sdDepartments, 1) + logHalfNormal(p.sdNoise, 2);
  for (const e of p.effectStudents) lp += logNormal(e, 0, p.sdStudents);
  for (const e of p.effectInstructors) lp += logNormal(e, 0, p.sdInstructors);
  for (const e of p.effectDepartments) lp += logNormal(e, 0, p.sdDepartments);
  DATA.ratings.forEach((y, i) => (lp += logNormal(y, mean(p, i), p.sdNoise)));
  return lp;
}

function batched(): Record<(typeof PARAM_NAMES)[number], tf.Tensor> {
  return Object.fromEntries(
    PARAM_NAMES.map((name) => [name, tf.tensor(CHAINS.map((c) => c[name] as number | number[]))]),
  ) as Record<(typeof PARAM_NAMES)[number], tf.Tensor>;
}

test('logDensity equals the hand-written joint density, one value per chain', (t) => {
  const model = new LinearMixedEffectsModel(DATA);
  const params = batched();
  const lp = model.logDensity(params);
  t.deepEqual(lp.shape, [2]);
  const got = lp.dataSync();
  // ~25 float32 terms of magnitude < 10: rounding error < 25 * 10 * 6e-8 ~ 2e-5; allow 1e-4.
  CHAINS.forEach((c, k) => t.true(Math.abs(got[k] - handLogDensity(c)) < 1e-4, `chain ${k}: ${got[k]} vs ${handLogDensity(c)}`));
  // An unbatched parameter set gives a scalar.
  const single = Object.fromEntries(PARAM_NAMES.map((name) => [name, tf.tensor(CHAINS[0][name] as number | number[])]));
  const lp0 = model.logDensity(single as never);
  t.deepEqual(lp0.shape, []);
  t.true(Math.abs(lp0.dataSync()[0] - handLogDensity(CHAINS[0])) < 1e-4);
  tf.dispose([lp, lp0, ...Object.values(params), ...Object.values(single)]);
  model.dispose();
});

test('the unconstrained density adds log softplus\'(u) for each sd, centres departments, and its gradient is the hand gradient', (t) => {
  const model = new LinearMixedEffectsModel(DATA);
  const posterior = new UnconstrainedPosterior(model);
  const params = batched();
  const u = posterior.unconstrain(params as never);
  // The department part holds intercept + effect.
  const departmentMeans = u[PARAM_NAMES.indexOf('effectDepartments')].arraySync() as number[][];
  CHAINS.forEach((c, k) => c.effectDepartments.forEach((e, j) => t.true(Math.abs(departmentMeans[k][j] - (c.intercept + e)) < 1e-6)));
  const lp = posterior.logDensity(u);
  const got = lp.dataSync();
  CHAINS.forEach((c, k) => {
    // sd = softplus(u): log|d sd/du| = log sigmoid(u) = log(1 - exp(-sd)).
    const logSlope = (sd: number) => Math.log(-Math.expm1(-sd));
    const jacobian = logSlope(c.sdStudents) + logSlope(c.sdInstructors) + logSlope(c.sdDepartments) + logSlope(c.sdNoise);
    t.true(Math.abs(got[k] - (handLogDensity(c) + jacobian)) < 1e-4);
  });
  const grads = tf.grads((...parts: tf.Tensor[]) => posterior.logDensity(parts))(u);
  const g = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, grads[i].arraySync()])) as Record<string, number[] | number[][]>;
  CHAINS.forEach((c, k) => {
    const sigma2 = c.sdNoise ** 2;
    const residual = Array.from(DATA.ratings, (y, i) => y - mean(c, i));
    // d/d intercept at fixed department means m (effects = m - intercept): the likelihood no
    // longer moves, so it is -intercept / 25 + sum_j effectDepartments[j] / sdDepartments^2.
    const dIntercept = -c.intercept / 25 + c.effectDepartments.reduce((a, e) => a + e, 0) / c.sdDepartments ** 2;
    // d/d effectStudents[j] = -e_j / sdStudents^2 + sum over j's rows of r_i / sigma^2 (the gather's segment sum).
    const dStudents = c.effectStudents.map(
      (e, j) => -e / c.sdStudents ** 2 + residual.reduce((a, r, i) => a + (DATA.students.index[i] === j ? r : 0), 0) / sigma2,
    );
    // d/du, sigma = softplus(u), d sigma/du = 1 - exp(-sigma): (1 - exp(-sigma)) times
    // (-sigma / 4 (HalfNormal(2)) + sum_i (r_i^2 / sigma^3 - 1 / sigma)), plus d log sigmoid(u)/du = exp(-sigma).
    const sigma = c.sdNoise;
    const dLogNoise =
      -Math.expm1(-sigma) * (-sigma / 4 + residual.reduce((a, r) => a + r * r / sigma ** 3 - 1 / sigma, 0)) + Math.exp(-sigma);
    // Gradients of float32 sums of ~10 terms of magnitude < 10: allow 1e-4 relative + 1e-4.
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-4 + 1e-4 * Math.abs(b);
    t.true(close((g.intercept as number[])[k], dIntercept), `intercept chain ${k}`);
    dStudents.forEach((d, j) => t.true(close((g.effectStudents as number[][])[k][j], d), `student ${j} chain ${k}`));
    t.true(close((g.sdNoise as number[])[k], dLogNoise), `softplus^-1 sdNoise chain ${k}: ${(g.sdNoise as number[])[k]} vs ${dLogNoise}`);
  });
  tf.dispose([lp, ...u, ...grads, ...Object.values(params)]);
  model.dispose();
});

test('building, evaluating and disposing the model leaves no tensors', (t) => {
  const params = batched();
  const before = tf.memory().numTensors;
  const model = new LinearMixedEffectsModel(DATA);
  const posterior = new UnconstrainedPosterior(model);
  tf.dispose(model.logDensity(params));
  const u = posterior.unconstrain(params as never);
  tf.dispose(posterior.logDensity(u));
  tf.dispose(model.linearPredictor(params));
  tf.dispose(u);
  model.dispose();
  t.is(tf.memory().numTensors, before);
  tf.dispose(Object.values(params));
});

test('bad data and bad state parts get errors naming what is wrong', (t) => {
  t.throws(() => new LinearMixedEffectsModel({...DATA, service: new Float32Array(3)}), {
    message: /data\.service has 3 entries, expected one per rating \(5\)/,
  });
  t.throws(
    () => new LinearMixedEffectsModel({...DATA, students: {index: Int32Array.from([0, 1, 5, 0, 2]), levels: [1, 2, 3]}}),
    {message: /data\.students\.index\[2\] is 5; expected an index in \[0, 2\]/},
  );
  t.throws(() => new LinearMixedEffectsModel(DATA, {noiseSd: -1}), {message: /prior scale 'noiseSd' must be a positive number; received -1/});
  const model = new LinearMixedEffectsModel(DATA);
  const posterior = new UnconstrainedPosterior(model);
  const parts = PARAM_NAMES.map((name) => tf.zeros([2, ...model.eventShape(name)]));
  const wrong = [...parts.slice(0, 6), tf.zeros([2, 4]), ...parts.slice(7)];
  t.throws(() => posterior.logDensity(wrong), {message: /state part 6 \(effectStudents\) has shape \[2,4\]; expected \[2,3\]/});
  t.throws(() => posterior.logDensity(parts.slice(1)), {message: /expected 9 state parts/});
  tf.dispose([...parts, wrong[6]]);
  model.dispose();
});

test('more rows than RATING_BLOCK_ROWS: one likelihood part per block, and the sum stays accurate', (t) => {
  const rows = 2 * RATING_BLOCK_ROWS + 500;
  const data = simulateMixedData(
    {intercept: 3, effectService: -0.1, sdStudents: 0.3, sdInstructors: 0.5, sdDepartments: 0.1, sdNoise: 1.2},
    {rows, students: 400, instructors: 100, departments: 5, seed: 9},
  );
  const model = new LinearMixedEffectsModel(data);
  t.true(['ratings0', 'ratings1', 'ratings2'].every((k) => k in model.joint.model));
  t.false('ratings3' in model.joint.model);
  const p = {intercept: 3.1, effectService: -0.05, sdStudents: 0.35, sdInstructors: 0.45, sdDepartments: 0.12, sdNoise: 1.15};
  const params = {
    ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.scalar(v)])),
    effectStudents: tf.tensor1d(Float32Array.from(data.effects.students)),
    effectInstructors: tf.tensor1d(Float32Array.from(data.effects.instructors)),
    effectDepartments: tf.tensor1d(Float32Array.from(data.effects.departments)),
  } as unknown as Parameters<LinearMixedEffectsModel['logDensity']>[0];
  // Float64 by hand.
  let lp = logNormal(p.intercept, 0, 5) + logNormal(p.effectService, 0, 1) + logHalfNormal(p.sdStudents, 1) +
    logHalfNormal(p.sdInstructors, 1) + logHalfNormal(p.sdDepartments, 1) + logHalfNormal(p.sdNoise, 2);
  const f32 = (x: number) => Math.fround(x);
  data.effects.students.forEach((e) => (lp += logNormal(f32(e), 0, p.sdStudents)));
  data.effects.instructors.forEach((e) => (lp += logNormal(f32(e), 0, p.sdInstructors)));
  data.effects.departments.forEach((e) => (lp += logNormal(f32(e), 0, p.sdDepartments)));
  data.ratings.forEach((y, i) => {
    const mu = p.intercept + p.effectService * data.service[i] + f32(data.effects.students[data.students.index[i]]) +
      f32(data.effects.instructors[data.instructors.index[i]]) + f32(data.effects.departments[data.departments.index[i]]);
    lp += logNormal(y, mu, p.sdNoise);
  });
  const got = model.logDensity(params);
  // |lp| ~ 1.4e4: float32 rounding of the parts' sums (blocks of 4096 terms, totals < 7e3, ulp 5e-4)
  // and of the per-row terms stays below ~0.05; one sequential sum of all rows could be off by ~0.3.
  t.true(Math.abs(got.dataSync()[0] - lp) < 0.05, `${got.dataSync()[0]} vs ${lp}`);
  tf.dispose([got, ...Object.values(params)]);
  model.dispose();
});
