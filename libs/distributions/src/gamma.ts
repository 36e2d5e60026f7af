import * as tf from '@tensorflow/tfjs';
import {Bijector, Softplus} from '@tfjs-probability/bijectors';
import {digamma, igamma, igammac, igammainv, lgamma, randomGamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import {defineFusedLogProb, log64 as importedLog, logOfFloat32Bits as importedLogBits} from './internal/fused_log_prob';
import {select} from './internal/select';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

/** Bound once: a call through the import binding is a getter call per point in the hot loops. */
const log64 = importedLog;
const logOfFloat32Bits = importedLogBits;

export interface GammaOptions extends DistributionOptions {
  concentration: TensorLike;
  rate: TensorLike;
}

/**
 * xlogy(a - 1, x) - b x - c on x >= 0 (c = lgamma(a) - a log b, passed in), -inf below (and at
 * NaN x), as one fused kernel; log x is saved for the gradient. Derivatives are TF's xlogy ones:
 * d/da = log x (0 where a = 1), d/dx = (a - 1) / x (0 where a = 1) - b, d/db = -x, d/dc = -1,
 * all 0 below the support.
 */
const gammaLogProbKernel = defineFusedLogProb({
  kernelName: 'TfpGammaLogProb',
  inputNames: ['x', 'a', 'b', 'c'],
  savedOutputs: 1,
  // The scalar path's sums: log x, x and 1 over the support (for the gradient of a plain sum).
  scalarSums: 3,
  forward(len, out, outOff, [x, a, b, c], [xo, ao, bo, co], [logX]) {
    for (let i = 0; i < len; i++) {
      const v = x[xo + i];
      if (v >= 0) {
        const lx = log64(v);
        const am1 = a[ao + i] - 1;
        out[outOff + i] = (am1 === 0 ? 0 : am1 * lx) - b[bo + i] * v - c[co + i];
        logX[outOff + i] = lx;
      } else {
        out[outOff + i] = -Infinity;
        logX[outOff + i] = 0;
      }
    }
  },
  // On wasm, log x from the SIMD float32 log (within 0.85 ulp of float32, so |d log x| <= 1e-7 |log x|):
  // the density's error from it is at most 1e-7 |(a - 1) log x|, the size of the float32
  // rounding of that term in an op-by-op float32 evaluation (TFP's, torch's), and d/da's sum of
  // log x has at most the same relative error.
  float32Logs: {log1p: false},
  forwardScalar(n, out, x, [a, b, c], logs) {
    const am1 = a - 1;
    let sumLog = 0;
    let sumX = 0;
    let count = 0;
    if (logs !== undefined) {
      // (And the total of the float32 outputs, for a following tf.sum.)
      let total = 0;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) {
          const lx = logs[i];
          const o = (am1 === 0 ? 0 : am1 * lx) - b * v - c;
          out[i] = o;
          total += Math.fround(o);
          sumLog += lx;
          sumX += v;
          count++;
        } else {
          out[i] = -Infinity;
          total += -Infinity;
        }
      }
      return [sumLog, sumX, count, total];
    }
    if (!(x instanceof Float32Array)) {
      // Float64 points (compileValueAndGrads): log64 of the value.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const lx = v >= 0 ? log64(v) : 0;
        out[i] = v >= 0 ? (am1 === 0 ? 0 : am1 * lx) - b * v - c : -Infinity;
        sumLog += lx;
        if (v >= 0) {
          sumX += v;
          count++;
        }
      }
      return [sumLog, sumX, count];
    }
    const bits = new Int32Array(x.buffer, x.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const vb = bits[i];
      if (vb >= 0x00800000 && vb < 0x7f800000) {
        const lx = logOfFloat32Bits(vb);
        out[i] = (am1 === 0 ? 0 : am1 * lx) - b * v - c;
        sumLog += lx;
        sumX += v;
        count++;
      } else if (v >= 0) {
        const lx = Math.log(v);
        out[i] = (am1 === 0 ? 0 : am1 * lx) - b * v - c;
        sumLog += lx;
        sumX += v;
        count++;
      } else {
        out[i] = -Infinity;
      }
    }
    return [sumLog, sumX, count];
  },
  backwardScalar(n, dy, x, [a], [sumLog, sumX, count], d) {
    // dy the same (finite) everywhere, as under a plain sum: the forward's sums, no pass over the points.
    if (d !== undefined && Number.isFinite(sumX)) return [a === 1 ? 0 : d * sumLog, -d * sumX, -d * count];
    let sX = 0;
    let sDy = 0;
    let same = true;
    const d0 = n > 0 ? dy[0] : 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0) {
        const d = dy[i];
        sX += d * v;
        sDy += d;
        if (d !== d0) same = false;
      }
    }
    if (a === 1) return [0, -sX, -sDy];
    // sum_i dy_i log x_i over the support: dy the same everywhere (a plain sum), from the forward's
    // sum of log x; otherwise recomputed.
    let sLog = same ? d0 * sumLog : 0;
    if (!same) {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) sLog += dy[i] * log64(v);
      }
    }
    return [sLog, -sX, -sDy];
  },
  backward(len, [dy, x, a, b, , logX], [dyo, xo, ao, bo, , lo], [gx, ga, gb, gc]) {
    for (let i = 0; i < len; i++) {
      const v = x[xo + i];
      const inside = v >= 0;
      const d = inside ? dy[dyo + i] : 0;
      const am1 = a[ao + i] - 1;
      if (gx !== null) gx[i] += inside ? d * ((am1 === 0 ? 0 : am1 / v) - b[bo + i]) : 0;
      if (ga !== null) ga[i] += am1 === 0 || !inside ? 0 : d * logX[lo + i];
      if (gb !== null) gb[i] += -d * (inside ? v : 0);
      if (gc !== null) gc[i] += -d;
    }
  },
  opByOp(x, a, b, c) {
    const inside = tf.greaterEqual(x, 0);
    const safeX = select(inside, x, 1);
    // xlogy(a - 1, x) as (a - 1) log(x + [a = 1]): x >= 0 here, so adding 1 where a = 1 gives
    // 0 log(x + 1) = 0 there (also at x = 0) without a select broadcast over the points (only
    // x = +inf with a = 1 differs: NaN instead of -inf; and d/da at exactly a = 1 is log(x + 1), not TF's 0).
    const aMinus1 = tf.sub(a, 1);
    const logX = tf.log(tf.add(safeX, tf.cast(tf.equal(aMinus1, 0), 'float32')));
    return select(inside, tf.sub(tf.sub(tf.mul(aMinus1, logX), tf.mul(b, safeX)), c), -Infinity);
  },
  gradientOps(dy, [x, a, b]) {
    const inside = tf.greaterEqual(x, 0);
    const safeX = select(inside, x, 1);
    const aIsNot1 = tf.notEqual(a, 1);
    const d = select(inside, dy, 0);
    const am1 = tf.sub(a, 1);
    const gx = tf.mul(d, tf.sub(select(aIsNot1, tf.div(am1, safeX), 0), b));
    const ga = tf.mul(d, select(aIsNot1, tf.log(safeX), 0));
    return [gx, ga, tf.neg(tf.mul(d, safeX)), tf.neg(d)];
  },
});

/** log p(x) = (a - 1) log x - b x + a log b - lgamma(a) on x >= 0, -inf below. */
export function gammaLogProb(x: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => gammaLogProbKernel(x, a, b, tf.sub(lgamma(a), tf.mul(a, tf.log(b)))));
}

/** H = a - log b + lgamma(a) + (1 - a) digamma(a). */
export function gammaEntropy(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(tf.sub(a, tf.log(b)), tf.add(lgamma(a), tf.mul(tf.sub(1, a), digamma(a)))));
}

/**
 * KL(Gamma(ap, bp) || Gamma(aq, bq)) = (ap - aq) digamma(ap) + lgamma(aq) - lgamma(ap)
 *   + aq (log bp - log bq) + ap (bq / bp - 1).
 */
export function gammaKL(ap: tf.Tensor, bp: tf.Tensor, aq: tf.Tensor, bq: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const terms = [
      tf.mul(tf.sub(ap, aq), digamma(ap)),
      tf.sub(lgamma(aq), lgamma(ap)),
      tf.mul(aq, tf.sub(tf.log(bp), tf.log(bq))),
      tf.mul(ap, tf.sub(tf.div(bq, bp), 1)),
    ];
    return terms.reduce((sum, term) => tf.add(sum, term));
  });
}

/**
 * The gamma distribution (TFP's `tfd.Gamma`) with `concentration` a and `rate` b:
 * log p(x) = (a - 1) log x - b x + a log b - lgamma(a), F(x) = P(a, b x). Samples are
 * reparameterized: the gradient in a is implicit (math's randomGamma), in b it is -x / b.
 */
export class Gamma extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly concentration: tf.Tensor;
  readonly rate: tf.Tensor;

  constructor(options: GammaOptions) {
    super({concentration: options.concentration, rate: options.rate}, options);
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive'});
    this.rate = this.param('rate', options.rate, {constraint: 'positive'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    const positive = {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})};
    return {concentration: positive, rate: positive};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return randomGamma([n, ...this.batchShape], this.concentration, seed.next(), this.rate);
  }

  /** The support is (0, inf): Softplus (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Softplus({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return gammaLogProb(x, this.concentration, this.rate);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return igamma(this.concentration, tf.mul(this.rate, tf.relu(x)));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return igammac(this.concentration, tf.mul(this.rate, tf.relu(x)));
  }

  /** F^-1(p) = igammainv(a, p) / b. */
  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.div(igammainv(this.concentration, p), this.rate);
  }

  protected override meanFn(): tf.Tensor {
    return tf.div(this.concentration, this.rate);
  }

  protected override varianceFn(): tf.Tensor {
    return tf.div(this.concentration, tf.square(this.rate));
  }

  /** (a - 1) / b for a > 1, else undefined (NaN). */
  protected override modeFn(): tf.Tensor {
    const a = tf.broadcastTo(this.concentration, this.batchShape);
    const value = tf.div(tf.sub(a, 1), this.rate);
    return this.undefinedStatistic('mode', tf.broadcastTo(value, this.batchShape), tf.lessEqual(a, 1));
  }

  protected override entropyFn(): tf.Tensor {
    return gammaEntropy(this.concentration, this.rate);
  }
}

registerKL(Gamma, Gamma, (p, q) => gammaKL(p.concentration, p.rate, q.concentration, q.rate));
