import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {log1mexp, logAddExp, logNdtr, ndtri} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS, openUniform} from './internal/loc_scale';
import {clamp} from './internal/ops';
import {assertLess} from './internal/ordered';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface TruncatedNormalOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
  low: TensorLike;
  high: TensorLike;
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** Newton steps of `inverseLogNdtr`; each squares the relative error of the start. */
const NEWTON_STEPS = 4;

/** log(Phi(b) - Phi(a)) for a <= b, from the tail nearer 0 so that neither term cancels. */
export function logNdtrDiff(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const flip = tf.greater(a, 0);
    const hi = tf.where(flip, tf.neg(a), b);
    const lo = tf.where(flip, tf.neg(b), a);
    const logHi = logNdtr(hi);
    return tf.add(logHi, log1mexp(tf.sub(logHi, logNdtr(lo))));
  });
}

/** Terms of the continued fraction of Mills' ratio; relative error below 1e-9 for x >= 3. */
const MILLS_TERMS = 20;

/**
 * log(phi(w) / Phi(w)). Below w = -3 both logs are large and nearly cancel in float32, so it is
 * -log of Mills' ratio Phi(w) / phi(w) = 1 / (x + 1 / (x + 2 / (x + 3 / (x + ...)))) with x = -w.
 */
export function logInverseMills(w: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const far = tf.less(w, -3);
    const x = tf.neg(tf.where(far, w, -3));
    let t = x;
    for (let k = MILLS_TERMS; k >= 1; k--) {
      t = tf.add(x, tf.div(k, t));
    }
    const near = tf.where(far, 0, w);
    const direct = tf.sub(tf.sub(tf.mul(-0.5, tf.square(near)), HALF_LOG_TWO_PI), logNdtr(near));
    return tf.where(far, tf.log(t), direct);
  });
}

/**
 * w with log Phi(w) = t (t <= 0), valid where Phi(w) underflows float32: a start from ndtri (or,
 * below t = -60, from the tail asymptote log Phi(w) ~ -w^2 / 2 - log(-w) - log(2 pi) / 2), then Newton
 * steps on log Phi, whose derivative is exp(log phi(w) - log Phi(w)).
 */
export function inverseLogNdtr(t: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const upper = tf.greater(t, -0.6931);
    const deep = tf.less(t, -60);
    // Each branch sees a safe stand-in elsewhere, so no unused branch returns +-inf (NaN gradients).
    const upperT = tf.where(upper, t, -1);
    const lowerT = tf.where(tf.logicalOr(upper, deep), -1, t);
    const moderate = tf.where(upper, tf.neg(ndtri(tf.neg(tf.expm1(upperT)))), ndtri(tf.exp(lowerT)));
    const deepT = tf.where(deep, t, -60);
    const s = tf.sub(tf.mul(-2, deepT), tf.add(Math.log(2 * Math.PI), tf.log(tf.mul(-2, deepT))));
    let w = tf.where(deep, tf.neg(tf.sqrt(s)), moderate);
    for (let i = 0; i < NEWTON_STEPS; i++) {
      const logCdf = logNdtr(w);
      const logPdf = tf.sub(tf.mul(-0.5, tf.square(w)), HALF_LOG_TWO_PI);
      w = tf.sub(w, tf.mul(tf.sub(logCdf, t), tf.exp(tf.sub(logCdf, logPdf))));
    }
    return w;
  });
}

/**
 * The normal distribution N(loc, scale^2) truncated to [low, high] (TFP's `tfd.TruncatedNormal`).
 * With z = (x - loc) / scale, alpha = (low - loc) / scale, beta = (high - loc) / scale and
 * Z = Phi(beta) - Phi(alpha): log p(x) = -z^2 / 2 - log(scale) - log(2 pi) / 2 - log Z on [low, high].
 * Everything is computed in log space from the nearer tail, so truncations far in a tail (alpha = 30)
 * stay accurate; samples are the inverse cdf of uniforms (reparameterized).
 */
export class TruncatedNormal extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
  readonly low: tf.Tensor;
  readonly high: tf.Tensor;

  constructor(options: TruncatedNormalOptions) {
    super({loc: options.loc, scale: options.scale, low: options.low, high: options.high}, options);
    this.loc = this.param('loc', options.loc, {constraint: 'finite'});
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.low = this.param('low', options.low, {constraint: 'real'});
    this.high = this.param('high', options.high, {constraint: 'real'});
    this.inferredBatchShape();
    const jsValues = !(options.low instanceof tf.Tensor) && !(options.high instanceof tf.Tensor);
    if (jsValues || this.validateArgs) {
      assertLess(this.name, 'low', this.low, 'high', this.high);
    }
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 0},
      scale: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
      low: {eventNdims: 0},
      high: {eventNdims: 0},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  private standardize(x: tf.Tensor | number): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  private get alpha(): tf.Tensor {
    return this.standardize(this.low);
  }

  private get beta(): tf.Tensor {
    return this.standardize(this.high);
  }

  /** log Z = log(Phi(beta) - Phi(alpha)). */
  private logNormalizer(): tf.Tensor {
    return logNdtrDiff(this.alpha, this.beta);
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.quantileFn(openUniform([n, ...this.batchShape], seed.next()));
  }

  /** The support is (low, high): Sigmoid with low and high. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({low: this.low, high: this.high, validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const inside = tf.logicalAnd(tf.greaterEqual(x, this.low), tf.lessEqual(x, this.high));
    const z = this.standardize(x);
    const value = tf.sub(
      tf.mul(-0.5, tf.square(z)),
      tf.add(tf.add(tf.log(this.scale), HALF_LOG_TWO_PI), this.logNormalizer()),
    );
    return tf.where(inside, value, -Infinity);
  }

  /** z clipped to [alpha, beta]. */
  private clippedZ(x: tf.Tensor): tf.Tensor {
    return clamp(this.standardize(x), this.alpha, this.beta);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.sub(logNdtrDiff(this.alpha, this.clippedZ(x)), this.logNormalizer());
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logCdfFn(x));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.sub(logNdtrDiff(this.clippedZ(x), this.beta), this.logNormalizer());
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return tf.exp(this.logSurvivalFn(x));
  }

  /**
   * Solves Phi(z) = (1 - p) Phi(alpha) + p Phi(beta) in log space when alpha <= 0, and the mirror
   * image Phi(-z) = p Phi(-beta) + (1 - p) Phi(-alpha) when alpha > 0: sums of positive terms, so
   * the far tails keep their precision. The result is clipped to [low, high].
   */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const alpha = this.alpha;
    const beta = this.beta;
    const flip = tf.greater(alpha, 0);
    const logP = tf.log(p);
    const log1mP = tf.log1p(tf.neg(p));
    const direct = logAddExp(tf.add(log1mP, logNdtr(alpha)), tf.add(logP, logNdtr(beta)));
    const mirrored = logAddExp(tf.add(logP, logNdtr(tf.neg(beta))), tf.add(log1mP, logNdtr(tf.neg(alpha))));
    const w = inverseLogNdtr(tf.where(flip, mirrored, direct));
    const z = clamp(tf.where(flip, tf.neg(w), w), alpha, beta);
    return tf.add(this.loc, tf.mul(this.scale, z));
  }

  /**
   * r_a = phi(alpha) / Z and r_b = phi(beta) / Z, with alpha and beta replaced by 0 where infinite
   * (where r is 0). From the tail nearer 0, with lo <= hi the bounds of that tail (alpha, beta, or
   * -beta, -alpha) and Z = Phi(hi) (1 - Phi(lo) / Phi(hi)):
   * log(phi(hi) / Z) = log(phi(hi) / Phi(hi)) - log1mexp(log Phi(hi) - log Phi(lo)) and
   * log(phi(lo) / Z) = log(phi(lo) / Phi(lo)) + log Phi(lo) - log Phi(hi) - log1mexp(...), using
   * Mills' ratio so that far tails (alpha = -30) keep their precision.
   */
  private tailRatios(): {ra: tf.Tensor; rb: tf.Tensor; alpha: tf.Tensor; beta: tf.Tensor} {
    const alpha = this.alpha;
    const beta = this.beta;
    const flip = tf.greater(alpha, 0);
    const lo = tf.where(flip, tf.neg(beta), alpha);
    const hi = tf.where(flip, tf.neg(alpha), beta);
    const loFinite = tf.isFinite(lo);
    const hiFinite = tf.isFinite(hi);
    const safeLo = tf.where(loFinite, lo, -3);
    const safeHi = tf.where(hiFinite, hi, 0);
    const logHi = tf.where(hiFinite, logNdtr(safeHi), 0);
    const logLo = tf.where(loFinite, logNdtr(safeLo), -Infinity);
    const logOneMinus = log1mexp(tf.sub(logHi, logLo));
    const logRHi = tf.sub(logInverseMills(safeHi), logOneMinus);
    const logRLo = tf.sub(tf.add(logInverseMills(safeLo), tf.sub(tf.where(loFinite, logLo, 0), logHi)), logOneMinus);
    const rHi = tf.where(hiFinite, tf.exp(logRHi), 0);
    const rLo = tf.where(loFinite, tf.exp(logRLo), 0);
    const finiteOr0 = (a: tf.Tensor) => tf.where(tf.isFinite(a), a, 0);
    return {
      ra: tf.where(flip, rHi, rLo),
      rb: tf.where(flip, rLo, rHi),
      alpha: finiteOr0(alpha),
      beta: finiteOr0(beta),
    };
  }

  /** loc + scale (phi(alpha) - phi(beta)) / Z. */
  protected override meanFn(): tf.Tensor {
    const {ra, rb} = this.tailRatios();
    return tf.add(this.loc, tf.mul(this.scale, tf.sub(ra, rb)));
  }

  /**
   * scale^2 (1 + r_a (alpha - m) - r_b (beta - m)) with m = r_a - r_b the standardized mean: the
   * usual 1 + alpha r_a - beta r_b - m^2 regrouped so that in a far tail the large terms cancel
   * inside (alpha - m) and (beta - m) rather than between squares.
   */
  protected override varianceFn(): tf.Tensor {
    const {ra, rb, alpha, beta} = this.tailRatios();
    const m = tf.sub(ra, rb);
    const spread = tf.sub(tf.add(1, tf.mul(ra, tf.sub(alpha, m))), tf.mul(rb, tf.sub(beta, m)));
    return tf.mul(tf.square(this.scale), spread);
  }

  /** loc clipped to [low, high]. */
  protected override modeFn(): tf.Tensor {
    return clamp(this.loc, this.low, this.high);
  }

  /** H = log(2 pi e) / 2 + log(scale) + log Z + (alpha phi(alpha) - beta phi(beta)) / (2 Z). */
  protected override entropyFn(): tf.Tensor {
    const {ra, rb, alpha, beta} = this.tailRatios();
    const tails = tf.mul(0.5, tf.sub(tf.mul(alpha, ra), tf.mul(beta, rb)));
    return tf.add(tf.add(HALF_LOG_TWO_PI + 0.5, tf.log(this.scale)), tf.add(this.logNormalizer(), tails));
  }
}
