import * as tf from '@tensorflow/tfjs';
import type {JointEventSpaceBijector} from '@tfjs-probability/distributions';
import {PARAM_NAMES, type LinearMixedEffectsModel, type MixedModelParams} from './model';

const INTERCEPT = PARAM_NAMES.indexOf('intercept');
const DEPARTMENTS = PARAM_NAMES.indexOf('effectDepartments');

/**
 * The model's posterior on an unconstrained space, the state the samplers move in: one part per
 * latent variable in PARAM_NAMES order, each mapped onto its support by the pinned model's default
 * event-space bijector (TFP's `experimental_default_event_space_bijector`: Softplus for the
 * HalfNormal standard deviations, Identity for the rest), so
 *
 *   log p_u(u) = log p(params = f(u), ratings) + log|det df/du|   (unnormalizedLogProbUnconstrained).
 *
 * The department part is hierarchically centred (Gelfand, Sahu and Carlin 1995): it holds each
 * department's mean level m_j = intercept + effectDepartments[j], and effectDepartments = m - intercept.
 * With thousands of ratings per department the data pin m_j down, while the intercept and the raw
 * effects are only known up to a shared shift (a long, thin ridge for a diagonal-metric sampler);
 * in (intercept, m) that ridge is gone. The map is linear with unit Jacobian determinant.
 *
 * Every part has leading chain dimensions; the density returns one value per chain.
 */
export class UnconstrainedPosterior {
  readonly bijector: JointEventSpaceBijector;

  constructor(readonly model: LinearMixedEffectsModel) {
    this.bijector = model.pinned.experimentalDefaultEventSpaceBijector();
  }

  /** The event-space values z of the free parts (department part un-centred), by name. */
  private eventSpace(parts: readonly tf.Tensor[]): Record<string, tf.Tensor> {
    this.checkParts(parts);
    return Object.fromEntries(
      PARAM_NAMES.map((name, i) => [name, i === DEPARTMENTS ? tf.sub(parts[i], tf.expandDims(parts[INTERCEPT], -1)) : parts[i]]),
    );
  }

  /** Named, constrained parameters from the unconstrained parts. */
  constrain(parts: readonly tf.Tensor[]): MixedModelParams {
    const x = tf.tidy(() => this.bijector.forward(this.eventSpace(parts)) as Record<string, tf.Tensor>);
    return x as unknown as MixedModelParams;
  }

  /** The unconstrained parts of named, constrained parameters (bijector inverse; department means). */
  unconstrain(params: MixedModelParams): tf.Tensor[] {
    return tf.tidy(() => {
      const z = this.bijector.inverse({...params}) as unknown as Record<string, tf.Tensor>;
      return PARAM_NAMES.map((name) => (name === 'effectDepartments' ? tf.add(z[name], tf.expandDims(z.intercept, -1)) : tf.clone(z[name])));
    });
  }

  /** log p_u(u): the pinned model's unconstrained log density at the un-centred parts. */
  logDensity(parts: readonly tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => this.model.pinned.unnormalizedLogProbUnconstrained(this.eventSpace(parts)));
  }

  private checkParts(parts: readonly tf.Tensor[]): void {
    if (parts.length !== PARAM_NAMES.length) {
      throw new Error(`UnconstrainedPosterior: expected ${PARAM_NAMES.length} state parts (${PARAM_NAMES.join(', ')}); received ${parts.length}`);
    }
    const chains = parts[0].shape;
    PARAM_NAMES.forEach((name, i) => {
      const expected = [...chains, ...this.model.eventShape(name)];
      const shape = parts[i].shape;
      if (shape.length !== expected.length || shape.some((d, k) => d !== expected[k])) {
        throw new Error(
          `UnconstrainedPosterior: state part ${i} (${name}) has shape [${shape}]; expected [${expected}] ` +
            `(chain shape [${chains}] from part 0, event shape [${this.model.eventShape(name)}])`,
        );
      }
    });
  }
}

/** softplus^-1(y) = log(expm1(y)): the unconstrained value of a standard deviation y > 0. */
export function inverseSoftplus(y: number): number {
  return y > 20 ? y + Math.log1p(-Math.exp(-y)) : Math.log(Math.expm1(y));
}
