/**
 * Shared machinery of the distributions parameterised by `logits` or `probs` (Bernoulli,
 * Categorical, OneHotCategorical, Binomial, Geometric, NegativeBinomial, Multinomial and the relaxed
 * distributions), and of the discrete distributions' support checks.
 */
import * as tf from '@tensorflow/tfjs';
import {describeValues, TensorLike} from './parameters';

/**
 * Checks that exactly one of two alternative parameters was given (TFP's "Must pass probs or logits,
 * but not both") and returns the name of the one given.
 */
export function exactlyOneOf<A extends string, B extends string>(
  owner: string,
  given: {[K in A | B]?: TensorLike},
  first: A,
  second: B,
): A | B {
  const hasFirst = given[first] !== undefined && given[first] !== null;
  const hasSecond = given[second] !== undefined && given[second] !== null;
  if (hasFirst === hasSecond) {
    throw new Error(
      `${owner}: give exactly one of '${first}' and '${second}'; received ${hasFirst ? 'both' : 'neither'}`,
    );
  }
  return hasFirst ? first : second;
}

/**
 * a * b, with 0 wherever b is 0 even if a is infinite (tf.math.multiply_no_nan). The b == 0 mask is
 * built as 1 - |sign(b)| rather than with tf.equal, which has no gradient in tfjs and would break
 * differentiation when b depends on the variables.
 */
export function multiplyNoNan(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const product = tf.mul(a, b);
  const bIsZero = tf.cast(tf.sub(1, tf.abs(tf.sign(b))), 'bool');
  return tf.where(bIsZero, tf.zerosLike(product), product);
}

/** log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.neg(tf.softplus(tf.neg(x)));
}

/** log(p / (1 - p)) = log(p) - tf.log1p(-p): the logits of probabilities (TFP's `logits_parameter`). */
export function probsToLogits(probs: tf.Tensor): tf.Tensor {
  return tf.sub(tf.log(probs), tf.log1p(tf.neg(probs)));
}

/** [p, 1 - p] from logits (sigmoid(l), sigmoid(-l): no cancellation in 1 - p) or from probs. */
export function probsAndComplement(logits: tf.Tensor | undefined, probs: tf.Tensor | undefined): [tf.Tensor, tf.Tensor] {
  if (logits !== undefined) return [tf.sigmoid(logits), tf.sigmoid(tf.neg(logits))];
  const p = probs as tf.Tensor;
  return [p, tf.sub(1, p)];
}

/** Normalised log-probabilities over the last axis: log_softmax(logits). */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  return tf.logSoftmax(logits, -1);
}

/** H = -sum_k p_k log p_k over the last axis, with 0 log 0 = 0. */
export function categoricalEntropy(logProbs: tf.Tensor): tf.Tensor {
  return tf.neg(tf.sum(multiplyNoNan(logProbs, tf.exp(logProbs)), -1));
}

/** KL(p || q) = sum_k p_k (log p_k - log q_k) over the last axis, with 0 log 0 = 0. */
export function categoricalKL(logP: tf.Tensor, logQ: tf.Tensor): tf.Tensor {
  return tf.sum(multiplyNoNan(tf.sub(logP, logQ), tf.exp(logP)), -1);
}

/**
 * With validateArgs: throws unless every entry of x is an integer in [0, upper] (upper broadcasts
 * against x; undefined means unbounded), naming the distribution, the value and the support.
 */
export function assertIntegerSupport(owner: string, x: tf.Tensor, upper?: tf.Tensor | number, what = 'x'): void {
  const [xs, limits] = tf.tidy(() => {
    if (upper === undefined) return [x.dataSync(), undefined];
    const u = upper instanceof tf.Tensor ? upper : tf.scalar(upper);
    const shape = tf.backend_util.assertAndGetBroadcastShape(x.shape, u.shape);
    return [tf.broadcastTo(x, shape).dataSync(), tf.broadcastTo(u, shape).dataSync()];
  });
  for (let i = 0; i < xs.length; i++) {
    const limit = limits === undefined ? Infinity : limits[i];
    if (!(Number.isInteger(xs[i]) && xs[i] >= 0 && xs[i] <= limit)) {
      const range = limits === undefined ? '{0, 1, 2, ...}' : `{0, ..., ${limit}}`;
      throw new Error(
        `${owner}: ${what} must be an integer in ${range} (validateArgs); received ${xs[i]} at flat index ${i}` +
          (x.rank === 0 ? '' : ` of ${describeValues(x.dataSync(), x.shape)}`),
      );
    }
  }
}

/** One-hot int32 encoding of int32 indices over the last axis (tf.oneHot, which also allows depth 1). */
export function oneHot(indices: tf.Tensor, depth: number): tf.Tensor {
  return tf.cast(tf.equal(tf.expandDims(indices, -1), tf.range(0, depth, 1, 'int32')), 'int32');
}

