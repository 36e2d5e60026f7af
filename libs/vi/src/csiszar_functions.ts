/**
 * Csiszar functions in log space (TFP's `tfp.vi.*`): convex f on (0, inf) with f(1) = 0, evaluated
 * at u = exp(logu). With logu = log p(x) - log q(x) and x ~ q, E_q[f(u)] is the f-divergence
 * D_f[p, q]; `monteCarloVariationalLoss` minimises a Monte Carlo estimate of it.
 *
 * `selfNormalized: true` adds the linear term that makes f'(1) = 0, so that D_f stays non-negative
 * for unnormalised p (TFP's `self_normalized`).
 */
import * as tf from '@tensorflow/tfjs';

/** logu as a tensor, a number or a (nested) array of numbers. */
export type LogU = tf.Tensor | number | number[] | number[][];

/** A Csiszar function in log space, as `discrepancyFn` takes it. */
export type CsiszarFunction = (logu: tf.Tensor) => tf.Tensor;

export interface SelfNormalizedOptions {
  /** Add the term that makes f'(1) = 0; default false. */
  selfNormalized?: boolean;
}

export interface AmariAlphaOptions extends SelfNormalizedOptions {
  /** The order alpha (a JS number); default 1. */
  alpha?: number;
}

export interface TPowerOptions extends SelfNormalizedOptions {
  /** The power t, broadcastable against logu. */
  t: tf.Tensor | number | number[];
}

const LOG2 = Math.LN2;

function toLogU(fnName: string, logu: LogU): tf.Tensor {
  if (logu instanceof tf.Tensor) return logu.dtype === 'float32' ? logu : tf.cast(logu, 'float32');
  const numeric = (v: unknown): boolean => typeof v === 'number' || (Array.isArray(v) && v.every(numeric));
  if (!numeric(logu)) {
    throw new Error(`${fnName}: logu must be a number, array or tensor; received ${String(logu)}`);
  }
  return tf.tensor(logu, undefined, 'float32');
}

function checkFlag(fnName: string, name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new Error(`${fnName}: ${name} must be a boolean; received ${String(value)}`);
  }
  return value ?? false;
}

/**
 * TFP's `amari_alpha`: f(u) = -log u (alpha = 0), u log u (alpha = 1), else
 * (u^alpha - 1) / (alpha (alpha - 1)); self-normalised adds (u - 1), -(u - 1), -(u - 1) / (alpha - 1).
 */
export function amariAlpha(logu: LogU, options: AmariAlphaOptions = {}): tf.Tensor {
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new Error(`amariAlpha: alpha must be a finite JS number; received ${String(alpha)}`);
  }
  const selfNormalized = checkFlag('amariAlpha', 'selfNormalized', options.selfNormalized);
  return tf.tidy(() => {
    const x = toLogU('amariAlpha', logu);
    let f: tf.Tensor;
    if (alpha === 0) f = tf.neg(x);
    else if (alpha === 1) f = tf.mul(tf.exp(x), x);
    else f = tf.div(tf.expm1(tf.mul(alpha, x)), alpha * (alpha - 1));
    if (!selfNormalized) return f;
    const um1 = tf.expm1(x);
    if (alpha === 0) return tf.add(f, um1);
    if (alpha === 1) return tf.sub(f, um1);
    return tf.sub(f, tf.div(um1, alpha - 1));
  });
}

/** TFP's `kl_reverse`: f(u) = -log u (+ (u - 1)); D_f[p, q] = KL[q || p], the negative ELBO. */
export function klReverse(logu: LogU, options: SelfNormalizedOptions = {}): tf.Tensor {
  return amariAlpha(logu, {alpha: 0, selfNormalized: options.selfNormalized});
}

/** TFP's `kl_forward`: f(u) = u log u (- (u - 1)); D_f[p, q] = KL[p || q]. */
export function klForward(logu: LogU, options: SelfNormalizedOptions = {}): tf.Tensor {
  return amariAlpha(logu, {alpha: 1, selfNormalized: options.selfNormalized});
}

/**
 * TFP's `jensen_shannon`: f(u) = u log u - (1 + u) log(1 + u) (+ (1 + u) log 2);
 * self-normalised, D_f[p, q] = KL[p || m] + KL[q || m] with m = (p + q) / 2, in [0, 2 log 2].
 */
export function jensenShannon(logu: LogU, options: SelfNormalizedOptions = {}): tf.Tensor {
  const selfNormalized = checkFlag('jensenShannon', 'selfNormalized', options.selfNormalized);
  return tf.tidy(() => {
    const x = toLogU('jensenShannon', logu);
    let y = tf.softplus(x);
    if (selfNormalized) y = tf.sub(y, LOG2);
    const u = tf.exp(x);
    return tf.sub(tf.mul(u, x), tf.mul(tf.add(1, u), y));
  });
}

/**
 * TFP's `arithmetic_geometric`: f(u) = (1 + u) log((1 + u) / sqrt(u)) (- (1 + u) log 2);
 * self-normalised, D_f[p, q] = KL[m || p] + KL[m || q] with m = (p + q) / 2.
 */
export function arithmeticGeometric(logu: LogU, options: SelfNormalizedOptions = {}): tf.Tensor {
  const selfNormalized = checkFlag('arithmeticGeometric', 'selfNormalized', options.selfNormalized);
  return tf.tidy(() => {
    const x = toLogU('arithmeticGeometric', logu);
    let y = tf.sub(tf.softplus(x), tf.mul(0.5, x));
    if (selfNormalized) y = tf.sub(y, LOG2);
    return tf.mul(tf.add(1, tf.exp(x)), y);
  });
}

/** TFP's `total_variation`: f(u) = |u - 1| / 2; D_f is the total variation distance, in [0, 1]. */
export function totalVariation(logu: LogU): tf.Tensor {
  return tf.tidy(() => tf.mul(0.5, tf.abs(tf.expm1(toLogU('totalVariation', logu)))));
}

/** TFP's `pearson`: f(u) = (u - 1)^2; D_f[p, q] is Pearson's chi-square, E_q[(p/q - 1)^2]. */
export function pearson(logu: LogU): tf.Tensor {
  return tf.tidy(() => tf.square(tf.expm1(toLogU('pearson', logu))));
}

/** TFP's `squared_hellinger`: f(u) = (sqrt(u) - 1)^2; D_f = int (sqrt p - sqrt q)^2, symmetric. */
export function squaredHellinger(logu: LogU): tf.Tensor {
  return tf.tidy(() => pearson(tf.mul(0.5, toLogU('squaredHellinger', logu))));
}

/** TFP's `triangular`: f(u) = (u - 1)^2 / (1 + u), symmetric. */
export function triangular(logu: LogU): tf.Tensor {
  return tf.tidy(() => {
    const x = toLogU('triangular', logu);
    return tf.div(pearson(x), tf.add(1, tf.exp(x)));
  });
}

/**
 * TFP's `t_power`: f(u) = s (u^t - 1) (- s t (u - 1) when self-normalised), s = -1 for 0 < t < 1
 * and +1 otherwise.
 */
export function tPower(logu: LogU, options: TPowerOptions): tf.Tensor {
  if (options === undefined || options.t === undefined) {
    throw new Error('tPower: the power t is required ({t: number | tensor})');
  }
  const selfNormalized = checkFlag('tPower', 'selfNormalized', options.selfNormalized);
  return tf.tidy(() => {
    const x = toLogU('tPower', logu);
    const t = toLogU('tPower', options.t);
    let f = tf.expm1(tf.mul(t, x));
    if (selfNormalized) f = tf.sub(f, tf.mul(t, tf.expm1(x)));
    const sign = tf.where(tf.logicalAnd(tf.greater(t, 0), tf.less(t, 1)), tf.onesLike(t).neg(), tf.onesLike(t));
    return tf.mul(f, sign);
  });
}

/** TFP's `log1p_abs`: f(u) = u^sign(u - 1) - 1 = expm1(|log u|). */
export function log1pAbs(logu: LogU): tf.Tensor {
  return tf.tidy(() => tf.expm1(tf.abs(toLogU('log1pAbs', logu))));
}

/** TFP's `jeffreys`: f(u) = (u log u - log u) / 2; D_f = (KL[p || q] + KL[q || p]) / 2. */
export function jeffreys(logu: LogU): tf.Tensor {
  return tf.tidy(() => {
    const x = toLogU('jeffreys', logu);
    return tf.mul(0.5, tf.mul(tf.expm1(x), x));
  });
}

/** TFP's `chi_square`: f(u) = u^2 - 1. */
export function chiSquare(logu: LogU): tf.Tensor {
  return tf.tidy(() => tf.expm1(tf.mul(2, toLogU('chiSquare', logu))));
}

/** TFP's `modified_gan`: f(u) = log(1 + u) - log u (+ (u - 1) / 2). */
export function modifiedGan(logu: LogU, options: SelfNormalizedOptions = {}): tf.Tensor {
  const selfNormalized = checkFlag('modifiedGan', 'selfNormalized', options.selfNormalized);
  return tf.tidy(() => {
    const x = toLogU('modifiedGan', logu);
    const y = tf.sub(tf.softplus(x), x);
    return selfNormalized ? tf.add(y, tf.mul(0.5, tf.expm1(x))) : y;
  });
}

function checkFunction(fnName: string, csiszarFunction: unknown): CsiszarFunction {
  if (typeof csiszarFunction !== 'function') {
    throw new Error(`${fnName}: csiszarFunction must be a function of logu; received ${String(csiszarFunction)}`);
  }
  return csiszarFunction as CsiszarFunction;
}

/** TFP's `dual_csiszar_function`: f*(u) = u f(1 / u); the dual of klReverse is klForward. */
export function dualCsiszarFunction(logu: LogU, csiszarFunction: CsiszarFunction): tf.Tensor {
  const f = checkFunction('dualCsiszarFunction', csiszarFunction);
  return tf.tidy(() => {
    const x = toLogU('dualCsiszarFunction', logu);
    return tf.mul(tf.exp(x), f(tf.neg(x)));
  });
}

/**
 * TFP's `symmetrized_csiszar_function`: f_g(u) = (g(u) + u g(1 / u)) / 2, whose divergence is
 * symmetric in p and q; symmetrising klReverse gives jeffreys.
 */
export function symmetrizedCsiszarFunction(logu: LogU, csiszarFunction: CsiszarFunction): tf.Tensor {
  const f = checkFunction('symmetrizedCsiszarFunction', csiszarFunction);
  return tf.tidy(() => {
    const x = toLogU('symmetrizedCsiszarFunction', logu);
    return tf.mul(0.5, tf.add(f(x), dualCsiszarFunction(x, f)));
  });
}
