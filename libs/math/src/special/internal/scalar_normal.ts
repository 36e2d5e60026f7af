/**
 * Float64 scalar implementations of the error function family and the standard normal CDF, its
 * logarithm and its inverse. erf uses its everywhere-positive series for |x| <= 3; the scaled
 * complement erfcx(x) = exp(x^2) erfc(x) uses Laplace's continued fraction for x > 3.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SQRT_2PI = 2.5066282746310002;
const SQRT_PI_OVER_2 = 0.886226925452758;
const LOG_SQRT_2PI = 0.9189385332046727;
const LN2 = Math.LN2;
/** Below this |z| erf's series is used; above, the continued fraction for erfc. */
const ERF_SERIES_LIMIT = 3;

/** erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), for |x| <= 3. */
function erfSeries(x: number, expMinusXSquared: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * expMinusXSquared * sum;
}

/** erfcx(z) = exp(z^2) erfc(z) for z > 3, by Lentz's method on 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))). */
function erfcxContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = z + an * d;
    c = z + an / c;
    if (d === 0) d = tiny;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return ONE_OVER_SQRT_PI / f;
}

/** erf(x). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  if (z <= ERF_SERIES_LIMIT) return erfSeries(x, Math.exp(-x * x));
  if (z > 6) return Math.sign(x);
  return Math.sign(x) * (1 - Math.exp(-z * z) * erfcxContinuedFraction(z));
}

/** erfc(x) = 1 - erf(x), relatively accurate in the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x <= ERF_SERIES_LIMIT) return 1 - erfSeries(x, Math.exp(-x * x));
  if (x > 27.3) return 0;
  return Math.exp(-x * x) * erfcxContinuedFraction(x);
}

/**
 * Upper normal tail Q(t) = 1 - ndtr(t) for t >= 0, with exp(-t^2/2) formed from t^2/2 (exact for
 * float32 t) rather than from (t/sqrt 2)^2.
 */
function normalUpperTail(t: number): number {
  const z = t / Math.SQRT2;
  const e = Math.exp(-0.5 * t * t);
  if (z <= ERF_SERIES_LIMIT) return 0.5 * (1 - erfSeries(z, e));
  return 0.5 * e * erfcxContinuedFraction(z);
}

/** Standard normal CDF ndtr(x) = (1 + erf(x / sqrt 2)) / 2. */
export function ndtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return x < 0 ? normalUpperTail(-x) : 1 - normalUpperTail(x);
}

/**
 * log ndtr(x). For x < -3 sqrt 2 it is log(1/2) - x^2/2 + log erfcx(-x / sqrt 2), which stays
 * accurate however far into the lower tail x goes.
 */
export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return -Infinity;
  if (x === Infinity) return 0;
  if (x > 0) return Math.log1p(-normalUpperTail(x));
  const z = -x / Math.SQRT2;
  if (z <= ERF_SERIES_LIMIT) return Math.log(normalUpperTail(-x));
  return -LN2 - 0.5 * x * x + Math.log(erfcxContinuedFraction(z));
}

/**
 * The inverse Mills ratio phi(x) / ndtr(x), the derivative of logNdtr; for x < -3 sqrt 2 it is
 * 2 / (sqrt(2 pi) erfcx(-x / sqrt 2)), with no underflow.
 */
export function logNdtrDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return Infinity;
  const z = -x / Math.SQRT2;
  if (z <= ERF_SERIES_LIMIT) return Math.exp(-0.5 * x * x - LOG_SQRT_2PI) / ndtr(x);
  return 2 / (SQRT_2PI * erfcxContinuedFraction(z));
}

/** Abramowitz and Stegun 26.2.23: a starting value (error < 4.5e-4) for the lower quantile, 0 < p <= 1/2. */
function ndtriStart(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
}

/** Lower quantile for 0 < p <= 1/2 by Halley steps on ndtr(x) - p from ndtriStart. */
function ndtriLower(p: number): number {
  let x = ndtriStart(p);
  for (let i = 0; i < 6; i++) {
    // Near the centre, ndtr(x) - p = erf(x / sqrt 2) / 2 - (p - 1/2) keeps relative accuracy.
    const residual = Math.abs(x) < 1 ? 0.5 * erf(x / Math.SQRT2) - (p - 0.5) : ndtr(x) - p;
    const u = residual * SQRT_2PI * Math.exp(0.5 * x * x);
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
  }
  return x;
}

/** ndtri(p), the inverse of ndtr: NaN outside [0, 1], -inf at 0, +inf at 1. */
export function ndtri(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // For p > 1/2, 1 - p is exact in float64 when p is a float32 value.
  return p > 0.5 ? -ndtriLower(1 - p) : ndtriLower(p);
}

/** erfinv(y), the inverse of erf: NaN outside [-1, 1], +-inf at +-1. */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 0) return y;
  const s = Math.sign(y);
  const v = Math.abs(y);
  if (v === 1) return s * Infinity;
  // Start from the normal quantile (1 - v is exact for float32 v) or, for small v, from the series.
  let x = v > 0.5 ? -ndtriLower((1 - v) / 2) / Math.SQRT2 : SQRT_PI_OVER_2 * v * (1 + (Math.PI / 12) * v * v);
  for (let i = 0; i < 8; i++) {
    // residual = erf(x) - v, written through erfc when v is near 1.
    const residual = v > 0.5 ? 1 - v - erfc(x) : erf(x) - v;
    const u = residual / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
    const step = u / (1 + x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return s * x;
}

/** Asymptotic erfcx(x) sqrt(pi) x = sum_k (-1)^k (2k-1)!! / (2x^2)^k and its x-derivative, for x >= 50. */
function erfcxAsymptotic(x: number): [number, number] {
  const r = 1 / (2 * x * x);
  let term = 1;
  let sum = 1;
  let dsum = 0;
  for (let k = 1; k < 30; k++) {
    term *= -(2 * k - 1) * r;
    sum += term;
    dsum += (-2 * k * term) / x;
    if (Math.abs(term) < 1e-17) break;
  }
  return [sum, dsum];
}

/** Scaled complementary error function erfcx(x) = exp(x^2) erfc(x); +inf below about -26.6. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x < 0) {
    if (x < -26.7) return Infinity;
    return 2 * Math.exp(x * x) - erfcx(-x);
  }
  if (x <= ERF_SERIES_LIMIT) return Math.exp(x * x) * (1 - erfSeries(x, Math.exp(-x * x)));
  if (x >= 1e8) return ONE_OVER_SQRT_PI / x;
  return erfcxContinuedFraction(x);
}

/** d/dx erfcx(x) = 2x erfcx(x) - 2/sqrt(pi), summed asymptotically for x >= 50 (no cancellation). */
export function erfcxDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 50) {
    if (x === Infinity) return 0;
    // erfcx = S / (x sqrt(pi)): derivative (S' x - S) / (x^2 sqrt(pi)), with S - 1 summed separately.
    const [s, ds] = erfcxAsymptotic(x);
    return (ONE_OVER_SQRT_PI * (ds * x - s)) / (x * x);
  }
  return 2 * x * erfcx(x) - TWO_OVER_SQRT_PI;
}

/** log(erfc(x)), accurate in the upper tail (-x^2 + log erfcx(x)). */
export function logerfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return -Infinity;
  if (Math.abs(x) < 0.5) return Math.log1p(-erf(x));
  if (x <= ERF_SERIES_LIMIT) return Math.log(erfc(x));
  return -x * x + Math.log(erfcx(x));
}

/** log(erfcx(x)) = x^2 + log(erfc(x)). */
export function logerfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return Infinity;
  if (Math.abs(x) < 0.5) return x * x + Math.log1p(-erf(x));
  if (x < 0) return x * x + Math.log(erfc(x));
  return Math.log(erfcx(x));
}

/** d/dx log(erfc(x)) = -2 / (sqrt(pi) erfcx(x)). */
export function logerfcDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return -TWO_OVER_SQRT_PI / erfcx(x);
}

/** d/dx log(erfcx(x)) = 2x - 2 / (sqrt(pi) erfcx(x)), asymptotically -1/x + S'/S for x >= 50. */
export function logerfcxDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 50) {
    if (x === Infinity) return 0;
    const [s, ds] = erfcxAsymptotic(x);
    return -1 / x + ds / s;
  }
  if (x < -26.7) return 2 * x;
  return 2 * x - TWO_OVER_SQRT_PI / erfcx(x);
}
