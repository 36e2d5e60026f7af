import {MatrixLike, VectorLike} from './internal/arrays';
import {ClassifierOutputOptions, readClassifierOutputs, topLabel} from './internal/classifier_outputs';

/**
 * Top-1 accuracy: the fraction of examples whose most probable class (the first on ties, like
 * tf.argMax) is the label. `probs` is `[N, K]` (or a binary classifier's `[N]` P(y = 1)).
 */
export function accuracy(probs: MatrixLike, labels: VectorLike, options: ClassifierOutputOptions = {}): number {
  const c = readClassifierOutputs('accuracy', probs, labels, options);
  let correct = 0;
  for (let i = 0; i < c.numExamples; i++) {
    if (topLabel(c.probs, c.numClasses, i).label === c.labels[i]) correct++;
  }
  return correct / c.numExamples;
}
