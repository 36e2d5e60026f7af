/**
 * TFP's `tfp.mcmc.TransformedTransitionKernel`: runs an inner kernel in an unconstrained space z,
 * mapped to the target's space by bijectors x = f(z) (one per state part), so that e.g. a rate > 0
 * (Exp, Softplus) or a probability in (0, 1) (Sigmoid) can be sampled by HMC or NUTS. The inner
 * kernel is built by the caller with the target in x; this kernel uses a copy of it whose target is
 *   log p_z(z) = log p_x(f(z)) + log |det df/dz|,
 * the log-det-Jacobian summed over every event dimension of the part (its dimensions after the
 * chain dimensions of the target's output). States given to and returned by oneStep are in x; the
 * results carry the chain state in z (`transformedState`), on which the next step continues, so
 * f is never inverted after bootstrapResults.
 *
 *   new DualAveragingStepSizeAdaptation({
 *     innerKernel: new TransformedTransitionKernel({
 *       innerKernel: new HamiltonianMonteCarlo({targetLogProbFn, stepSize: 0.1, numLeapfrogSteps: 8}),
 *       bijector: new Sigmoid(),
 *     }),
 *     numAdaptationSteps: 400,
 *   });
 */
import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity} from '@tfjs-probability/bijectors';
import {retargetKernel, type TransitionKernel} from './kernel';
import {restoreStructure, stateParts, type State, type TargetLogProbFn} from './internal/state';

export type TransformedTransitionKernelResults<IR extends tf.TensorContainer = tf.TensorContainer> = {
  /** The chain state in the unconstrained space z, one tensor per state part. */
  transformedState: tf.Tensor[];
  /** The inner kernel's results (in z). */
  innerResults: IR;
};

export interface TransformedTransitionKernelOptions<IR extends tf.TensorContainer> {
  /** A kernel built with the target log-prob in the constrained space x (it is copied with log p_z). */
  innerKernel: TransitionKernel<IR>;
  /** x = forward(z): one bijector for a one-part state, or one per state part. */
  bijector: Bijector | Bijector[];
}

const NAME = 'TransformedTransitionKernel';

export class TransformedTransitionKernel<IR extends tf.TensorContainer = tf.TensorContainer>
  implements TransitionKernel<TransformedTransitionKernelResults<IR>>
{
  /** The inner kernel, targeting log p_z. */
  readonly innerKernel: TransitionKernel<IR>;
  readonly bijector: Bijector[];

  constructor(options: TransformedTransitionKernelOptions<IR>) {
    if (options?.innerKernel === undefined || typeof options.innerKernel.oneStep !== 'function') {
      throw new Error(`${NAME}: innerKernel must be a TransitionKernel`);
    }
    const list = Array.isArray(options.bijector) ? options.bijector : [options.bijector];
    if (list.length === 0) throw new Error(`${NAME}: bijector is an empty array; expected one bijector per state part`);
    list.forEach((b, i) => {
      if (!(b instanceof Bijector)) {
        const where = Array.isArray(options.bijector) ? `bijector[${i}]` : 'bijector';
        throw new Error(`${NAME}: ${where} must be a Bijector of @tfjs-probability/bijectors; received ${b === null ? 'null' : typeof b}`);
      }
    });
    this.bijector = list;
    this.innerKernel = retargetKernel(NAME, options.innerKernel, (fn) => this.transformedTargetLogProbFn(fn));
  }

  get isCalibrated(): boolean {
    return this.innerKernel.isCalibrated;
  }

  /** log p_x(f(z)) + log |det df/dz| per chain. */
  private transformedTargetLogProbFn(targetLogProbFn: TargetLogProbFn): TargetLogProbFn {
    return (...z: tf.Tensor[]) =>
      tf.tidy(() => {
        this.checkNumParts(z.length);
        // Identity parts pass through with log-det 0 (saves a clone, a broadcast and a sum per part).
        const identity = this.bijector.map((b) => b instanceof Identity);
        const logProb = targetLogProbFn(...z.map((zi, i) => (identity[i] ? zi : this.bijector[i].forward(zi))));
        // A malformed target is reported by the inner kernel's shape check.
        if (!(logProb instanceof tf.Tensor) || z.some((zi) => zi.rank < logProb.rank)) return logProb;
        return z.reduce(
          (acc, zi, i) => (identity[i] ? acc : tf.add(acc, this.bijector[i].forwardLogDetJacobian(zi, zi.rank - logProb.rank))),
          logProb,
        );
      });
  }

  private checkNumParts(numParts: number): void {
    if (this.bijector.length !== numParts) {
      throw new Error(
        `${NAME}: ${this.bijector.length} bijector(s) for a state of ${numParts} part(s); expected one bijector per state part`,
      );
    }
  }

  bootstrapResults(initState: State): TransformedTransitionKernelResults<IR> {
    const parts = stateParts(initState);
    this.checkNumParts(parts.length);
    return tf.tidy(() => {
      const transformedState = parts.map((x, i) => {
        const z = this.bijector[i].inverse(x);
        const bad = z.dataSync().findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new Error(
            `${NAME}: the initial state part ${i} (shape [${x.shape}]) holds ${x.dataSync()[bad]} at flat index ${bad}, ` +
              `outside the domain of ${this.bijector[i].constructor.name}.inverse (it maps to ${z.dataSync()[bad]}); ` +
              `expected a point inside the support`,
          );
        }
        return z;
      });
      const innerResults = this.innerKernel.bootstrapResults(restoreStructure(initState, transformedState));
      return {transformedState, innerResults};
    });
  }

  oneStep<S extends State>(
    currentState: S,
    previous: TransformedTransitionKernelResults<IR>,
    seed?: number,
  ): [S, TransformedTransitionKernelResults<IR>] {
    // A scope only around the bijectors (a tidy around the inner step would walk all its results again).
    const current = restoreStructure(currentState, previous.transformedState);
    const [next, innerResults] = this.innerKernel.oneStep(current, previous.innerResults, seed);
    const transformedState = stateParts(next);
    try {
      const x = tf.tidy(() => transformedState.map((z, i) => this.bijector[i].forward(z)));
      return [restoreStructure(currentState, x), {transformedState, innerResults}];
    } catch (error) {
      tf.dispose([transformedState, innerResults] as tf.TensorContainer);
      throw error;
    }
  }
}
