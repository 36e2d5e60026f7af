import * as tf from '@tensorflow/tfjs';
import {broadcastShapeOf, TensorInput, toFloat32} from './internal/elementwise_op';
import {stopGradient} from './internal/stop_gradient';

export interface ReduceWeightedLogSumExpOptions {
  /** Weights `b` multiplying exp(x) inside the sum (any sign); broadcast against x. Default 1. */
  weights?: TensorInput;
  /** Axis or axes to reduce; all axes when omitted. */
  axis?: number | number[];
  /** Keep reduced axes with size 1. Default false. */
  keepDims?: boolean;
}

const OP_NAME = 'reduceWeightedLogSumExp';

/** log|sum(w exp(x))| and sign(sum(w exp(x))), stabilised by the (gradient-free) max of x + log|w|. */
function weightedLogSumExp(x: TensorInput, options: ReduceWeightedLogSumExpOptions): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    let logx = toFloat32(x, 'x', OP_NAME);
    let weights = options.weights === undefined ? undefined : toFloat32(options.weights, 'weights', OP_NAME);
    if (weights !== undefined) {
      const shape = broadcastShapeOf([logx, weights], ['x', 'weights'], OP_NAME);
      logx = tf.broadcastTo(logx, shape);
      weights = tf.broadcastTo(weights, shape);
    }
    const rank = logx.rank;
    const axes =
      options.axis === undefined ? Array.from({length: rank}, (_, i) => i) : tf.util.parseAxisParam(options.axis, logx.shape);
    axes.forEach((a) => {
      if (a < 0 || a >= Math.max(rank, 1)) {
        throw new Error(`${OP_NAME}: axis ${options.axis} is out of range for x of shape [${logx.shape}]`);
      }
    });
    if (axes.some((a) => logx.shape[a] === 0)) {
      // An empty sum is 0: log 0 = -inf with sign 0 (backends disagree on max/sum over nothing).
      const kept = logx.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const outShape = options.keepDims ? kept : logx.shape.filter((_, i) => !axes.includes(i));
      return [tf.fill(outShape, -Infinity), tf.zeros(outShape)];
    }
    const logAbsWx = weights === undefined ? logx : tf.add(logx, tf.log(tf.abs(weights)));
    const rawMax = tf.max(logAbsWx, axes, true);
    const shift = stopGradient(tf.where(tf.isFinite(rawMax), rawMax, tf.zerosLike(rawMax)));
    let terms = tf.exp(tf.sub(logAbsWx, shift));
    if (weights !== undefined) terms = tf.mul(terms, tf.sign(weights));
    const total = tf.sum(terms, axes, true);
    let logSumExp = tf.add(tf.log(tf.abs(total)), shift);
    let sign = tf.sign(total);
    if (!options.keepDims) {
      logSumExp = tf.squeeze(logSumExp, axes);
      sign = tf.squeeze(sign, axes);
    }
    return [logSumExp, sign];
  });
}

/**
 * log(sum(weights * exp(x), axis)) computed stably (TFP `tfp.math.reduce_logsumexp`, and with
 * `weights` TFP's `reduce_weighted_logsumexp(logx, w)`). With negative weights the result is
 * log|sum|; use `reduceWeightedLogSumExp(..., {returnSign: true})` to also get the sign.
 * -inf for an empty or all -inf reduction.
 */
export function reduceLogSumExp(
  x: TensorInput,
  axis?: number | number[],
  keepDims = false,
  weights?: TensorInput,
): tf.Tensor {
  const [logSumExp, sign] = weightedLogSumExp(x, {axis, keepDims, weights});
  sign.dispose();
  return logSumExp;
}

/**
 * TFP's `reduce_weighted_logsumexp(logx, w, axis, keep_dims, return_sign)`: log|sum(w exp(x))|,
 * and with `returnSign: true` the pair [log|sum|, sign(sum)].
 */
export function reduceWeightedLogSumExp(
  x: TensorInput,
  options?: ReduceWeightedLogSumExpOptions & {returnSign?: false},
): tf.Tensor;
export function reduceWeightedLogSumExp(
  x: TensorInput,
  options: ReduceWeightedLogSumExpOptions & {returnSign: true},
): [tf.Tensor, tf.Tensor];
export function reduceWeightedLogSumExp(
  x: TensorInput,
  options: ReduceWeightedLogSumExpOptions & {returnSign?: boolean} = {},
): tf.Tensor | [tf.Tensor, tf.Tensor] {
  const [logSumExp, sign] = weightedLogSumExp(x, options);
  if (options.returnSign) return [logSumExp, sign];
  sign.dispose();
  return logSumExp;
}
