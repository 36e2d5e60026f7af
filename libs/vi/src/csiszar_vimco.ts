import * as tf from '@tensorflow/tfjs';
import {reduceLogSumExp} from '@tfjs-probability/math';
import {CsiszarFunction} from './csiszar_functions';
import {stopGradient} from './internal/stop_gradient';
import {callTarget, TensorStructure} from './internal/structure';
import {checkPositiveInteger, TargetLogProbFn} from './monte_carlo_variational_loss';
import {SurrogatePosterior} from './surrogate_posterior';

export interface CsiszarVimcoOptions<S extends TensorStructure> {
  /** The Csiszar function f, in log space. */
  f: CsiszarFunction;
  /** log p(x, h), called on the draws as `targetLogProbFn` is. */
  pLogProb: TargetLogProbFn;
  /** The surrogate q(h); need not be reparameterised. */
  q: SurrogatePosterior<S>;
  /** Draws m >= 2 averaged inside f. */
  numDraws: number;
  /** Independent estimates averaged outside f; default 1. */
  numBatchDraws?: number;
  seed?: number;
}

/**
 * log mean_j u_j over axis 0 and, for each i, the same average with u_i replaced by the geometric
 * mean of the others (TFP's `csiszar_vimco_helper`): returns [logAvgU, logSooAvgU], the second with
 * the draws' axis first.
 */
export function csiszarVimcoHelper(logu: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const n = logu.shape[0];
    if (logu.rank < 1 || n < 2) {
      throw new Error(`csiszarVimcoHelper: logu needs at least 2 draws along axis 0; received shape [${logu.shape}]`);
    }
    const logN = Math.log(n);
    const logAvgU = tf.sub(reduceLogSumExp(logu, 0), logN);
    // Leave-one-out geometric mean: (sum_j logu_j - logu_i) / (n - 1).
    const looMean = tf.div(tf.sub(tf.sum(logu, 0, true), logu), n - 1);
    const rest = logu.shape.slice(1);
    const eye = tf.reshape(tf.eye(n), [n, n, ...rest.map(() => 1)]);
    // swapped[i, j] = looMean_i where j = i, else logu_j.
    const swapped = tf.add(tf.mul(eye, tf.expandDims(looMean, 1)), tf.mul(tf.sub(1, eye), tf.expandDims(logu, 0)));
    const logSooAvgU = tf.sub(reduceLogSumExp(swapped, 1), logN);
    return [logAvgU, logSooAvgU];
  });
}

/**
 * TFP's `csiszar_vimco`: the f-divergence objective f(log mean_i u_i), u_i = p(x, h_i) / q(h_i), with
 * the VIMCO gradient (Mnih & Rezende 2016) generalised to Csiszar functions: the draws are not
 * differentiated; each log q(h_i) is weighted by f(log mean u) - f(log of the mean with u_i swapped
 * for the geometric mean of the others), a leave-one-out control variate. For non-reparameterised
 * surrogates (discrete latents). Returns the mean over `numBatchDraws`, with q's batch shape.
 */
export function csiszarVimco<S extends TensorStructure>(options: CsiszarVimcoOptions<S>): tf.Tensor {
  const owner = 'csiszarVimco';
  const {f, pLogProb, q} = options;
  if (typeof f !== 'function') throw new Error(`${owner}: f must be a Csiszar function of logu; received ${String(f)}`);
  if (typeof pLogProb !== 'function' && (pLogProb === null || typeof pLogProb !== 'object')) {
    throw new Error(`${owner}: pLogProb must be a function; received ${String(pLogProb)}`);
  }
  if (q === null || typeof q !== 'object' || typeof q.sample !== 'function' || typeof q.logProb !== 'function') {
    throw new Error(`${owner}: q must be a distribution (with sample and logProb); received ${String(q)}`);
  }
  const numDraws = checkPositiveInteger(owner, 'numDraws', options.numDraws);
  if (numDraws < 2) throw new Error(`${owner}: numDraws must be at least 2; received ${numDraws}`);
  const numBatchDraws = checkPositiveInteger(owner, 'numBatchDraws', options.numBatchDraws ?? 1);
  return tf.tidy(() => {
    const drawn = q.sample([numDraws, numBatchDraws], options.seed);
    const x = (drawn instanceof tf.Tensor
      ? stopGradient(drawn)
      : Array.isArray(drawn)
        ? drawn.map(stopGradient)
        : Object.fromEntries(Object.entries(drawn).map(([k, v]) => [k, stopGradient(v)]))) as S;
    const logqx = q.logProb(x);
    const logu = tf.sub(callTarget(pLogProb, x), logqx);
    const [logAvgU, logSooAvgU] = csiszarVimcoHelper(logu);
    const fAvg = f(logAvgU);
    const fSoo = f(logSooAvgU);
    const dotprod = tf.sum(tf.mul(logqx, stopGradient(tf.sub(tf.expandDims(fAvg, 0), fSoo))), 0);
    // Adds zero in value, the control-variate score term in gradient.
    const objective = tf.add(fAvg, tf.sub(dotprod, stopGradient(dotprod)));
    return tf.mean(objective, 0);
  });
}
