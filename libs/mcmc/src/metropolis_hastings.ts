/**
 * TFP's `tfp.mcmc.MetropolisHastings`: turns an uncalibrated proposal kernel into a calibrated one.
 * With the inner kernel's proposal x' and its log acceptance correction
 * c = log q(x | x') - log q(x' | x) (or the kinetic-energy change for HMC),
 *   logAcceptRatio = log p(x') - log p(x) + c,
 * and x' is accepted when log U < logAcceptRatio, U ~ Uniform(0, 1), independently per chain.
 * A NaN ratio counts as -inf (rejected).
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import type {TransitionKernel} from './kernel';
import {expandToPart, restoreStructure, stateParts, type State} from './internal/state';
import {mapTensors} from './internal/structure';

/** The results an uncalibrated (proposal) kernel must report. */
export type UncalibratedResults = {
  /** log q(x | x') - log q(x' | x), one value per chain. */
  logAcceptanceCorrection: tf.Tensor;
  /** Target log-prob at the kernel's state, one value per chain. */
  targetLogProb: tf.Tensor;
  [key: string]: tf.TensorContainer;
};

export type MetropolisHastingsResults<R extends UncalibratedResults = UncalibratedResults> = {
  /** The inner results of the state kept (proposed where accepted, previous elsewhere). */
  acceptedResults: R;
  /** Per chain: whether the proposal was accepted. */
  isAccepted: tf.Tensor;
  /** Per chain: log p(x') - log p(x) + correction. */
  logAcceptRatio: tf.Tensor;
  proposedState: tf.Tensor[];
  proposedResults: R;
};

export interface MetropolisHastingsOptions<R extends UncalibratedResults> {
  innerKernel: TransitionKernel<R>;
}

export class MetropolisHastings<R extends UncalibratedResults = UncalibratedResults>
  implements TransitionKernel<MetropolisHastingsResults<R>>
{
  readonly isCalibrated = true;
  readonly innerKernel: TransitionKernel<R>;

  constructor(options: MetropolisHastingsOptions<R>) {
    if (options?.innerKernel === undefined || typeof options.innerKernel.oneStep !== 'function') {
      throw new Error('MetropolisHastings: innerKernel must be a TransitionKernel');
    }
    if (options.innerKernel.isCalibrated) {
      throw new Error('MetropolisHastings: innerKernel is already calibrated (isCalibrated true); expected an uncalibrated proposal kernel');
    }
    this.innerKernel = options.innerKernel;
  }

  bootstrapResults(initState: State): MetropolisHastingsResults<R> {
    return tf.tidy(() => {
      const parts = stateParts(initState);
      const inner = this.innerKernel.bootstrapResults(initState);
      const batchShape = inner.targetLogProb.shape;
      return {
        acceptedResults: inner,
        isAccepted: tf.ones(batchShape, 'bool'),
        logAcceptRatio: tf.zeros(batchShape),
        proposedState: parts.map((p) => tf.clone(p)),
        proposedResults: mapTensors(inner, (t) => tf.clone(t)),
      };
    });
  }

  oneStep<S extends State>(
    currentState: S,
    previousKernelResults: MetropolisHastingsResults<R>,
    seed?: number,
  ): [S, MetropolisHastingsResults<R>] {
    return tf.tidy(() => {
      const seeds = new SeedStream(seed, 'MetropolisHastings');
      const [proposed, proposedResults] = this.innerKernel.oneStep(
        currentState,
        previousKernelResults.acceptedResults,
        seeds.next(),
      );
      const previous = previousKernelResults.acceptedResults;
      const ratio = tf.add(tf.sub(proposedResults.targetLogProb, previous.targetLogProb), proposedResults.logAcceptanceCorrection);
      const logAcceptRatio = tf.where(tf.isNaN(ratio), tf.fill(ratio.shape, -Infinity), ratio);
      const logU = tf.log(tf.randomUniform(logAcceptRatio.shape, 0, 1, 'float32', seeds.next()));
      const isAccepted = tf.less(logU, logAcceptRatio);
      const proposedParts = stateParts(proposed);
      const nextParts = stateParts(currentState).map((c, i) =>
        tf.where(tf.broadcastTo(expandToPart(isAccepted, c), c.shape), proposedParts[i], c),
      );
      const acceptedResults = chooseResults(isAccepted, proposedResults, previous);
      return [
        restoreStructure(currentState, nextParts),
        {acceptedResults, isAccepted, logAcceptRatio, proposedState: proposedParts.map((p) => tf.clone(p)), proposedResults},
      ];
    });
  }
}

/**
 * Per chain, the proposed results where accepted and the previous ones elsewhere. Leaves whose
 * shape starts with the chain batch shape are chosen per chain; other leaves (shared step sizes)
 * come from the proposal.
 */
function chooseResults<T extends tf.TensorContainer>(isAccepted: tf.Tensor, proposed: T, previous: T): T {
  const prevLeaves: tf.Tensor[] = [];
  mapTensors(previous, (t) => {
    prevLeaves.push(t);
    return t;
  });
  let i = 0;
  const b = isAccepted.shape;
  return mapTensors(proposed, (p) => {
    const q = prevLeaves[i++];
    const sameShape = q.rank === p.rank && q.shape.every((d, k) => d === p.shape[k]);
    const batched = sameShape && p.rank >= b.length && b.every((d, k) => d === p.shape[k]);
    if (!batched) return tf.clone(p);
    return tf.where(tf.broadcastTo(expandToPart(isAccepted, p), p.shape), p, q);
  });
}
