import * as tf from '@tensorflow/tfjs';
import {Bijector, Sigmoid, Softplus} from '@tfjs-probability/bijectors';
import {besselI0e, besselI1e, ndtr} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, FULLY_REPARAMETERIZED, ParameterProperties} from './distribution';
import {FLOAT32_EPS} from './internal/loc_scale';
import './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface VonMisesOptions extends DistributionOptions {
  loc: TensorLike;
  concentration: TensorLike;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);
/** Below this concentration the cdf uses Hill's series, above it his corrected normal approximation. */
const SERIES_CUTOFF = 10.5;
const SERIES_TERMS = 20;
/** Rejection rounds of the sampler; each accepts at least 65% of the remaining draws. */
const MAX_ROUNDS = 200;

/**
 * The cdf of a zero-mean von Mises at z in [-pi, pi] by Hill's (1977) series: the backward
 * recursion r_n = 1 / (2n / k + r_{n+1}), v_n = r_n (sin(n z) / n + v_{n+1}), and
 * F = 1/2 + z / (2 pi) + v_1 / pi. Built from tf ops, so it is differentiable in z and k.
 */
function cdfSeries(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  let r: tf.Tensor = tf.zerosLike(k);
  let v: tf.Tensor = tf.zerosLike(tf.add(z, k));
  for (let n = SERIES_TERMS; n >= 1; n--) {
    r = tf.reciprocal(tf.add(tf.div(2 * n, k), r));
    v = tf.mul(r, tf.add(tf.div(tf.sin(tf.mul(n, z)), n), v));
  }
  return tf.clipByValue(tf.add(tf.add(0.5, tf.div(z, 2 * Math.PI)), tf.div(v, Math.PI)), 0, 1);
}

/**
 * Hill's normal approximation for large concentration k: u = sqrt(2 / pi) sin(z / 2) / i0e(k),
 * corrected to xi = u - u^3 / ((c - 2u^2 - 16) / 3 - (u^4 + 7u^2 / 4 + 167 / 2) / (c - 56 - u^2 + 3))^2
 * with c = 24 k, and F = Phi(xi).
 */
function cdfNormalApproximation(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const u = tf.div(tf.mul(Math.sqrt(2 / Math.PI), tf.sin(tf.mul(0.5, z))), besselI0e(k));
  const u2 = tf.square(u);
  const c = tf.mul(24, k);
  const first = tf.div(tf.sub(tf.sub(c, tf.mul(2, u2)), 16), 3);
  const second = tf.div(tf.add(tf.add(tf.square(u2), tf.mul(1.75, u2)), 83.5), tf.add(tf.sub(tf.sub(c, 56), u2), 3));
  const xi = tf.sub(u, tf.div(tf.mul(u2, u), tf.square(tf.sub(first, second))));
  return ndtr(xi);
}

/** cdf of a zero-mean von Mises at z in [-pi, pi]. */
function cdfCentered(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(z.shape, k.shape);
  const kb = tf.broadcastTo(k, shape);
  const small = tf.less(kb, SERIES_CUTOFF);
  const series = cdfSeries(z, tf.where(small, kb, 1));
  const normal = cdfNormalApproximation(z, tf.where(small, SERIES_CUTOFF, kb));
  return tf.where(small, series, normal);
}

/**
 * dF/dk of `cdfSeries`, by carrying derivatives through the same recursion:
 * dr_n = (2n / k^2 - dr_{n+1}) r_n^2 and dv_n = dr_n (sin(n z) / n + v_{n+1}) + r_n dv_{n+1}.
 */
function cdfSeriesDk(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  let r: tf.Tensor = tf.zerosLike(k);
  let dr: tf.Tensor = tf.zerosLike(k);
  let v: tf.Tensor = tf.zerosLike(tf.add(z, k));
  let dv: tf.Tensor = v;
  for (let n = SERIES_TERMS; n >= 1; n--) {
    const rNext = tf.reciprocal(tf.add(tf.div(2 * n, k), r));
    dr = tf.mul(tf.sub(tf.div(2 * n, tf.square(k)), dr), tf.square(rNext));
    r = rNext;
    const multiplier = tf.add(tf.div(tf.sin(tf.mul(n, z)), n), v);
    dv = tf.add(tf.mul(dr, multiplier), tf.mul(r, dv));
    v = tf.mul(r, multiplier);
  }
  return tf.div(dv, Math.PI);
}

/**
 * dF/dk of `cdfNormalApproximation` by the chain rule: du/dk = u (1 - i1e(k) / i0e(k)) (as
 * d i0e / dk = i1e - i0e), then xi' = u' - 3 u^2 u' / D^2 + 2 u^3 D' / D^3 with D the bracket, and
 * dF/dk = phi(xi) xi'.
 */
function cdfNormalApproximationDk(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const i0e = besselI0e(k);
  const u = tf.div(tf.mul(Math.sqrt(2 / Math.PI), tf.sin(tf.mul(0.5, z))), i0e);
  const du = tf.mul(u, tf.sub(1, tf.div(besselI1e(k), i0e)));
  const u2 = tf.square(u);
  const c = tf.mul(24, k);
  const first = tf.div(tf.sub(tf.sub(c, tf.mul(2, u2)), 16), 3);
  const dFirst = tf.div(tf.sub(24, tf.mul(4, tf.mul(u, du))), 3);
  const num = tf.add(tf.add(tf.square(u2), tf.mul(1.75, u2)), 83.5);
  const dNum = tf.mul(tf.add(tf.mul(4, tf.mul(u2, u)), tf.mul(3.5, u)), du);
  const den = tf.add(tf.sub(tf.sub(c, 56), u2), 3);
  const dDen = tf.sub(24, tf.mul(2, tf.mul(u, du)));
  const d = tf.sub(first, tf.div(num, den));
  const dD = tf.sub(dFirst, tf.div(tf.sub(tf.mul(dNum, den), tf.mul(num, dDen)), tf.square(den)));
  const xi = tf.sub(u, tf.div(tf.mul(u2, u), tf.square(d)));
  const dXi = tf.add(
    tf.sub(du, tf.div(tf.mul(3, tf.mul(u2, du)), tf.square(d))),
    tf.div(tf.mul(2, tf.mul(tf.mul(u2, u), dD)), tf.mul(tf.square(d), d)),
  );
  const pdf = tf.div(tf.exp(tf.mul(-0.5, tf.square(xi))), Math.sqrt(2 * Math.PI));
  return tf.mul(pdf, dXi);
}

/** dF/dk of `cdfCentered`. */
function cdfCenteredDk(z: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const shape = tf.broadcast_util.assertAndGetBroadcastShape(z.shape, k.shape);
  const kb = tf.broadcastTo(k, shape);
  const small = tf.less(kb, SERIES_CUTOFF);
  const series = cdfSeriesDk(z, tf.where(small, kb, 1));
  const normal = cdfNormalApproximationDk(z, tf.where(small, SERIES_CUTOFF, kb));
  return tf.where(small, series, normal);
}

/** z wrapped into [-pi, pi] and the number of whole turns removed. */
function wrap(z: tf.Tensor): {wrapped: tf.Tensor; turns: tf.Tensor} {
  const turns = tf.round(tf.div(z, 2 * Math.PI));
  return {wrapped: tf.sub(z, tf.mul(2 * Math.PI, turns)), turns};
}

/** Sums a gradient over the dimensions `shape` was broadcast along. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  const summed = axes.length > 0 ? tf.sum(g, axes) : g;
  return tf.reshape(summed, shape);
}

/**
 * The von Mises distribution on the circle (TFP's `tfd.VonMises`) with mean direction `loc` and
 * `concentration` k: log p(x) = k (cos(x - loc) - 1) - log(2 pi) - log(i0e(k)). The cdf is not
 * periodic: F(x + 2 pi) = F(x) + 1. Samples (in [-pi, pi]) come from Best and Fisher's rejection
 * sampler, vectorised over the batch, and are reparameterized by implicit differentiation of the cdf.
 */
export class VonMises extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly concentration: tf.Tensor;

  constructor(options: VonMisesOptions) {
    super({loc: options.loc, concentration: options.concentration}, options);
    this.loc = this.param('loc', options.loc, {constraint: 'finite'});
    this.concentration = this.param('concentration', options.concentration, {constraint: 'nonNegative'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 0},
      concentration: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** Maps R onto (-pi, pi), where samples lie: Sigmoid(-pi, pi) (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Sigmoid({low: -Math.PI, high: Math.PI, validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const k = this.concentration;
    return tf.sub(tf.mul(k, tf.sub(tf.cos(tf.sub(x, this.loc)), 1)), tf.add(LOG_TWO_PI, tf.log(besselI0e(k))));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const {wrapped, turns} = wrap(tf.sub(x, this.loc));
    return tf.add(cdfCentered(wrapped, this.concentration), turns);
  }

  /** The circular mean, loc. */
  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  /** The circular variance 1 - E[cos(x - loc)] = 1 - i1e(k) / i0e(k). */
  protected override varianceFn(): tf.Tensor {
    const k = this.concentration;
    return tf.sub(1, tf.div(besselI1e(k), besselI0e(k)));
  }

  /** H = -k i1e(k) / i0e(k) + log(2 pi i0e(k)) + k. */
  protected override entropyFn(): tf.Tensor {
    const k = this.concentration;
    const i0e = besselI0e(k);
    return tf.add(tf.sub(tf.add(LOG_TWO_PI, tf.log(i0e)), tf.mul(k, tf.div(besselI1e(k), i0e))), k);
  }

  /**
   * Best-Fisher rejection, run on all outstanding draws at once: with s from the concentration,
   * propose w = (1 + s cos(pi U1)) / (s + cos(pi U1)) and accept when y (2 - y) > U2 or
   * log(y / U2) + 1 - y >= 0, y = k (s - w); the draw is sign(U3 - 1/2) acos(w).
   */
  private standardDraws(n: number, seed: SeedStream): Float32Array {
    const shape = [n, ...this.batchShape];
    const total = shape.reduce((a, b) => a * b, 1);
    const result = new Float32Array(total);
    const done = new Uint8Array(total);
    let remaining = total;
    const [k, s] = tf.tidy(() => {
      // Concentration 0 (the uniform circle) would reject every proposal: round it up as TFP does.
      const kb = tf.maximum(tf.broadcastTo(this.concentration, shape), 1e-30);
      // s = (1 + rho^2) / (2 rho), rho = (r - sqrt(2 r)) / (2 k), r = 1 + sqrt(1 + 4 k^2); 1 / k for tiny k.
      const tiny = tf.less(kb, 1e-3);
      const safeK = tf.where(tiny, 1, kb);
      const r = tf.add(1, tf.sqrt(tf.add(1, tf.mul(4, tf.square(safeK)))));
      const rho = tf.div(tf.sub(r, tf.sqrt(tf.mul(2, r))), tf.mul(2, safeK));
      const exact = tf.div(tf.add(1, tf.square(rho)), tf.mul(2, rho));
      return [kb.dataSync() as Float32Array, tf.where(tiny, tf.reciprocal(kb), exact).dataSync() as Float32Array];
    });
    for (let round = 0; round < MAX_ROUNDS && remaining > 0; round++) {
      const [u1, u2, u3] = tf.tidy(() =>
        [0, 1, 2].map(() => tf.randomUniform([total], 0, 1, 'float32', seed.next()).dataSync() as Float32Array),
      );
      for (let i = 0; i < total; i++) {
        if (done[i]) continue;
        const z = Math.cos(Math.PI * u1[i]);
        const w = (1 + s[i] * z) / (s[i] + z);
        const y = k[i] * (s[i] - w);
        if (y * (2 - y) - u2[i] > 0 || Math.log(y / u2[i]) + 1 - y >= 0) {
          result[i] = Math.sign(u3[i] - 0.5) * Math.acos(Math.max(-1, Math.min(1, w)));
          done[i] = 1;
          remaining--;
        }
      }
    }
    if (remaining > 0) {
      throw new Error(`${this.name}: rejection sampler did not finish in ${MAX_ROUNDS} rounds`);
    }
    return result;
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const shape = [n, ...this.batchShape];
    const draws = this.standardDraws(n, seed);
    const locShape = this.loc.shape;
    const kShape = this.concentration.shape;
    // x = wrap(loc + z); dx/dloc = 1 and dx/dk = -(dF/dk)(z, k) / p(z; k) (implicit differentiation).
    const withGradient = (loc: tf.Tensor, k: tf.Tensor, save: tf.GradSaveFunc) => {
      const z = tf.tensor(draws, shape, 'float32');
      save([z, k]);
      return {
        value: wrap(tf.add(loc, z)).wrapped,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [zs, ks] = saved;
          const kb = tf.broadcastTo(ks, shape);
          const dCdfDk = cdfCenteredDk(zs, kb);
          const logDensity = tf.sub(tf.mul(kb, tf.sub(tf.cos(zs), 1)), tf.add(LOG_TWO_PI, tf.log(besselI0e(kb))));
          const dxDk = tf.neg(tf.div(dCdfDk, tf.exp(logDensity)));
          return [reduceTo(dy, locShape), reduceTo(tf.mul(dy, dxDk), kShape)];
        },
      };
    };
    const sample = tf.customGrad(withGradient as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
      loc: tf.Tensor,
      k: tf.Tensor,
    ) => tf.Tensor;
    return sample(this.loc, this.concentration);
  }
}

/**
 * KL(p || q) = kp (A - 1) - kq (A cos(lp - lq) - 1) + log i0e(kq) - log i0e(kp), with
 * A = i1e(kp) / i0e(kp) = E_p[cos(x - lp)].
 */
registerKL(VonMises, VonMises, (p, q) => {
  const kp = p.concentration;
  const kq = q.concentration;
  const i0p = besselI0e(kp);
  const a = tf.div(besselI1e(kp), i0p);
  const first = tf.mul(kp, tf.sub(a, 1));
  const second = tf.mul(kq, tf.sub(tf.mul(a, tf.cos(tf.sub(p.loc, q.loc))), 1));
  return tf.add(tf.sub(first, second), tf.sub(tf.log(besselI0e(kq)), tf.log(i0p)));
});
