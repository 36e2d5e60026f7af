import {MatrixLike, VectorLike} from './internal/arrays';
import {ClassifierOutputOptions, readClassifierOutputs} from './internal/classifier_outputs';

/** Options of negativeLogLikelihood. */
export interface NegativeLogLikelihoodOptions extends ClassifierOutputOptions {
  /**
   * Probabilities are clipped to [epsilon, 1] before the log, so a confident mistake costs at
   * most -log(epsilon) (16.1 nats for the default 1e-7, Keras' epsilon). Logits need no clipping.
   */
  epsilon?: number;
}

/**
 * Mean negative log-likelihood (cross-entropy) of the labels, in nats:
 * `-(1/N) sum_i log p_i[y_i]`, with p clipped to [epsilon, 1] (log-softmax exactly for logits).
 */
export function negativeLogLikelihood(probs: MatrixLike, labels: VectorLike, options: NegativeLogLikelihoodOptions = {}): number {
  const epsilon = options.epsilon ?? 1e-7;
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new Error(`negativeLogLikelihood: epsilon is ${epsilon}, expected a number in (0, 1)`);
  }
  const c = readClassifierOutputs('negativeLogLikelihood', probs, labels, options);
  let total = 0;
  for (let i = 0; i < c.numExamples; i++) {
    const j = i * c.numClasses + c.labels[i];
    total -= options.fromLogits ? c.logProbs[j] : Math.log(Math.min(1, Math.max(epsilon, c.probs[j])));
  }
  return total / c.numExamples;
}
