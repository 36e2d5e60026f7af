import * as tf from '@tensorflow/tfjs';
import {Distribution, HalfNormal, Independent, JointDistributionNamed, JointDistributionPinned, Normal} from '@tfjs-probability/distributions';

/** The rows the model conditions on: ratings, the service indicator and dense group indices. */
export interface MixedModelData {
  readonly ratings: Float32Array;
  readonly service: Float32Array;
  readonly students: {readonly index: Int32Array; readonly levels: readonly unknown[]};
  readonly instructors: {readonly index: Int32Array; readonly levels: readonly unknown[]};
  readonly departments: {readonly index: Int32Array; readonly levels: readonly unknown[]};
}

/** Prior scales: Normal(0, scale) on the fixed effects, HalfNormal(scale) on the standard deviations. */
export interface MixedModelPriors {
  intercept: number;
  service: number;
  /** Of the student, instructor and department standard deviations. */
  groupSd: number;
  /** Of the residual (noise) standard deviation. */
  noiseSd: number;
}

/**
 * Weakly informative on the 1..5 rating scale. TFP's tutorial fits the intercept, the service
 * effect and the three group scales by Monte Carlo EM (point estimates, no prior) with the noise
 * scale fixed to 1; here every one of them is a random variable with one of these priors.
 */
export const DEFAULT_PRIORS: Readonly<MixedModelPriors> = {intercept: 5, service: 1, groupSd: 1, noiseSd: 2};

/** The model's latent variables; each has leading chain dimensions when sampled in batches. */
export interface MixedModelParams<T = tf.Tensor> {
  intercept: T;
  effectService: T;
  sdStudents: T;
  sdInstructors: T;
  sdDepartments: T;
  sdNoise: T;
  effectStudents: T;
  effectInstructors: T;
  effectDepartments: T;
}

/** The latent variables in the order of the sampler's state parts. */
export const PARAM_NAMES = [
  'intercept',
  'effectService',
  'sdStudents',
  'sdInstructors',
  'sdDepartments',
  'sdNoise',
  'effectStudents',
  'effectInstructors',
  'effectDepartments',
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Standard deviations, sampled in log space (the Exp bijector, TFP's default for HalfNormal's support). */
export const POSITIVE_PARAMS: readonly ParamName[] = ['sdStudents', 'sdInstructors', 'sdDepartments', 'sdNoise'];

/** A set of rows: their service flags and group indices. */
export interface RowBlock {
  readonly service: tf.Tensor1D;
  readonly studentIndex: tf.Tensor1D;
  readonly instructorIndex: tf.Tensor1D;
  readonly departmentIndex: tf.Tensor1D;
}

/**
 * Rows per likelihood part. The ratings' log-likelihood is split into parts of at most this many
 * rows because a float32 sum is only as good as its running total: tfjs-wasm's Sum adds the
 * 73,421 terms of InstEval (total ~ -1.2e5, ulp 0.008) one by one, an error of ~0.5 that differs
 * between nearby states, enough to make HMC reject good proposals and dual averaging shrink the
 * step 30-fold. Block sums stay small (error ~0.01) and the parts are added once each.
 */
export const RATING_BLOCK_ROWS = 4096;

/** The likelihood part of block k: 'ratings' when there is one block, 'ratings0', 'ratings1', ... otherwise. */
export function ratingPartName(k: number, blocks: number): string {
  return blocks === 1 ? 'ratings' : `ratings${k}`;
}

/** Gathers group effects [..., K] at the rows' group indices: [..., rows]. */
function atRows(effects: tf.Tensor, index: tf.Tensor): tf.Tensor {
  return tf.gather(effects, index, effects.rank - 1);
}

/** Adds a trailing axis, so a per-chain scalar [...] broadcasts against per-row values [..., rows]. */
function perRow(x: tf.Tensor): tf.Tensor {
  return tf.expandDims(x, -1);
}

/** A group's random intercepts: K iid N(0, sd^2), one event of size K. */
function groupEffects(sd: tf.Tensor, levels: number): Independent {
  return new Independent({
    distribution: new Normal({loc: tf.zeros([levels]), scale: perRow(sd)}),
    reinterpretedBatchNdims: 1,
  });
}

/**
 * TFP's linear mixed effects model of InstEval as a probabilistic program
 * (lme4: `y ~ 1 + service + (1|s) + (1|d) + (1|dept)`):
 *
 *   intercept ~ N(0, 5^2), effectService ~ N(0, 1),
 *   sd_k ~ HalfNormal(1) for k in students, instructors, departments; sdNoise ~ HalfNormal(2),
 *   effect_k[j] ~ N(0, sd_k^2) for each level j of group k,
 *   ratings[i] ~ N(intercept + effectService service[i] + effectStudents[s_i]
 *                  + effectInstructors[d_i] + effectDepartments[dept_i], sdNoise^2).
 *
 * The random effects enter through gathers (tf.gather; its gradient is a segment sum), not a
 * one-hot design matrix. The ratings are pinned in blocks of RATING_BLOCK_ROWS rows, each block
 * its own part of the joint (see RATING_BLOCK_ROWS). Owns the data tensors: call dispose().
 */
export class LinearMixedEffectsModel {
  readonly joint: JointDistributionNamed;
  /** The joint with the ratings pinned to the data (TFP's `experimental_pin`): the posterior, unnormalised. */
  readonly pinned: JointDistributionPinned<Record<string, tf.Tensor>>;
  readonly numStudents: number;
  readonly numInstructors: number;
  readonly numDepartments: number;
  readonly rows: number;
  readonly priors: Readonly<MixedModelPriors>;
  /** The data the model conditions on (borrowed, not copied). */
  readonly data: MixedModelData;
  /** Ratings per level of each group (for start values and the sampler's preconditioning). */
  readonly counts: Readonly<Record<'students' | 'instructors' | 'departments', Int32Array>>;
  /** Mean and standard deviation of the ratings, and the fraction of service lectures. */
  readonly ratingMean: number;
  readonly ratingSd: number;
  readonly serviceFraction: number;
  /** The observed ratings as a float32 tensor [rows]. */
  readonly ratings: tf.Tensor1D;
  readonly service: tf.Tensor1D;
  readonly studentIndex: tf.Tensor1D;
  readonly instructorIndex: tf.Tensor1D;
  readonly departmentIndex: tf.Tensor1D;
  /** The rows in blocks of RATING_BLOCK_ROWS, one likelihood part each. */
  private readonly blocks: (RowBlock & {ratings: tf.Tensor1D})[];
  /** The priors of the fixed effects and standard deviations (they own parameter tensors). */
  private readonly roots: Record<string, Distribution>;

  constructor(data: MixedModelData, priors: Partial<MixedModelPriors> = {}) {
    const rows = data.ratings.length;
    if (rows === 0) throw new Error('LinearMixedEffectsModel: the data has no rows');
    for (const [name, column] of [
      ['service', data.service],
      ['students.index', data.students.index],
      ['instructors.index', data.instructors.index],
      ['departments.index', data.departments.index],
    ] as const) {
      if (column.length !== rows) {
        throw new Error(`LinearMixedEffectsModel: data.${name} has ${column.length} entries, expected one per rating (${rows})`);
      }
    }
    this.priors = {...DEFAULT_PRIORS, ...priors};
    for (const [name, value] of Object.entries(this.priors)) {
      if (!(value > 0) || !Number.isFinite(value)) {
        throw new Error(`LinearMixedEffectsModel: prior scale '${name}' must be a positive number; received ${value}`);
      }
    }
    this.rows = rows;
    this.data = data;
    this.numStudents = checkedLevels('students', data.students);
    this.numInstructors = checkedLevels('instructors', data.instructors);
    this.numDepartments = checkedLevels('departments', data.departments);
    this.counts = {
      students: levelCounts(data.students.index, this.numStudents),
      instructors: levelCounts(data.instructors.index, this.numInstructors),
      departments: levelCounts(data.departments.index, this.numDepartments),
    };
    let sum = 0;
    let sumSq = 0;
    let services = 0;
    for (let i = 0; i < rows; i++) {
      sum += data.ratings[i];
      sumSq += data.ratings[i] ** 2;
      services += data.service[i];
    }
    this.ratingMean = sum / rows;
    this.ratingSd = Math.sqrt(Math.max(sumSq / rows - this.ratingMean ** 2, 0));
    this.serviceFraction = services / rows;
    this.ratings = tf.tensor1d(data.ratings, 'float32');
    this.service = tf.tensor1d(data.service, 'float32');
    this.studentIndex = tf.tensor1d(data.students.index, 'int32');
    this.instructorIndex = tf.tensor1d(data.instructors.index, 'int32');
    this.departmentIndex = tf.tensor1d(data.departments.index, 'int32');
    this.blocks = [];
    for (let start = 0; start < rows; start += RATING_BLOCK_ROWS) {
      const end = Math.min(rows, start + RATING_BLOCK_ROWS);
      this.blocks.push({
        ratings: tf.tensor1d(data.ratings.subarray(start, end), 'float32'),
        service: tf.tensor1d(data.service.subarray(start, end), 'float32'),
        studentIndex: tf.tensor1d(data.students.index.subarray(start, end), 'int32'),
        instructorIndex: tf.tensor1d(data.instructors.index.subarray(start, end), 'int32'),
        departmentIndex: tf.tensor1d(data.departments.index.subarray(start, end), 'int32'),
      });
    }
    const p = this.priors;
    const [nS, nI, nD] = [this.numStudents, this.numInstructors, this.numDepartments];
    this.roots = {
      intercept: new Normal({loc: 0, scale: p.intercept}),
      effectService: new Normal({loc: 0, scale: p.service}),
      sdStudents: new HalfNormal({scale: p.groupSd}),
      sdInstructors: new HalfNormal({scale: p.groupSd}),
      sdDepartments: new HalfNormal({scale: p.groupSd}),
      sdNoise: new HalfNormal({scale: p.noiseSd}),
    };
    this.joint = new JointDistributionNamed({
      name: 'LinearMixedEffectsModel',
      model: {
        ...this.roots,
        effectStudents: ({sdStudents}: {sdStudents: tf.Tensor}) => groupEffects(sdStudents, nS),
        effectInstructors: ({sdInstructors}: {sdInstructors: tf.Tensor}) => groupEffects(sdInstructors, nI),
        effectDepartments: ({sdDepartments}: {sdDepartments: tf.Tensor}) => groupEffects(sdDepartments, nD),
        ...Object.fromEntries(
          this.blocks.map((block, k) => [
            ratingPartName(k, this.blocks.length),
            ({intercept, effectService, effectStudents, effectInstructors, effectDepartments, sdNoise}: MixedModelParams) =>
              new Independent({
                distribution: new Normal({
                  loc: this.linearPredictor({intercept, effectService, effectStudents, effectInstructors, effectDepartments}, block),
                  scale: perRow(sdNoise),
                }),
                reinterpretedBatchNdims: 1,
              }),
          ]),
        ),
      },
    });
    this.pinned = this.joint.experimentalPin(
      Object.fromEntries(this.blocks.map((block, k) => [ratingPartName(k, this.blocks.length), block.ratings])),
    );
  }

  /** Number of latent scalars: 2 fixed effects, 4 standard deviations and every group level. */
  get dimension(): number {
    return 6 + this.numStudents + this.numInstructors + this.numDepartments;
  }

  /** Event shape of each latent variable (scalars [] and the three effect vectors [K]). */
  eventShape(name: ParamName): number[] {
    if (name === 'effectStudents') return [this.numStudents];
    if (name === 'effectInstructors') return [this.numInstructors];
    if (name === 'effectDepartments') return [this.numDepartments];
    return [];
  }

  /**
   * The mean rating of every row, [..., rows] (or of one block's rows): intercept + service effect
   * + the three group effects.
   */
  linearPredictor(
    p: Pick<MixedModelParams, 'intercept' | 'effectService' | 'effectStudents' | 'effectInstructors' | 'effectDepartments'>,
    rows: RowBlock = this,
  ): tf.Tensor {
    return tf.tidy(() => {
      const fixed = tf.add(perRow(p.intercept), tf.mul(perRow(p.effectService), rows.service));
      const random = tf.addN([
        atRows(p.effectStudents, rows.studentIndex),
        atRows(p.effectInstructors, rows.instructorIndex),
        atRows(p.effectDepartments, rows.departmentIndex),
      ]);
      return tf.add(fixed, random);
    });
  }

  /** log p(params, ratings = observed): the pinned joint's unnormalised log-prob; one value per chain. */
  logDensity(params: MixedModelParams): tf.Tensor {
    return this.pinned.unnormalizedLogProb({...params});
  }

  /** Frees the data tensors and the priors' parameters. */
  dispose(): void {
    this.pinned.dispose();
    for (const dist of Object.values(this.roots)) dist.dispose();
    tf.dispose([this.ratings, this.service, this.studentIndex, this.instructorIndex, this.departmentIndex]);
    for (const b of this.blocks) tf.dispose([b.ratings, b.service, b.studentIndex, b.instructorIndex, b.departmentIndex]);
  }
}

function checkedLevels(name: string, factor: MixedModelData['students']): number {
  const k = factor.levels.length;
  const index = factor.index;
  for (let i = 0; i < index.length; i++) {
    if (!(index[i] >= 0 && index[i] < k)) {
      throw new Error(`LinearMixedEffectsModel: data.${name}.index[${i}] is ${index[i]}; expected an index in [0, ${k - 1}]`);
    }
  }
  return k;
}

function levelCounts(index: Int32Array, levels: number): Int32Array {
  const counts = new Int32Array(levels);
  for (let i = 0; i < index.length; i++) counts[index[i]] += 1;
  return counts;
}
