import {MatrixLike, VectorLike} from './internal/arrays';
import {ClassifierOutputOptions, readClassifierOutputs} from './internal/classifier_outputs';

/**
 * Multi-class Brier score (Brier 1950): `(1/N) sum_i sum_k (p_ik - [y_i = k])^2`, in [0, 2].
 * (TFP's tfp.stats.brier_score returns the per-example `sum_k p_k^2 - 2 p_y`, which is this
 * minus 1.) A binary classifier's `[N]` P(y = 1) counts both classes, so it scores 2 (p - y)^2.
 */
export function brierScore(probs: MatrixLike, labels: VectorLike, options: ClassifierOutputOptions = {}): number {
  const c = readClassifierOutputs('brierScore', probs, labels, options);
  let total = 0;
  for (let i = 0; i < c.numExamples; i++) {
    for (let k = 0; k < c.numClasses; k++) {
      const d = c.probs[i * c.numClasses + k] - (k === c.labels[i] ? 1 : 0);
      total += d * d;
    }
  }
  return total / c.numExamples;
}
