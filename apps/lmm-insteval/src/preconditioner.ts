import * as tf from '@tensorflow/tfjs';
import {PARAM_NAMES, type LinearMixedEffectsModel} from './model';
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
   * From rough values of the standard deviations (sd of the ratings for the noise, `groupSd` for
   * the groups): each effect's scale is its conditional posterior sd 1 / sqrt(1/sd_k^2 + n_j/sd^2)
   * (n_j ratings of level j), the fixed effects' their least-squares standard errors (the
   * intercept's widened by the department scale it is confounded with), an sd's
   * sd / sqrt(2 * number of values it is estimated from), divided by softplus'(u) = 1 - exp(-sd) as
   * sds are sampled as u = softplus^-1(sd). Shift: the mean rating for the intercept and the
   * department means (the centred department part, see UnconstrainedPosterior), softplus^-1 of
   * the rough sds, zero elsewhere.
   */
  static fromModel(model: LinearMixedEffectsModel, groupSd = 0.5): DiagonalPreconditioner {
    const noise = Math.max(model.ratingSd, 1e-3);
    const n = model.rows;
    const p = Math.min(Math.max(model.serviceFraction, 1 / n), 1 - 1 / n);
    const effectScale = (counts: Int32Array) =>
      Float32Array.from(counts, (c) => 1 / Math.sqrt(1 / groupSd ** 2 + c / noise ** 2));
    const shifts: Record<string, number> = {
      intercept: model.ratingMean,
      sdStudents: inverseSoftplus(groupSd),
      sdInstructors: inverseSoftplus(groupSd),
      sdDepartments: inverseSoftplus(groupSd),
      sdNoise: inverseSoftplus(noise),
    };
    const sdScale = (sd: number, count: number) => sd / Math.sqrt(2 * count) / -Math.expm1(-sd);
    const scalarScales: Record<string, number> = {
      intercept: Math.sqrt(noise ** 2 / n + groupSd ** 2 / model.numDepartments),
      effectService: noise / Math.sqrt(n * p * (1 - p)),
      sdStudents: sdScale(groupSd, model.numStudents),
      sdInstructors: sdScale(groupSd, model.numInstructors),
      sdDepartments: sdScale(groupSd, model.numDepartments),
      sdNoise: sdScale(noise, n),
    };
    const vectors: Record<string, Int32Array> = {
      effectStudents: model.counts.students,
      effectInstructors: model.counts.instructors,
      effectDepartments: model.counts.departments,
    };
    const shift = PARAM_NAMES.map((name) => {
      if (name === 'effectDepartments') return tf.fill(model.eventShape(name), model.ratingMean);
      return name in vectors ? tf.zeros(model.eventShape(name)) : tf.scalar(shifts[name] ?? 0);
    });
    const scale = PARAM_NAMES.map((name) =>
      name in vectors ? tf.tensor1d(effectScale(vectors[name])) : tf.scalar(scalarScales[name]),
    );
    return new DiagonalPreconditioner(shift, scale);
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
