/**
 * Float64 regularized incomplete beta I_x(a, b) with its derivatives in a and b, by forward-mode
 * (value, d/da, d/db) arithmetic through the continued fraction
 *   I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...))),
 *   d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),  d_{2m} = m (b-m) x / ((a+2m-1)(a+2m)),
 * evaluated by the modified Lentz method on the side x <= (a+1)/(a+b+2), with
 * I_x(a, b) = 1 - I_{1-x}(b, a) on the other (1 - x is exact for float32 x). The fraction needs
 * O(sqrt(min(a, b))) terms near the mean: ~20 ms per element at a = b = 1e7, and beyond a, b ~ 1e9
 * the 2e5-term cap is reached (no asymptotic expansion is implemented for that regime).
 */
import {digammaDifference, lbeta, stirlingRemainder} from './scalar_gamma';
import {log1pmx} from './scalar_igamma';

const LOG_SQRT_2PI = 0.9189385332046727;

/**
 * log(x^a (1-x)^b / (a B(a, b))). For a, b >= 15 it is written around the mean x0 = a/(a+b) as
 *   a log1pmx(d/x0) + b log1pmx(-d/(1-x0)) + log(a b/(a+b))/2 - log sqrt(2 pi) - R(a) - R(b) + R(a+b) - log a,
 * d = x - x0 (R the Stirling remainder; the first-order terms cancel exactly), so that nothing
 * of size a + b cancels.
 */
export function logPrefactor(a: number, b: number, x: number): number {
  if (a < 15 || b < 15) return a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b) - Math.log(a);
  const x0 = a / (a + b);
  const d = x - x0;
  return (
    a * log1pmx(d / x0) +
    b * log1pmx(-d / (1 - x0)) +
    0.5 * Math.log((a * b) / (a + b)) -
    LOG_SQRT_2PI -
    stirlingRemainder(a) -
    stirlingRemainder(b) +
    stirlingRemainder(a + b) -
    Math.log(a)
  );
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 200000;

/** I_x(a, b), dI/da and dI/db. */
export type BetaincParts = [number, number, number];

function continuedFraction(a: number, b: number, x: number): BetaincParts {
  // Lentz state (value, d/da, d/db) for c, d and the running product h.
  let c = 1,
    cA = 0,
    cB = 0;
  let dRaw = 1 - ((a + b) * x) / (a + 1);
  let dRawA = (-x * (1 - b)) / ((a + 1) * (a + 1));
  let dRawB = -x / (a + 1);
  if (Math.abs(dRaw) < TINY) dRaw = TINY;
  let d = 1 / dRaw;
  let dA = -dRawA * d * d;
  let dB = -dRawB * d * d;
  let h = d,
    hA = dA,
    hB = dB;
  // One Lentz step with the coefficient (aa, aaA, aaB); returns whether it has converged.
  const step = (aa: number, aaA: number, aaB: number): boolean => {
    let den = 1 + aa * d;
    const denA = aaA * d + aa * dA;
    const denB = aaB * d + aa * dB;
    let num = 1 + aa / c;
    const numA = aaA / c - (aa * cA) / (c * c);
    const numB = aaB / c - (aa * cB) / (c * c);
    if (Math.abs(den) < TINY) den = TINY;
    if (Math.abs(num) < TINY) num = TINY;
    d = 1 / den;
    dA = -denA * d * d;
    dB = -denB * d * d;
    c = num;
    cA = numA;
    cB = numB;
    const delta = c * d;
    const deltaA = cA * d + c * dA;
    const deltaB = cB * d + c * dB;
    hA = hA * delta + h * deltaA;
    hB = hB * delta + h * deltaB;
    h *= delta;
    return (
      Math.abs(delta - 1) <= EPS &&
      Math.abs(deltaA * h) <= EPS * Math.abs(hA) + TINY &&
      Math.abs(deltaB * h) <= EPS * Math.abs(hB) + TINY
    );
  };
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even coefficient d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    const evenDen = (a + m2 - 1) * (a + m2);
    const even = (m * (b - m) * x) / evenDen;
    step(even, even * (-1 / (a + m2 - 1) - 1 / (a + m2)), (m * x) / evenDen);
    // Odd coefficient d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    const oddA = odd * (1 / (a + m) + 1 / (a + b + m) - 1 / (a + m2) - 1 / (a + m2 + 1));
    if (step(odd, oddA, odd / (a + b + m))) break;
  }
  // Prefactor x^a (1-x)^b / (a B(a, b)) and its log-derivatives (digamma differences without cancellation).
  const prefactor = Math.exp(logPrefactor(a, b, x));
  const dLogA = Math.log(x) - digammaDifference(a, b) - 1 / a;
  const dLogB = Math.log1p(-x) - digammaDifference(b, a);
  const value = prefactor * h;
  return [value, value * dLogA + prefactor * hA, value * dLogB + prefactor * hB];
}

/** The same continued fraction without derivatives (the value kernel's fast path). */
function continuedFractionValue(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    for (const aa of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + aa * d;
      if (Math.abs(d) < TINY) d = TINY;
      c = 1 + aa / c;
      if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) <= EPS) break;
  }
  return Math.exp(logPrefactor(a, b, x)) * h;
}

/** I_x(a, b) with d/da and d/db; NaN for a <= 0, b <= 0, x outside [0, 1] or NaN (as TF). */
export function betaincParts(a: number, b: number, x: number): BetaincParts {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || !(a > 0) || !(b > 0) || x < 0 || x > 1) {
    return [NaN, NaN, NaN];
  }
  if (a === Infinity || b === Infinity) return [NaN, NaN, NaN];
  if (x === 0) return [0, 0, 0];
  if (x === 1) return [1, 0, 0];
  if (x <= (a + 1) / (a + b + 2)) return continuedFraction(a, b, x);
  const [v, dB, dA] = continuedFraction(b, a, 1 - x);
  return [1 - v, -dA, -dB];
}

export function betainc(a: number, b: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || !(a > 0) || !(b > 0) || x < 0 || x > 1) return NaN;
  if (a === Infinity || b === Infinity) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  if (x <= (a + 1) / (a + b + 2)) return continuedFractionValue(a, b, x);
  return 1 - continuedFractionValue(b, a, 1 - x);
}

export function betaincDerivativeA(a: number, b: number, x: number): number {
  return betaincParts(a, b, x)[1];
}

export function betaincDerivativeB(a: number, b: number, x: number): number {
  return betaincParts(a, b, x)[2];
}

/** dI/dx = x^(a-1) (1-x)^(b-1) / B(a, b), the Beta(a, b) density. */
export function betaincDerivativeX(a: number, b: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || !(a > 0) || !(b > 0) || x < 0 || x > 1) return NaN;
  if (x === 0) return a < 1 ? Infinity : a === 1 ? Math.exp(-lbeta(a, b)) : 0;
  if (x === 1) return b < 1 ? Infinity : b === 1 ? Math.exp(-lbeta(a, b)) : 0;
  return (Math.exp(logPrefactor(a, b, x)) * a) / (x * (1 - x));
}
