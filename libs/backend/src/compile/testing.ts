/**
 * Targets shared by the compile tests: the eight-schools log-density in plain ops, and helpers
 * comparing a compiled function with tf.valueAndGrads.
 */
import * as tf from '@tensorflow/tfjs';
import {CompiledValueAndGrads} from './program';

const Y = [28, 8, -3, 7, -1, 1, 18, 12];
const SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];

/**
 * log p(mu, tau, thetaTilde | y) up to a constant, one value per chain (mu, tau: [chains],
 * thetaTilde: [chains, 8]), in plain tfjs ops differentiated by tfjs (libs/mcmc's
 * eightSchoolsModel is the same density with a hand-written tf.customGrad):
 *   -mu^2/50 - log(1 + tau^2/25) - |thetaTilde|^2/2 - sum_j (y_j - mu - tau thetaTilde_j)^2 / (2 sigma_j^2).
 * dispose() frees the data tensors.
 */
export function eightSchoolsTarget(): {fn: (mu: tf.Tensor, tau: tf.Tensor, thetaTilde: tf.Tensor) => tf.Tensor; dispose(): void} {
  const y = tf.tensor1d(Y);
  const sigma = tf.tensor1d(SIGMA);
  const fn = (mu: tf.Tensor, tau: tf.Tensor, thetaTilde: tf.Tensor) =>
    tf.tidy(() => {
      const theta = tf.add(tf.expandDims(mu, -1), tf.mul(tf.expandDims(tau, -1), thetaTilde));
      const likelihood = tf.sum(tf.square(tf.div(tf.sub(y, theta), sigma)), -1);
      const prior = tf.add(tf.div(tf.square(mu), 50), tf.log1p(tf.div(tf.square(tau), 25)));
      return tf.neg(tf.add(prior, tf.mul(0.5, tf.add(likelihood, tf.sum(tf.square(thetaTilde), -1)))));
    });
  return {fn, dispose: () => tf.dispose([y, sigma])};
}

/** The eight-schools state for `chains` chains (deterministic, tau > 0). */
export function eightSchoolsState(chains: number): tf.Tensor[] {
  const mu = tf.tensor1d(Array.from({length: chains}, (_, c) => 4 + c));
  const tau = tf.tensor1d(Array.from({length: chains}, (_, c) => 2 + 0.5 * c));
  const theta = tf.tensor2d(Array.from({length: chains * 8}, (_, k) => Math.sin(k + 1)), [chains, 8]);
  return [mu, tau, theta];
}

/** The largest |compiled - tfjs| / max(1, |tfjs|) over value and gradients, with tfjs's valueAndGrads at `inputs`. */
export function compiledError(
  compiled: CompiledValueAndGrads,
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
): {error: number; where: string} {
  const {value, grads} = tf.valueAndGrads(fn)(inputs);
  const want = [value, ...grads].map((t) => t.dataSync());
  tf.dispose([value, ...grads]);
  const got = compiled.evaluate(inputs.map((x) => x.dataSync()));
  let error = 0;
  let where = 'nowhere';
  [got.value, ...got.grads].forEach((g, o) => {
    if (g.length !== want[o].length) {
      error = Infinity;
      where = `output ${o} has ${g.length} values, tfjs ${want[o].length}`;
      return;
    }
    for (let k = 0; k < g.length; k++) {
      const w = want[o][k];
      const e = Number.isNaN(w) && Number.isNaN(g[k]) ? 0 : Math.abs(g[k] - w) / Math.max(1, Math.abs(w));
      if (!(e <= error)) {
        error = Number.isNaN(e) ? Infinity : e;
        where = `${o === 0 ? 'value' : `gradient ${o - 1}`}[${k}]: compiled ${g[k]}, tfjs ${w}`;
      }
    }
  });
  return {error, where};
}

/** A tensor of `shape` with deterministic values spread over [lo, hi] (`phase` picks another spread). */
export function spread(shape: number[], lo: number, hi: number, phase = 0): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({length: size}, (_, k) => lo + (hi - lo) * (((k + 1) * 0.6180339887 + phase * 0.3713) % 1));
  return tf.tensor(values, shape, 'float32');
}

/** One compiled-kernel test: `fn` runs `kernel`; inputs of `shapes` with values in [lo, hi]. */
export interface KernelCase {
  kernel: string;
  fn: (...xs: tf.Tensor[]) => tf.Tensor;
  shapes: number[][];
  lo?: number;
  hi?: number;
}

/**
 * `op` with a zero gradient (a tf.customGrad): tests kernels that tfjs 4.22 cannot differentiate
 * (StridedSlice, All, Any) on an input-dependent value.
 */
export function withZeroGradient(op: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor;
    return {value: op(x), gradFunc: () => [tf.zerosLike(x)]};
  });
  return (x) => f(x);
}
