import * as tf from '@tensorflow/tfjs';
import {PARAM_NAMES, type LinearMixedEffectsModel, type ParamName} from './model';
import {startValues, type StartValues} from './start_values';
import {inverseSoftplus} from './posterior';

/**
 * A diagonal affine reparameterisation of the unconstrained state, x = shift + scale * z per
 * element, so that the sampler moves in z where every coordinate has roughly unit posterior scale.
 * HMC with unit mass in z is HMC with the diagonal mass matrix 1 / scale^2 in x (Stan's diagonal
 * metric; TFP writes it as a TransformedTransitionKernel with a Shift and Scale bijector). The
 * Jacobian of the map is constant, so the target in z is the target in x at shift + scale * z.
 *
 * `shift` and `scale` have each part's event shape; the class owns them: call dispose().
 */
export class DiagonalPreconditioner {
  private constructor(
    readonly shift: tf.Tensor[],
    readonly scale: tf.Tensor[],
  ) {}

  /**
   * From start values (by default {@link startValues}, EM by backfitting): shift = the start values
   * (softplus^-1 of the sds; the department part holds intercept + department effect, see
   * UnconstrainedPosterior); scale = each effect's conditional posterior sd at the start, the
   * service effect's least-squares standard error, the intercept's sd_departments / sqrt(D) (given
   * the department means it is their mean), and an sd's sd / sqrt(2 * number of values it is
   * estimated from) divided by softplus'(u) = 1 - exp(-sd).
   */
  static fromModel(model: LinearMixedEffectsModel, start: StartValues = startValues(model.data)): DiagonalPreconditioner {
    const n = model.rows;
    const p = Math.min(Math.max(model.serviceFraction, 1 / n), 1 - 1 / n);
    const sdScale = (sd: number, count: number) => sd / Math.sqrt(2 * count) / -Math.expm1(-sd);
    const root = (v: Float64Array) => Float32Array.from(v, (x) => Math.sqrt(Math.max(x, 1e-10)));
    const departmentMeans = Float32Array.from(start.effectDepartments, (e) => start.intercept + e);
    const values: Record<ParamName, [number | Float32Array, number | Float32Array]> = {
      intercept: [start.intercept, Math.max(start.sdDepartments / Math.sqrt(model.numDepartments), start.sdNoise / Math.sqrt(n))],
      effectService: [start.effectService, start.sdNoise / Math.sqrt(n * p * (1 - p))],
      sdStudents: [inverseSoftplus(start.sdStudents), sdScale(start.sdStudents, model.numStudents)],
      sdInstructors: [inverseSoftplus(start.sdInstructors), sdScale(start.sdInstructors, model.numInstructors)],
      sdDepartments: [inverseSoftplus(start.sdDepartments), sdScale(start.sdDepartments, model.numDepartments)],
      sdNoise: [inverseSoftplus(start.sdNoise), sdScale(start.sdNoise, n)],
      effectStudents: [Float32Array.from(start.effectStudents), root(start.effectVariances.students)],
      effectInstructors: [Float32Array.from(start.effectInstructors), root(start.effectVariances.instructors)],
      effectDepartments: [departmentMeans, root(start.effectVariances.departments)],
    };
    const tensor = (v: number | Float32Array) => (typeof v === 'number' ? tf.scalar(v) : tf.tensor1d(v));
    return new DiagonalPreconditioner(
      PARAM_NAMES.map((name) => tensor(values[name][0])),
      PARAM_NAMES.map((name) => tensor(values[name][1])),
    );
  }

  /**
   * From warm-up draws of the unconstrained state ([draws, chains, ...event] per part): the mean
   * and standard deviation of every coordinate over draws and chains, the variance shrunk towards
   * `floor` as Stan does, var' = (m / (m + 5)) var + 5 floor / (m + 5) (m = number of draws pooled),
   * so a short window cannot give a zero scale.
   */
  static fromDraws(draws: readonly tf.Tensor[], floor = 1e-6): DiagonalPreconditioner {
    if (draws.length === 0 || draws[0].rank < 2) {
      throw new Error('DiagonalPreconditioner.fromDraws: expected state parts of shape [draws, chains, ...event]');
    }
    const [numDraws, numChains] = draws[0].shape as number[];
    const m = numDraws * numChains;
    if (m < 2) throw new Error(`DiagonalPreconditioner.fromDraws: need at least 2 draws in all; received ${m}`);
    const [shift, scale] = tf.tidy(() => {
      const moments = draws.map((d) => tf.moments(d, [0, 1]));
      const w = m / (m + 5);
      return [
        moments.map((mo) => tf.clone(mo.mean)),
        moments.map((mo) => tf.sqrt(tf.add(tf.mul(mo.variance, w * m / (m - 1)), (1 - w) * floor))),
      ];
    });
    return new DiagonalPreconditioner(shift, scale);
  }

  /** x = shift + scale * z for each part (z: [...chains, ...event]). */
  toUnconstrained(z: readonly tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => z.map((zi, i) => tf.add(this.shift[i], tf.mul(this.scale[i], zi))));
  }

  /** z = (x - shift) / scale for each part. */
  fromUnconstrained(x: readonly tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => x.map((xi, i) => tf.div(tf.sub(xi, this.shift[i]), this.scale[i])));
  }

  /** The target in z: target(shift + scale * z) (the constant log-Jacobian is dropped). */
  wrap(target: (parts: tf.Tensor[]) => tf.Tensor): (...z: tf.Tensor[]) => tf.Tensor {
    return (...z) => tf.tidy(() => target(this.toUnconstrained(z)));
  }

  dispose(): void {
    tf.dispose([...this.shift, ...this.scale]);
  }
}
