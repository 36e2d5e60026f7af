import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, Softplus} from '@tfjs-probability/bijectors';
import {betainc, betaincinv, digamma, lbeta, lgamma, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {defineFusedLogProb, log1p64 as importedLog, warmUp} from './internal/fused_log_prob';
import {select} from './internal/select';

import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

/**
 * Whether a gradient tape is recording (inside a kernel, where tf.engine().isTapeOn() is false
 * since the kernel depth is not 0).
 */
function recordingGradient(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/**
 * StudentT's scalar forward from the SIMD log1p(u) with the gradient's sums q1, q2 (see the spec):
 * the division and the loads overlap the in-order float64 total's additions.
 */
function forwardWithGradientSums(n: number, out: Float32Array, x: Float32Array, loc: number, w: number, h: number, c: number, logs: Float32Array): number[] {
  let sumLog = 0;
  let total = 0;
  let q1 = 0;
  let q2 = 0;
  for (let i = 0; i < n; i++) {
    let l = logs[i];
    const d = x[i] - loc;
    const y = d * w;
    if (l === Infinity) l = log1p64(y * y);
    const o = -h * l - c;
    out[i] = o;
    total += Math.fround(o);
    sumLog += l;
    const q = d / (1 + y * y);
    q1 += q;
    q2 += q * d;
  }
  return [sumLog, q1, q2, total];
}

/** Bound once: a call through the import binding is a getter call per point in the hot loops. */
const log1p64 = importedLog;

export interface StudentTOptions extends DistributionOptions {
  df: TensorLike;
  loc: TensorLike;
  scale: TensorLike;
}

/**
 * -h log1p(u) - c with u = ((x - loc) w)^2, where w = 1 / (scale sqrt(nu)), h = (nu + 1) / 2 and the
 * normalizer c are parameter-shaped terms passed in: StudentT's log-density as one fused kernel
 * (log1p(u) is saved for the gradient). With d = x - loc: d/dloc = 2 h d w^2 / (1 + u) = -d/dx,
 * d/dw = -2 h d^2 w / (1 + u), d/dh = -log1p(u), d/dc = -1.
 */
const studentTLogProb = defineFusedLogProb({
  kernelName: 'TfpStudentTLogProb',
  inputNames: ['x', 'loc', 'w', 'h', 'c'],
  savedOutputs: 1,
  // (On the scalar path, also q1 = sum_i d_i / (1 + u_i) and q2 = sum_i d_i^2 / (1 + u_i) when a
  // gradient is being recorded; NaN, for backwardScalar to recompute, otherwise.)
  scalarSums: 3,
  forward(len, out, outOff, [x, loc, w, h, c], [xo, lo, wo, ho, co], [logTerm]) {
    for (let i = 0; i < len; i++) {
      const y = (x[xo + i] - loc[lo + i]) * w[wo + i];
      const l = log1p64(y * y);
      out[outOff + i] = -h[ho + i] * l - c[co + i];
      logTerm[outOff + i] = l;
    }
  },
  // On wasm, log1p(u) from the SIMD float32 log1p of u = ((x - loc) w)^2 (computed in float64 in the
  // same module) rounded to float32 (within 1.44 ulp, plus
  // at most 0.5 ulp from rounding u): the density's error from it is at most 1.2e-7 |h log1p(u)|,
  // the size of the float32 rounding of that term in an op-by-op float32 evaluation (TFP's,
  // torch's), and d/dh's sum of log1p(u) has at most the same relative error. Where u overflows
  // float32 (|y| > 1.8e19) the term is recomputed in float64; where it underflows (u < 1e-45) the
  // term, below 1e-45, is lost against c.
  float32Logs: {log1p: true, squareOf: ([loc, w]) => [loc, w]},
  forwardScalar(n, out, x, [loc, w, h, c], logs) {
    let sumLog = 0;
    if (logs !== undefined && recordingGradient()) return forwardWithGradientSums(n, out, x, loc, w, h, c, logs);
    if (logs !== undefined) {
      // (And the total of the float32 outputs, for a following tf.sum.)
      let total = 0;
      for (let i = 0; i < n; i++) {
        let l = logs[i];
        if (l === Infinity) {
          const y = (x[i] - loc) * w;
          l = log1p64(y * y);
        }
        const o = -h * l - c;
        out[i] = o;
        total += Math.fround(o);
        sumLog += l;
      }
      return [sumLog, NaN, NaN, total];
    }
    for (let i = 0; i < n; i++) {
      const y = (x[i] - loc) * w;
      const l = log1p64(y * y);
      out[i] = -h * l - c;
      sumLog += l;
    }
    return [sumLog, NaN, NaN];
  },
  backwardScalar(n, dy, x, [loc, w, h], [sumLog, savedQ1, savedQ2], uniform) {
    if (uniform !== undefined && Number.isFinite(sumLog) && Number.isFinite(savedQ1) && Number.isFinite(savedQ2)) {
      return [2 * h * w * w * uniform * savedQ1, -2 * h * w * uniform * savedQ2, -uniform * sumLog, -uniform * n];
    }
    if (uniform !== undefined && Number.isFinite(sumLog)) {
      // dy the same (finite) everywhere, as under a plain sum: no reads of dy, the forward's sum of log1p(u).
      let q1 = 0;
      let q2 = 0;
      for (let i = 0; i < n; i++) {
        const d = x[i] - loc;
        const y = d * w;
        const q = d / (1 + y * y);
        q1 += q;
        q2 += q * d;
      }
      return [2 * h * w * w * uniform * q1, -2 * h * w * uniform * q2, -uniform * sumLog, -uniform * n];
    }
    let s1 = 0;
    let s2 = 0;
    let sDy = 0;
    let same = true;
    const d0 = n > 0 ? dy[0] : 0;
    for (let i = 0; i < n; i++) {
      const dyi = dy[i];
      const d = x[i] - loc;
      const y = d * w;
      const q = (dyi * d) / (1 + y * y);
      s1 += q;
      s2 += q * d;
      sDy += dyi;
      if (dyi !== d0) same = false;
    }
    // sum_i dy_i log1p(u_i): dy the same everywhere (a plain sum), from the forward's sum of log1p(u);
    // otherwise recomputed.
    let sLog = same ? d0 * sumLog : 0;
    if (!same) {
      for (let i = 0; i < n; i++) {
        const y = (x[i] - loc) * w;
        sLog += dy[i] * log1p64(y * y);
      }
    }
    return [2 * h * w * w * s1, -2 * h * w * s2, -sLog, -sDy];
  },
  backward(len, [dy, x, loc, w, h, , logTerm], [dyo, xo, lo, wo, ho, , to], [gx, gLoc, gw, gh, gc]) {
    for (let i = 0; i < len; i++) {
      const dyi = dy[dyo + i];
      const wi = w[wo + i];
      const d = x[xo + i] - loc[lo + i];
      const y = d * wi;
      const q = (2 * h[ho + i] * dyi * d) / (1 + y * y);
      if (gx !== null) gx[i] += -q * wi * wi;
      if (gLoc !== null) gLoc[i] += q * wi * wi;
      if (gw !== null) gw[i] += -q * d * wi;
      if (gh !== null) gh[i] += -dyi * logTerm[to + i];
      if (gc !== null) gc[i] += -dyi;
    }
  },
  opByOp(x, loc, w, h, c) {
    return tf.sub(tf.mul(tf.neg(h), tf.log1p(tf.square(tf.mul(tf.sub(x, loc), w)))), c);
  },
  gradientOps(dy, [x, loc, w, h]) {
    const d = tf.sub(x, loc);
    const u = tf.square(tf.mul(d, w));
    const q = tf.div(tf.mul(tf.mul(2, h), tf.mul(dy, d)), tf.add(1, u));
    const gLoc = tf.mul(q, tf.square(w));
    return [tf.neg(gLoc), gLoc, tf.neg(tf.mul(q, tf.mul(d, w))), tf.neg(tf.mul(dy, tf.log1p(u))), tf.neg(dy)];
  },
});

warmUp(() => {
  const x = Float32Array.from([0.5, -1.5, 2, 0, 3, -4e20]);
  forwardWithGradientSums(6, new Float32Array(6), x, 0.25, 0.7, 1.5, 0.1, Float32Array.from(x, (v) => (Math.abs(v) > 1e19 ? Infinity : Math.log1p(v * v))));
});

/**
 * Student's t distribution (TFP's `tfd.StudentT`) with `df` nu, `loc` and `scale`; t = (x - loc) / scale:
 * log p(x) = lgamma((nu + 1) / 2) - lgamma(nu / 2) - log(nu pi) / 2 - log(scale) - (nu + 1) / 2 tf.log1p(t^2 / nu).
 * Samples are loc + scale Z / sqrt(G) with G ~ Gamma(nu / 2, rate nu / 2), reparameterized.
 */
export class StudentT extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly df: tf.Tensor;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: StudentTOptions) {
    super({df: options.df, loc: options.loc, scale: options.scale}, options);
    this.df = this.param('df', options.df, {constraint: 'positive'});
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {df: positive, loc: {eventNdims: 0}, scale: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const shape = [n, ...this.batchShape];
    const z = tf.randomNormal(shape, 0, 1, 'float32', seed.next());
    const half = tf.mul(0.5, this.df);
    const g = randomGamma(shape, half, seed.next(), half);
    return tf.add(this.loc, tf.mul(this.scale, tf.mul(z, tf.rsqrt(g))));
  }

  private t(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  /** The support is R: Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const nu = this.df;
    // t^2 / nu = ((x - loc) w)^2 with w = 1 / (scale sqrt(nu)) formed on the parameters.
    const w = tf.reciprocal(tf.mul(this.scale, tf.sqrt(nu)));
    const normalizer = tf.add(
      tf.sub(lgamma(tf.mul(0.5, nu)), lgamma(tf.mul(0.5, tf.add(nu, 1)))),
      tf.add(tf.mul(0.5, tf.log(tf.mul(Math.PI, nu))), tf.log(this.scale)),
    );
    return studentTLogProb(x, this.loc, w, tf.mul(0.5, tf.add(nu, 1)), normalizer);
  }

  /**
   * The tail beyond |t|: I_{nu / (nu + t^2)}(nu / 2, 1 / 2) / 2, computed without forming 1 + t^2 / nu
   * (nu / (nu + t^2) = 1 / (1 + (t / sqrt nu)^2)).
   */
  private tail(t: tf.Tensor): tf.Tensor {
    const w = tf.div(t, tf.sqrt(this.df));
    return tf.mul(0.5, betainc(tf.mul(0.5, this.df), 0.5, tf.reciprocal(tf.add(1, tf.square(w)))));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const t = this.t(x);
    const tail = this.tail(t);
    return tf.where(tf.less(t, 0), tail, tf.sub(1, tail));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const t = this.t(x);
    const tail = this.tail(t);
    return tf.where(tf.greater(t, 0), tail, tf.sub(1, tail));
  }

  /**
   * Inverts the tail I_w(nu / 2, 1 / 2) / 2 = min(p, 1 - p) =: p' for w = nu / (nu + t^2):
   * w = betaincinv(nu / 2, 1 / 2, 2 p'), and 1 - w = t^2 / (nu + t^2) = betaincinv(1 / 2, nu / 2, 1 - 2 p')
   * where 2 p' >= 1/2 (1 - 2 p' is exact there, and t near 0 keeps its relative accuracy), 1 - w
   * elsewhere; t = sign(p - 1/2) sqrt(nu (1 - w) / w) and F^-1(p) = loc + scale t.
   */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    const nu = this.df;
    const half = tf.mul(0.5, nu);
    // At the median p = 1/2 exactly, t = (p - 1/2) / f(0) with f(0) = 1 / (sqrt(nu) B(nu/2, 1/2)):
    // 0 in value, the inverse-function derivative in p, 0 in nu (the median is 0 for every nu).
    // sign(p - 1/2) |t| would give 0 * infinity there, so the tail branches get a harmless p.
    const centre = tf.equal(p, 0.5);
    const q = select(centre, 0.25, p);
    const twiceTail = tf.mul(2, tf.minimum(q, tf.sub(1, q)));
    const w = betaincinv(half, 0.5, twiceTail);
    const central = tf.greaterEqual(twiceTail, 0.5);
    // The unused branch gets a harmless argument, so that no infinite derivative meets a zero weight.
    const oneMinusW = select(central, betaincinv(0.5, half, select(central, tf.sub(1, twiceTail), 0.5)), tf.sub(1, w));
    // Beyond |t| ~ 1e15 w underflows float32: there I_w(nu/2, 1/2) = w^(nu/2) / ((nu/2) B(nu/2, 1/2)) (1 + O(w)),
    // so |t| = sqrt(nu / w) = sqrt(nu) (2 p' (nu/2) B(nu/2, 1/2))^(-1/nu), taken in logs.
    const tiny = tf.less(w, 1e-30);
    const exact = tf.sqrt(tf.div(tf.mul(nu, oneMinusW), select(tiny, 1, w)));
    const logFarTail = tf.sub(tf.mul(0.5, tf.log(nu)), tf.div(tf.add(tf.log(twiceTail), tf.add(tf.log(half), lbeta(half, 0.5))), nu));
    const magnitude = select(tiny, tf.exp(logFarTail), exact);
    const atMedian = tf.mul(tf.sub(p, 0.5), tf.mul(tf.sqrt(nu), tf.exp(lbeta(half, 0.5))));
    const t = select(centre, atMedian, tf.mul(tf.sign(tf.sub(q, 0.5)), magnitude));
    return tf.add(this.loc, tf.mul(this.scale, t));
  }

  /** loc for df > 1, else undefined (NaN). */
  protected override meanFn(): tf.Tensor {
    const nu = tf.broadcastTo(this.df, this.batchShape);
    return this.undefinedStatistic('mean', tf.broadcastTo(this.loc, this.batchShape), tf.lessEqual(nu, 1));
  }

  /** scale^2 df / (df - 2) for df > 2, infinity for 1 < df <= 2, undefined (NaN) for df <= 1. */
  protected override varianceFn(): tf.Tensor {
    const nu = tf.broadcastTo(this.df, this.batchShape);
    const finite = tf.div(tf.mul(tf.square(this.scale), nu), tf.sub(nu, 2));
    const value = tf.where(tf.greater(nu, 2), finite, Infinity);
    return this.undefinedStatistic('variance', value, tf.lessEqual(nu, 1));
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** H = (nu + 1) / 2 (digamma((nu + 1) / 2) - digamma(nu / 2)) + log(nu) / 2 + lbeta(nu / 2, 1 / 2) + log(scale). */
  protected override entropyFn(): tf.Tensor {
    const nu = tf.broadcastTo(this.df, this.batchShape);
    const half = tf.mul(0.5, nu);
    const halfPlus = tf.mul(0.5, tf.add(nu, 1));
    return tf.add(
      tf.add(tf.mul(halfPlus, tf.sub(digamma(halfPlus), digamma(half))), tf.mul(0.5, tf.log(nu))),
      tf.add(lbeta(half, tf.fill(nu.shape, 0.5)), tf.log(this.scale)),
    );
  }
}
