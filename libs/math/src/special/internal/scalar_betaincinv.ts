/**
 * Float64 inverse of the regularized incomplete beta function in x: the x with I_x(a, b) = p
 * (scipy's betaincinv), and its derivatives dx/dp = 1 / f(x), dx/da = -(dI/da) / f(x) and
 * dx/db = -(dI/db) / f(x), f the Beta(a, b) density (implicit differentiation).
 *
 * The root is found on the side of the median it lies on, as u = log x for x <= 1/2 or as
 * u = log(1 - x) (through I_x(a, b) = 1 - I_(1-x)(b, a)) above, so that both ends of (0, 1) keep
 * relative accuracy; the equation solved is log I = log p for p <= 1/2 and log(1 - I) = log(1 - p)
 * above, so that both tails of p do too. Newton steps on u are safeguarded by bisection.
 */
import {increasingRoot} from './monotone_root';
import {betainc, betaincDerivativeX, betaincParts, logPrefactor} from './scalar_betainc';
import {lbeta} from './scalar_gamma';
import {ndtri} from './scalar_normal';

/** e^-745 is below float64's smallest subnormal. */
const LOG_X_MIN = -745;
const LOG_HALF = Math.log(0.5);

/** Starting log x for a root x <= 1/2: a normal approximation for large a, b, else I ~ x^a / (a B(a, b)). */
function initialLogX(a: number, b: number, p: number, q: number): number {
  if (a >= 5 && b >= 5) {
    const n = a + b;
    const z = p <= 0.5 ? ndtri(p) : -ndtri(q);
    const x = a / n + z * Math.sqrt((a * b) / (n * n * (n + 1)));
    if (x > 0 && x < 0.5) return Math.log(x);
  }
  return Math.min((Math.log(p) + Math.log(a) + lbeta(a, b)) / a, LOG_HALF);
}

/** log x with I_x(a, b) = p, q = 1 - p, for a root known to be in (0, 1/2]. */
function logRootBelowHalf(a: number, b: number, p: number, q: number): number {
  const lower = p <= 0.5;
  const logTarget = Math.log(lower ? p : q);
  const g = (u: number): [number, number] => {
    const x = Math.exp(u);
    // log(x f(x)) = log(x^a (1 - x)^b / (a B(a, b))) + log(a / (1 - x)).
    const logXDensity = logPrefactor(a, b, x) + Math.log(a) - Math.log1p(-x);
    if (lower) {
      const logI = Math.log(betainc(a, b, x));
      return [logI - logTarget, Math.exp(logXDensity - logI)];
    }
    // J = 1 - I_x(a, b), on the side of the continued fraction's switch point that betainc itself
    // uses: below it I is the fraction and J = 1 - I (absolute accuracy ~1e-16, far below float32's
    // needs unless p is within 1e-9 of 1 with a root below the mean); above it J = I_(1-x)(b, a)
    // is the fraction, relatively accurate however small (1 - x is exact enough for x <= 1/2).
    const logJ = Math.log(x <= (a + 1) / (a + b + 2) ? 1 - betainc(a, b, x) : betainc(b, a, 1 - x));
    return [logTarget - logJ, Math.exp(logXDensity - logJ)];
  };
  return increasingRoot(g, initialLogX(a, b, p, q), LOG_X_MIN, LOG_HALF);
}

/**
 * The root on its side of the median: log x with I_x(a, b) = p if that x is <= 1/2, else
 * (swapped) log y with I_y(b, a) = 1 - p, the answer being 1 - y. Arguments are valid, 0 < p < 1.
 */
function logRoot(a: number, b: number, p: number): {logX: number; swapped: boolean} {
  const q = 1 - p;
  if (p <= betainc(a, b, 0.5)) return {logX: logRootBelowHalf(a, b, p, q), swapped: false};
  return {logX: logRootBelowHalf(b, a, q, p), swapped: true};
}

function invalid(a: number, b: number, p: number): boolean {
  return Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(p) || !(a > 0) || !(b > 0) || p < 0 || p > 1 || a === Infinity || b === Infinity;
}

/** x with I_x(a, b) = p; 0 at p = 0, 1 at p = 1, NaN for a <= 0, b <= 0 or p outside [0, 1]. */
export function betaincinv(a: number, b: number, p: number): number {
  if (invalid(a, b, p)) return NaN;
  if (p === 0 || p === 1) return p;
  const {logX, swapped} = logRoot(a, b, p);
  if (logX <= LOG_X_MIN) return swapped ? 1 : 0; // the root's distance to the end underflows float64
  return swapped ? -Math.expm1(logX) : Math.exp(logX);
}

/**
 * [dx/da, dx/db, dx/dp], from the float64 root on its own side of the median (so that x near 1
 * is represented by its distance to 1): with x = 1 - y and I_y(b, a) = 1 - p, dx/dp = dy/dq,
 * dx/da = (dI_y/d(second argument)) / f_y and dx/db = (dI_y/d(first argument)) / f_y.
 */
function derivatives(a: number, b: number, p: number): [number, number, number] {
  if (invalid(a, b, p)) return [NaN, NaN, NaN];
  if (p === 0 || p === 1) {
    const density = betaincDerivativeX(a, b, p);
    return [0, 0, 1 / density];
  }
  const {logX, swapped} = logRoot(a, b, p);
  const [first, second] = swapped ? [b, a] : [a, b];
  const x = Math.exp(logX);
  const density = betaincDerivativeX(first, second, x);
  if (density === 0 || density === Infinity) return [0, 0, 1 / density];
  const [, dFirst, dSecond] = betaincParts(first, second, x);
  if (swapped) return [dSecond / density, dFirst / density, 1 / density];
  return [-dFirst / density, -dSecond / density, 1 / density];
}

export function betaincinvDerivativeA(a: number, b: number, p: number): number {
  return derivatives(a, b, p)[0];
}

export function betaincinvDerivativeB(a: number, b: number, p: number): number {
  return derivatives(a, b, p)[1];
}

export function betaincinvDerivativeP(a: number, b: number, p: number): number {
  return derivatives(a, b, p)[2];
}
