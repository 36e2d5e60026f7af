import * as tf from '@tensorflow/tfjs';
import {ROW_SUM_TOLERANCE} from './internal/classifier_outputs';
import {McPredictOptions, StochasticModel, mapPassBatches} from './mc_predict';

/** Options of classifierUncertainty and mcClassify. */
export interface ClassifierUncertaintyOptions {
  /** The passes return logits (log-softmax is applied) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * Check that probabilities lie in [0, 1] and sum to 1 over the last axis (within 1e-3), at the
   * cost of reading them back. Default false.
   */
  validateArgs?: boolean;
}

/**
 * Uncertainty of a classifier's Monte Carlo predictive distribution, in nats, per example.
 * `totalEntropy = expectedEntropy + mutualInformation`.
 */
export type ClassifierUncertainty = {
  /** Predictive probabilities E_t[p_t], `[N, K]`. */
  meanProbs: tf.Tensor;
  /** Total predictive entropy H[E_t p_t], `[N]`. */
  totalEntropy: tf.Tensor;
  /** Expected entropy E_t H[p_t] (aleatoric part), `[N]`. */
  expectedEntropy: tf.Tensor;
  /**
   * Mutual information between the prediction and the model's randomness (epistemic part),
   * H[E_t p_t] - E_t H[p_t], `[N]`; >= 0 by Jensen's inequality, so float rounding below 0 is set to 0.
   */
  mutualInformation: tf.Tensor;
};

/** Smallest normal float32: p * log(max(p, tiny)) is 0 for p = 0 (the limit of p log p). */
const FLOAT32_TINY = 1.1754944e-38;

function checkSamples(fn: string, samples: tf.Tensor): void {
  if (!(samples instanceof tf.Tensor)) {
    throw new Error(`${fn}: samples must be a tf.Tensor [T, N, K] of per-pass class probabilities, got ${String(samples)}`);
  }
  if (samples.isDisposed) throw new Error(`${fn}: the samples tensor was already disposed`);
  if (samples.rank < 2 || samples.shape.some((d) => d === 0) || samples.shape[samples.rank - 1] < 2) {
    throw new Error(`${fn}: samples has shape [${samples.shape.join(', ')}], expected [T, N, K] (or [T, ..., K]) with T >= 1 and K >= 2 classes`);
  }
}

/** Reads the probabilities back and checks their range and row sums (see validateArgs). */
function checkProbabilities(fn: string, samples: tf.Tensor): void {
  const [min, max, worstSum] = tf.tidy(() => {
    const x = samples.toFloat();
    return [tf.min(x), tf.max(x), tf.max(tf.abs(tf.sub(tf.sum(x, -1), 1)))].map((v) => v.dataSync()[0]);
  });
  if (!(min >= 0 && max <= 1)) {
    throw new Error(`${fn}: samples hold values in [${min}, ${max}], expected probabilities in [0, 1] (pass fromLogits: true for logits)`);
  }
  if (!(worstSum <= ROW_SUM_TOLERANCE)) {
    throw new Error(`${fn}: a row of samples sums to 1 +/- ${worstSum}, expected 1 (within ${ROW_SUM_TOLERANCE}) over the last axis`);
  }
}

/**
 * Decomposes the uncertainty of T stochastic passes `samples` `[T, N, K]` (probabilities, or
 * logits with `fromLogits`) into total predictive entropy H[E p], expected entropy E[H p]
 * (aleatoric) and their difference, the mutual information (epistemic; Depeweg et al. 2018,
 * "BALD" in Houlsby et al. 2011). Leading axes after T may be any batch shape `[T, ..., K]`.
 * The caller owns (disposes) the returned tensors.
 */
export function classifierUncertainty(samples: tf.Tensor, options: ClassifierUncertaintyOptions = {}): ClassifierUncertainty {
  checkSamples('classifierUncertainty', samples);
  if (options.validateArgs && !options.fromLogits) checkProbabilities('classifierUncertainty', samples);
  return tf.tidy(() => {
    const x = samples.toFloat();
    const logProbs = options.fromLogits ? tf.logSoftmax(x) : tf.log(tf.maximum(x, FLOAT32_TINY));
    const probs = options.fromLogits ? tf.exp(logProbs) : x;
    const entropies = tf.neg(tf.sum(tf.mul(probs, logProbs), -1));
    const meanProbs = tf.mean(probs, 0);
    const totalEntropy = tf.neg(tf.sum(tf.mul(meanProbs, tf.log(tf.maximum(meanProbs, FLOAT32_TINY))), -1));
    const expectedEntropy = tf.mean(entropies, 0);
    const mutualInformation = tf.relu(tf.sub(totalEntropy, expectedEntropy));
    return {meanProbs, totalEntropy, expectedEntropy, mutualInformation};
  });
}

/** Options of mcClassify. */
export interface McClassifyOptions extends McPredictOptions, ClassifierUncertaintyOptions {}

/**
 * Monte Carlo classification: runs T stochastic passes of `model` over `inputs` `[N, ...]` (which
 * return `[N, K]` probabilities, or logits with `fromLogits`) and returns the predictive
 * probabilities with the entropy decomposition of classifierUncertainty. Streams over batches of
 * inputs, so at most T * batchSize * K outputs are held at a time.
 */
export function mcClassify(model: StochasticModel, inputs: tf.Tensor, options: McClassifyOptions): ClassifierUncertainty {
  return mapPassBatches('mcClassify', model, inputs, options, (passes) => {
    if (passes.rank !== 3) {
      throw new Error(`mcClassify: the model returned outputs of shape [${passes.shape.slice(1).join(', ')}] per pass, expected [batch, K] class probabilities or logits`);
    }
    return classifierUncertainty(passes, options);
  });
}
