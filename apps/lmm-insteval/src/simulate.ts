import {SeededRandom} from '@tfjs-probability/math';
import type {Factor} from './insteval';
import type {MixedModelData} from './model';

/** The parameters a simulated data set is drawn with. */
export interface SimulationTruth {
  intercept: number;
  effectService: number;
  sdStudents: number;
  sdInstructors: number;
  sdDepartments: number;
  sdNoise: number;
}

export interface SimulateOptions {
  rows: number;
  students: number;
  instructors: number;
  departments: number;
  /** Probability that a rating is of a service lecture (default 0.4). */
  serviceProbability?: number;
  seed?: number;
}

export interface SimulatedData extends MixedModelData {
  readonly students: Factor;
  readonly instructors: Factor;
  readonly departments: Factor;
  /** The random effects drawn (per level). */
  readonly effects: {students: Float64Array; instructors: Float64Array; departments: Float64Array};
}

/**
 * A data set drawn from the mixed model with known parameters (continuous ratings, no rounding):
 * every level of each group gets a N(0, sd_k^2) effect; row i has a uniformly drawn student and
 * instructor (every level used at least once: the first rows cycle through them), the
 * instructor's department (instructor j belongs to department j mod D), a Bernoulli service
 * flag, and y_i ~ N(intercept + effectService service_i + the three effects, sdNoise^2).
 */
export function simulateMixedData(truth: SimulationTruth, options: SimulateOptions): SimulatedData {
  const {rows, students, instructors, departments, serviceProbability = 0.4, seed = 1} = options;
  if (!(rows >= Math.max(students, instructors) && departments <= instructors && departments >= 1)) {
    throw new Error(
      `simulateMixedData: need rows >= students and instructors, and 1 <= departments <= instructors; received ` +
        `rows ${rows}, students ${students}, instructors ${instructors}, departments ${departments}`,
    );
  }
  const rng = new SeededRandom(seed, 'simulateMixedData');
  const draw = (n: number, sd: number) => Float64Array.from({length: n}, () => sd * rng.normal());
  const effects = {
    students: draw(students, truth.sdStudents),
    instructors: draw(instructors, truth.sdInstructors),
    departments: draw(departments, truth.sdDepartments),
  };
  const s = new Int32Array(rows);
  const d = new Int32Array(rows);
  const dept = new Int32Array(rows);
  const service = new Float32Array(rows);
  const ratings = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    s[i] = i < students ? i : Math.floor(rng.uniform() * students);
    d[i] = i < instructors ? i : Math.floor(rng.uniform() * instructors);
    dept[i] = d[i] % departments;
    service[i] = rng.uniform() < serviceProbability ? 1 : 0;
    const mean =
      truth.intercept + truth.effectService * service[i] + effects.students[s[i]] + effects.instructors[d[i]] + effects.departments[dept[i]];
    ratings[i] = mean + truth.sdNoise * rng.normal();
  }
  const factor = (index: Int32Array, levels: number): Factor => ({index, levels: Array.from({length: levels}, (_, k) => k + 1)});
  return {
    ratings,
    service,
    students: factor(s, students),
    instructors: factor(d, instructors),
    departments: factor(dept, departments),
    effects,
  };
}
