import * as tf from '@tensorflow/tfjs';
import {normalQuantile} from './internal/normal_quantile';
import {
  McPredictOptions,
  StochasticFunction,
  checkMcOptions,
  checkPassOutput,
  concatAndDispose,
  forEachInputBatch,
  forwardPass,
} from './mc_predict';

/** A predictive distribution returned by one pass: anything with mean() and variance() (e.g. a tfd.Normal). */
export interface MeanVariance {
  mean(): tf.Tensor;
  variance(): tf.Tensor;
}

/** T passes that each returned a predictive mean and variance, both `[T, N, ...]`. */
export interface MeanVarianceSamples {
  means: tf.Tensor;
  variances: tf.Tensor;
}

/** How the central predictive interval is formed. */
export type IntervalMethod = 'quantile' | 'gaussian';

/** Options of regressorUncertainty and mcRegress. */
export interface RegressorUncertaintyOptions {
  /** Probability mass of the central interval, in (0, 1). Default 0.95. */
  level?: number;
  /**
   * `'quantile'`: the (1 - level)/2 and (1 + level)/2 quantiles of the T point predictions (linear
   * interpolation between order statistics, numpy's default); only for point predictions.
   * `'gaussian'`: mean -/+ z * sqrt(variance) with z = Phi^{-1}((1 + level)/2).
   * Default: 'quantile' for point predictions, 'gaussian' for means and variances.
   */
  interval?: IntervalMethod;
}

/**
 * Monte Carlo predictive moments and interval of a regressor, per output element `[N, ...]`.
 * Variances are those of the equal-weight mixture of the T passes (divisor T):
 * `variance = aleatoricVariance + epistemicVariance` (law of total variance).
 */
export type RegressorUncertainty = {
  /** Predictive mean E_t[mu_t]. */
  mean: tf.Tensor;
  /** Predictive variance E_t[sigma_t^2] + Var_t[mu_t]. */
  variance: tf.Tensor;
  /** Var_t[mu_t], the spread of the passes' means (the model's uncertainty). */
  epistemicVariance: tf.Tensor;
  /** E_t[sigma_t^2], the noise each pass predicts (0 for point predictions). */
  aleatoricVariance: tf.Tensor;
  /** Lower end of the central interval. */
  lower: tf.Tensor;
  /** Upper end of the central interval. */
  upper: tf.Tensor;
};

function checkLevel(fn: string, level: number): void {
  if (!(level > 0 && level < 1)) throw new Error(`${fn}: level is ${level}, expected a probability in (0, 1)`);
}

/** Linear-interpolation quantiles (numpy 'linear') along axis 0 of `[T, ...]`, at probabilities `qs`. */
function quantilesAlongAxis0(x: tf.Tensor, qs: number[]): tf.Tensor[] {
  const t = x.shape[0];
  const m = x.size / t;
  const data = x.dataSync();
  const outs = qs.map(() => new Float32Array(m));
  const column = new Float64Array(t);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < t; i++) column[i] = data[i * m + j];
    column.sort();
    qs.forEach((q, k) => {
      const h = (t - 1) * q;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, t - 1);
      outs[k][j] = column[lo] + (h - lo) * (column[hi] - column[lo]);
    });
  }
  return outs.map((values) => tf.tensor(values, x.shape.slice(1), 'float32'));
}

function isMeanVarianceSamples(x: unknown): x is MeanVarianceSamples {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && 'means' in x && 'variances' in x;
}

/**
 * Predictive mean, variance (split into epistemic and aleatoric parts) and central interval from
 * T Monte Carlo passes: either point predictions `samples` `[T, N, ...]`, or each pass's predictive
 * mean and variance `{means, variances}` (law of total variance). The caller owns the results.
 */
export function regressorUncertainty(
  samples: tf.Tensor | MeanVarianceSamples,
  options: RegressorUncertaintyOptions = {},
): RegressorUncertainty {
  const fn = 'regressorUncertainty';
  const level = options.level ?? 0.95;
  checkLevel(fn, level);
  const pointwise = !isMeanVarianceSamples(samples);
  const means = pointwise ? samples : samples.means;
  const variances = pointwise ? null : samples.variances;
  if (!(means instanceof tf.Tensor) || means.isDisposed || means.rank < 1 || means.shape[0] < 1) {
    throw new Error(`${fn}: expected ${pointwise ? 'samples' : 'means'} to be a live tf.Tensor [T, N, ...] with T >= 1, got ${means instanceof tf.Tensor ? `shape [${means.shape.join(', ')}]` : String(means)}`);
  }
  if (variances !== null && (!(variances instanceof tf.Tensor) || !tf.util.arraysEqual(variances.shape, means.shape))) {
    throw new Error(`${fn}: variances has shape ${variances instanceof tf.Tensor ? `[${variances.shape.join(', ')}]` : String(variances)}, expected the shape of means [${means.shape.join(', ')}]`);
  }
  const interval = options.interval ?? (pointwise ? 'quantile' : 'gaussian');
  if (interval !== 'quantile' && interval !== 'gaussian') {
    throw new Error(`${fn}: interval is ${JSON.stringify(interval)}, expected 'quantile' or 'gaussian'`);
  }
  if (interval === 'quantile' && !pointwise) {
    throw new Error(`${fn}: interval 'quantile' needs point predictions; with {means, variances} use interval 'gaussian'`);
  }
  return tf.tidy(() => {
    const mu = means.toFloat();
    const mean = tf.mean(mu, 0);
    const epistemicVariance = tf.mean(tf.square(tf.sub(mu, mean)), 0);
    const aleatoricVariance = variances === null ? tf.zerosLike(mean) : tf.mean(variances.toFloat(), 0);
    const variance = tf.add(epistemicVariance, aleatoricVariance);
    let lower: tf.Tensor;
    let upper: tf.Tensor;
    if (interval === 'quantile') {
      [lower, upper] = quantilesAlongAxis0(mu, [(1 - level) / 2, (1 + level) / 2]);
    } else {
      const halfWidth = tf.mul(tf.sqrt(variance), normalQuantile((1 + level) / 2));
      lower = tf.sub(mean, halfWidth);
      upper = tf.add(mean, halfWidth);
    }
    return {mean, variance, epistemicVariance, aleatoricVariance, lower, upper};
  });
}

/** Options of mcRegress. */
export interface McRegressOptions extends McPredictOptions, RegressorUncertaintyOptions {}

/** A regressor for mcRegress: a tf.LayersModel, or a function whose passes return point predictions or a distribution. */
export type StochasticRegressor = tf.LayersModel | StochasticFunction<tf.Tensor | MeanVariance>;

function isMeanVariance(x: unknown): x is MeanVariance {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) &&
    typeof (x as MeanVariance).mean === 'function' && typeof (x as MeanVariance).variance === 'function';
}

/**
 * Monte Carlo regression: T stochastic passes of `model` over `inputs` `[N, ...]`, reduced by
 * regressorUncertainty batch by batch (so at most T * batchSize outputs are held at a time).
 * Each pass returns point predictions `[b, ...]` or a predictive distribution with mean() and
 * variance() (all passes alike).
 */
export function mcRegress(model: StochasticRegressor, inputs: tf.Tensor, options: McRegressOptions): RegressorUncertainty {
  const fn = 'mcRegress';
  const batchSize = checkMcOptions(fn, inputs, options);
  checkLevel(fn, options.level ?? 0.95);
  const parts: RegressorUncertainty[] = [];
  try {
    forEachInputBatch(inputs, batchSize, (batch) => {
      parts.push(tf.tidy(() => {
        const means: tf.Tensor[] = [];
        const variances: tf.Tensor[] = [];
        for (let t = 0; t < options.numSamples; t++) {
          const out = forwardPass(fn, model, batch, t, options.training ?? false);
          if (isMeanVariance(out)) {
            if (t > 0 && variances.length === 0) throw new Error(`${fn}: pass ${t} returned a distribution but pass 0 returned a tensor; all passes must return the same kind`);
            means.push(checkPassOutput(fn, out.mean(), batch.shape[0], t));
            variances.push(checkPassOutput(fn, out.variance(), batch.shape[0], t));
          } else {
            if (variances.length > 0) throw new Error(`${fn}: pass ${t} returned a tensor but pass 0 returned a distribution; all passes must return the same kind`);
            means.push(checkPassOutput(fn, out, batch.shape[0], t));
          }
        }
        const stacked = tf.stack(means);
        const samples = variances.length > 0 ? {means: stacked, variances: tf.stack(variances)} : stacked;
        return regressorUncertainty(samples, options);
      }));
    });
  } catch (e) {
    parts.forEach((p) => Object.values(p).forEach((v: tf.Tensor) => v.dispose()));
    throw e;
  }
  const keys = Object.keys(parts[0]) as (keyof RegressorUncertainty)[];
  const out = {} as RegressorUncertainty;
  for (const key of keys) out[key] = concatAndDispose(parts.map((p) => p[key]), 0);
  return out;
}
