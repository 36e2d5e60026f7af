import * as tf from '@tensorflow/tfjs';
import {Exp} from '@tfjs-probability/bijectors';
import {PARAM_NAMES, POSITIVE_PARAMS, type LinearMixedEffectsModel, type MixedModelParams, type ParamName} from './model';

const EXP = new Exp();
const isPositive = (name: ParamName) => POSITIVE_PARAMS.includes(name);

/**
 * The model's posterior on an unconstrained space, the state the samplers move in: one part per
 * latent variable in PARAM_NAMES order, standard deviations as their logs (the Exp bijector, as
 * TFP's TransformedTransitionKernel with the HalfNormal's default event-space bijector would), so
 *
 *   log p_u(u) = log p(params = constrain(u), ratings) + sum over sds of log|d exp(u)/du| (= u).
 *
 * Every part has leading chain dimensions; the density returns one value per chain.
 */
export class UnconstrainedPosterior {
  constructor(readonly model: LinearMixedEffectsModel) {}

  /** Named, constrained parameters from the unconstrained parts. */
  constrain(parts: readonly tf.Tensor[]): MixedModelParams {
    this.checkParts(parts);
    return Object.fromEntries(
      PARAM_NAMES.map((name, i) => [name, isPositive(name) ? EXP.forward(parts[i]) : parts[i]]),
    ) as unknown as MixedModelParams;
  }

  /** The unconstrained parts of named, constrained parameters (logs of the sds). */
  unconstrain(params: MixedModelParams): tf.Tensor[] {
    return PARAM_NAMES.map((name) => (isPositive(name) ? EXP.inverse(params[name]) : tf.clone(params[name])));
  }

  /** log p_u(u): the pinned joint density at constrain(u) plus the log-Jacobian of the sds' Exp. */
  logDensity(parts: readonly tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const lp = this.model.logDensity(this.constrain(parts));
      const jacobians = PARAM_NAMES.flatMap((name, i) => (isPositive(name) ? [EXP.forwardLogDetJacobian(parts[i], 0)] : []));
      return tf.add(lp, tf.addN(jacobians));
    });
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
