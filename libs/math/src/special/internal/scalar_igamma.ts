/**
 * Float64 regularized incomplete gamma functions P(a, x) (igamma) and Q(a, x) = 1 - P (igammac)
 * with their derivative in a, by forward-mode (value, d/da) arithmetic through:
 *  - the power series of P for x < a + 1,
 *  - Legendre's continued fraction of Q for x >= a + 1 (modified Lentz),
 *  - the small-x series of Q for x <= 1.1 (relative accuracy of Q for tiny a),
 *  - Temme's uniform asymptotic expansion (two terms, differentiated analytically) for a > 1e5
 *    and |x - a| < 0.3 a, where the series and fraction would need O(sqrt a) terms.
 */
import {digamma, hurwitzZeta, lgamma, stirlingRemainder} from './scalar_gamma';
import {erfc} from './scalar_normal';

const EPS = 1e-16;
const MAX_ITERATIONS = 100000;
const LOG_SQRT_2PI = 0.9189385332046727;
const EULER_GAMMA = 0.5772156649015329;
const TEMME_MIN_A = 1e5;
const TEMME_MAX_REL = 0.3;

/** P, Q and dP/da (= -dQ/da). */
export interface IgammaParts {
  p: number;
  q: number;
  dpda: number;
}

/** log(1 + d) - d, without cancellation for small d. */
export function log1pmx(d: number): number {
  if (Math.abs(d) > 0.25) return Math.log1p(d) - d;
  let term = d;
  let sum = 0;
  for (let k = 2; k < 80; k++) {
    term *= -d;
    const add = term / k;
    sum += add;
    if (Math.abs(add) <= EPS * Math.abs(sum)) break;
  }
  return sum;
}

/** a log x - x - lgamma(a), with Stirling's form for large a so that nothing of size a cancels. */
export function logQPrefactor(a: number, x: number): number {
  if (a < 15) return a * Math.log(x) - x - lgamma(a);
  return a * log1pmx((x - a) / a) + 0.5 * Math.log(a) - LOG_SQRT_2PI - stirlingRemainder(a);
}

let lgamma1pCoefficients: number[] | undefined;

/** lgamma(1 + a), accurate for tiny a: -gamma a + sum_k (-1)^k zeta(k) a^k / k for |a| < 0.2. */
function lgamma1p(a: number): number {
  if (Math.abs(a) >= 0.2) return lgamma(1 + a);
  if (lgamma1pCoefficients === undefined) {
    lgamma1pCoefficients = [];
    for (let k = 2; k <= 40; k++) lgamma1pCoefficients.push(((k % 2 === 0 ? 1 : -1) * hurwitzZeta(k, 1)) / k);
  }
  let sum = 0;
  for (let k = lgamma1pCoefficients.length - 1; k >= 0; k--) sum = (sum + lgamma1pCoefficients[k]) * a;
  return (sum - EULER_GAMMA) * a;
}

/** P by its power series (x < a + 1) and dP/da. */
function pSeries(a: number, x: number): [number, number] {
  // P = exp(a log x - x - lgamma(a + 1)) * sum_n x^n / ((a+1)...(a+n)); d term_n/da = -term_n H_n.
  let term = 1;
  let sum = 1;
  let harmonic = 0;
  let dsum = 0;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    harmonic += 1 / (a + n);
    sum += term;
    dsum -= term * harmonic;
    if (term <= EPS * sum && Math.abs(term * harmonic) <= EPS * Math.abs(dsum)) break;
  }
  const logPrefactor = logQPrefactor(a, x) - Math.log(a);
  const prefactor = Math.exp(logPrefactor);
  const p = prefactor * sum;
  const dlog = Math.log(x) - digamma(a + 1);
  return [p, p * dlog + prefactor * dsum];
}

/** Q by Legendre's continued fraction (x >= a + 1) and dQ/da, by modified Lentz on duals. */
function qContinuedFraction(a: number, x: number): [number, number] {
  const tiny = 1e-300;
  let b = x + 1 - a;
  const db = -1;
  let c = 1 / tiny;
  let dc = 0;
  let d = 1 / b;
  let dd = -db / (b * b);
  let h = d;
  let dh = dd;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    const dan = i;
    b += 2;
    let dRaw = an * d + b;
    const dDRaw = dan * d + an * dd + db;
    let cRaw = b + an / c;
    const dCRaw = db + dan / c - (an * dc) / (c * c);
    if (Math.abs(dRaw) < tiny) dRaw = tiny;
    if (Math.abs(cRaw) < tiny) cRaw = tiny;
    d = 1 / dRaw;
    dd = -dDRaw * d * d;
    c = cRaw;
    dc = dCRaw;
    const delta = c * d;
    const ddelta = dc * d + c * dd;
    dh = dh * delta + h * ddelta;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS && Math.abs(ddelta * h) <= EPS * Math.abs(dh)) break;
  }
  const prefactor = Math.exp(logQPrefactor(a, x));
  const q = prefactor * h;
  const dlog = Math.log(x) - digamma(a);
  return [q, q * dlog + prefactor * dh];
}

/**
 * Q for x <= 1.1 by Q = -expm1(L) - a e^L sum_{n>=1} (-1)^n x^n / (n! (a + n)) with
 * L = a log x - lgamma(1 + a): both parts are O(a) for tiny a, so Q keeps relative accuracy.
 */
function qSmallX(a: number, x: number): [number, number] {
  let term = 1;
  let sum = 0;
  let dsum = 0;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const add = term / (a + n);
    sum += add;
    dsum -= add / (a + n);
    if (Math.abs(add) <= EPS * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  const L = a * logx - lgamma1p(a);
  const dL = logx - digamma(1 + a);
  const eL = Math.exp(L);
  const q = -Math.expm1(L) - a * eL * sum;
  const dq = -eL * dL - eL * sum - a * eL * dL * sum - a * eL * dsum;
  return [q, dq];
}

/** Temme's coefficients C0(eta), C1(eta) with d = lambda - 1 = (x - a) / a. */
function temmeCoefficients(d: number, eta: number): [number, number] {
  if (Math.abs(d) < 1e-3) {
    const c0 = -1 / 3 + eta * (1 / 12 + eta * (-2 / 135 + eta * (1 / 864 + eta / 2835)));
    const c1 = -1 / 540 + eta * (-1 / 288 + eta / 378);
    return [c0, c1];
  }
  const c0 = 1 / d - 1 / eta;
  const c1 = 1 / (eta * eta * eta) - 1 / (d * d * d) - 1 / (d * d) - 1 / (12 * d);
  return [c0, c1];
}

/**
 * P, Q and dP/da by Temme's expansion for large a:
 *   Q = erfc(eta sqrt(a/2)) / 2 + E (C0 + C1 / a),  E = exp(-a phi) / sqrt(2 pi a),
 * with lambda = x / a, phi = lambda - 1 - log(lambda), eta = sign(lambda - 1) sqrt(2 phi).
 * Differentiating at fixed x (d lambda / da = -lambda / a, d eta / da = -r / a with
 * r = (lambda - 1) / eta):
 *   dQ/da = E [r - eta/2 + (log(lambda) - 1/(2a)) (C0 + C1/a) - C0'(eta) r / a - C1 / a^2],
 * dropping C1' / a^2 and the O(1/a^2) terms of the expansion (relative size below 1e-10 for a > 1e5).
 */
function temmeParts(a: number, x: number): IgammaParts {
  const d = (x - a) / a; // x - a is exact for float32 arguments
  const phi = -log1pmx(d);
  const eta = d === 0 ? 0 : Math.sign(d) * Math.sqrt(2 * phi);
  const u = eta * Math.sqrt(a / 2);
  const [c0, c1] = temmeCoefficients(d, eta);
  const e = Math.exp(-a * phi) / Math.sqrt(2 * Math.PI * a);
  const series = c0 + c1 / a;
  const p = 0.5 * erfc(-u) - e * series;
  const q = 0.5 * erfc(u) + e * series;
  let r: number;
  let dc0: number;
  if (Math.abs(d) < 1e-3) {
    r = 1 + eta * (1 / 3 + eta * (1 / 36 + eta * (-1 / 270 + eta / 4320)));
    dc0 = 1 / 12 + eta * (-4 / 135 + eta * (1 / 288 + eta * (4 / 2835)));
  } else {
    r = d / eta;
    dc0 = 1 / (eta * eta) - ((1 + d) * eta) / (d * d * d);
  }
  const dqda = e * (r - eta / 2 + (Math.log1p(d) - 1 / (2 * a)) * series - (dc0 * r) / a - c1 / (a * a));
  return {p, q, dpda: -dqda};
}

/** P(a, x), Q(a, x) and dP/da; NaN for a <= 0, x < 0 or NaN arguments (as TF). */
export function igammaParts(a: number, x: number): IgammaParts {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0) || x < 0 || a === Infinity) {
    return {p: NaN, q: NaN, dpda: NaN};
  }
  if (x === 0) return {p: 0, q: 1, dpda: 0};
  if (x === Infinity) return {p: 1, q: 0, dpda: 0};
  if (a > TEMME_MIN_A && Math.abs(x - a) < TEMME_MAX_REL * a) return temmeParts(a, x);
  if (x < a + 1) {
    const [p, dp] = pSeries(a, x);
    if (x <= 1.1) {
      const [q] = qSmallX(a, x);
      return {p, q, dpda: dp};
    }
    return {p, q: 1 - p, dpda: dp};
  }
  const [q, dq] = qContinuedFraction(a, x);
  return {p: 1 - q, q, dpda: -dq};
}

export function igamma(a: number, x: number): number {
  return igammaParts(a, x).p;
}

export function igammac(a: number, x: number): number {
  return igammaParts(a, x).q;
}

/** dP/da(a, x). */
export function igammaDerivativeA(a: number, x: number): number {
  return igammaParts(a, x).dpda;
}

/** dP/dx = x^(a-1) exp(-x) / Gamma(a), the Gamma(a, 1) density. */
export function igammaDerivativeX(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0) || x < 0) return NaN;
  if (x === 0) return a < 1 ? Infinity : a === 1 ? 1 : 0;
  if (x === Infinity) return 0;
  return Math.exp(logQPrefactor(a, x)) / x;
}

/**
 * Implicit reparameterisation derivative of a Gamma(a, 1) sample x in a:
 * dx/da = -(dP/da) / (dP/dx), evaluated in float64 (TF's `random_gamma_grad`).
 */
export function randomGammaGrad(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0) || x < 0) return NaN;
  if (x === 0 || x === Infinity) return 0;
  const density = igammaDerivativeX(a, x);
  if (density === 0) return 0;
  return -igammaParts(a, x).dpda / density;
}
