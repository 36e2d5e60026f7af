/**
 * Float64 inverses of the regularized incomplete gamma functions in x: the x with P(a, x) = p
 * (scipy's gammaincinv) or with Q(a, x) = q (gammainccinv), and their derivatives dx/dp = 1 / f(x) and
 * dx/da = -(dP/da) / f(x), f the Gamma(a, 1) density (implicit differentiation).
 *
 * Solved for u = log x by safeguarded Newton steps on log P(a, e^u) = log p when p <= 1/2, and on
 * log Q(a, e^u) = log(1 - p) above (1 - p is exact for float32 p), so both tails keep relative
 * accuracy. Both functions of u are logs of the CDF / survival function of the log-concave
 * density of log X, X ~ Gamma(a), hence concave: Newton's iterates approach the root from one side.
 */
import {increasingRoot} from './monotone_root';
import {lgamma} from './scalar_gamma';
import {igammaParts, logQPrefactor, randomGammaGrad} from './scalar_igamma';
import {ndtri} from './scalar_normal';

/** u = log x is searched in [-745, 710]: e^-745 is below float64's smallest subnormal, e^710 overflows. */
const LOG_X_MIN = -745;
const LOG_X_MAX = 710;

/** Starting log x: Wilson-Hilferty's cube-root normal approximation, or P ~ x^a / Gamma(a + 1) for small a. */
function initialLogX(a: number, p: number, q: number): number {
  const z = p <= 0.5 ? ndtri(p) : -ndtri(q);
  const s = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
  if (a >= 1 && s > 0) return Math.log(a) + 3 * Math.log(s);
  if (p <= 0.5) return Math.min((Math.log(p) + lgamma(a + 1)) / a, LOG_X_MAX);
  // Upper tail of a small a: Q ~ x^(a-1) e^-x / Gamma(a).
  return Math.log(Math.max(-Math.log(q) - lgamma(a), 1e-3));
}

/** log x with P(a, x) = p and Q(a, x) = q = 1 - p (both given exactly), for a > 0 and 0 < p < 1. */
function logRoot(a: number, p: number, q: number): number {
  const lower = p <= 0.5;
  const logTarget = Math.log(lower ? p : q);
  const g = (u: number): [number, number] => {
    const x = Math.exp(u);
    const parts = igammaParts(a, x);
    const logXDensity = logQPrefactor(a, x); // log(x f(x)) = a log x - x - lgamma(a)
    if (lower) {
      const logP = Math.log(parts.p);
      return [logP - logTarget, Math.exp(logXDensity - logP)];
    }
    const logQ = Math.log(parts.q);
    return [logTarget - logQ, Math.exp(logXDensity - logQ)];
  };
  return increasingRoot(g, initialLogX(a, p, q), LOG_X_MIN, LOG_X_MAX);
}

function invalid(a: number, p: number): boolean {
  return Number.isNaN(a) || Number.isNaN(p) || !(a > 0) || a === Infinity || p < 0 || p > 1;
}

/** The root from exact p and q = 1 - p, with the ends p = 0 (x = 0) and q = 0 (x = inf). */
function root(a: number, p: number, q: number): number {
  if (p === 0) return 0;
  if (q === 0) return Infinity;
  const u = logRoot(a, p, q);
  return u <= LOG_X_MIN ? 0 : Math.exp(u); // the root underflows float64 (tiny a)
}

/** x with P(a, x) = p; 0 at p = 0, +inf at p = 1, NaN for a <= 0 or p outside [0, 1]. */
export function igammainv(a: number, p: number): number {
  return invalid(a, p) ? NaN : root(a, p, 1 - p);
}

/** x with Q(a, x) = q (scipy's gammainccinv), relatively accurate for tiny q; +inf at q = 0, 0 at q = 1. */
export function igammacinv(a: number, q: number): number {
  return invalid(a, q) ? NaN : root(a, 1 - q, q);
}

/** 1 / f(x), f the Gamma(a, 1) density, at a float64 root x. */
function inverseDensity(a: number, x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return a < 1 ? 0 : a === 1 ? 1 : Infinity;
  return x / Math.exp(logQPrefactor(a, x));
}

/** dx/dp = 1 / f(x) at the float64 root x (so that the float32 rounding of x does not enter). */
export function igammainvDerivativeP(a: number, p: number): number {
  return inverseDensity(a, igammainv(a, p));
}

/** dx/da = -(dP/da) / f(x) at the float64 root x. */
export function igammainvDerivativeA(a: number, p: number): number {
  const x = igammainv(a, p);
  return Number.isNaN(x) ? NaN : randomGammaGrad(a, x);
}

/** For x = igammacinv(a, q): dx/dq = -1 / f(x). */
export function igammacinvDerivativeQ(a: number, q: number): number {
  return -inverseDensity(a, igammacinv(a, q));
}

/** For x = igammacinv(a, q): dx/da = -(dP/da) / f(x), as for igammainv (Q + P = 1). */
export function igammacinvDerivativeA(a: number, q: number): number {
  const x = igammacinv(a, q);
  return Number.isNaN(x) ? NaN : randomGammaGrad(a, x);
}
