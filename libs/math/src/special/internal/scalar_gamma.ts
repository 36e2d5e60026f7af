/**
 * Float64 scalar implementations of the gamma family: log-gamma, digamma, Hurwitz zeta and
 * polygamma, plus the Stirling remainder shared by the incomplete gamma and beta functions.
 */

const LOG_SQRT_2PI = 0.9189385332046727;

/** Lanczos coefficients (g = 7, n = 9); relative error of Gamma below 2e-15 for x >= 0.5. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** sin(pi x) with exact argument reduction (x - 2 round(x / 2) is exact in float64). */
export function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // in [-1, 1]
  if (r === 0 || r === 1 || r === -1) return 0;
  if (r > 0.5) return Math.sin(Math.PI * (1 - r));
  if (r < -0.5) return -Math.sin(Math.PI * (1 + r));
  return Math.sin(Math.PI * r);
}

/** cos(pi x) with exact argument reduction. */
export function cosPi(x: number): number {
  const r = Math.abs(x - 2 * Math.round(x / 2)); // in [0, 1]
  if (r === 0.5) return 0;
  return r > 0.5 ? -Math.sin(Math.PI * (r - 0.5)) : Math.sin(Math.PI * (0.5 - r));
}

/** Stirling remainder lgamma(a) - [(a - 1/2) log a - a + log sqrt(2 pi)], for a >= 15. */
export function stirlingRemainder(a: number): number {
  const r = 1 / (a * a);
  return (
    (1 / 12 +
      r * (-1 / 360 + r * (1 / 1260 + r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r * (1 / 156))))))) /
    a
  );
}

/** log|Gamma(x)|; +inf at the poles x = 0, -1, -2, ... (TF's lgamma). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x < 0.5) {
    if (x === Math.floor(x)) return Infinity;
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x >= 15) {
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + stirlingRemainder(x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Positive root of digamma, split in two doubles (hi + lo). */
const DIGAMMA_ROOT_HI = 1.4616321449683622;
const DIGAMMA_ROOT_LO = 9.549995429965697e-17;

/** Taylor coefficients of digamma about its positive root: c_k = (-1)^(k+1) zeta(k + 1, root). */
let digammaRootCoefficients: number[] | undefined;

function digammaNearRoot(x: number): number {
  if (digammaRootCoefficients === undefined) {
    const root = DIGAMMA_ROOT_HI + DIGAMMA_ROOT_LO;
    digammaRootCoefficients = [];
    for (let k = 1; k <= 14; k++) {
      digammaRootCoefficients.push((k % 2 === 1 ? 1 : -1) * hurwitzZeta(k + 1, root));
    }
  }
  const d = x - DIGAMMA_ROOT_HI - DIGAMMA_ROOT_LO;
  let sum = 0;
  for (let k = digammaRootCoefficients.length - 1; k >= 0; k--) sum = sum * d + digammaRootCoefficients[k];
  return sum * d;
}

/** Digamma psi(x) = d/dx log Gamma(x); NaN at the poles x = 0, -1, -2, ... */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && x === Math.floor(x)) return NaN;
  if (Math.abs(x - DIGAMMA_ROOT_HI) < 0.05) return digammaNearRoot(x);
  let result = 0;
  if (x < 0) {
    // Reflection: psi(1 - x) - psi(x) = pi cot(pi x).
    result = (-Math.PI * cosPi(x)) / sinPi(x);
    x = 1 - x;
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const r = 1 / (x * x);
  const tail =
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  return result + Math.log(x) - 0.5 / x - tail;
}

/** Bernoulli numbers B_2, B_4, ..., B_24. */
const BERNOULLI = [
  1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
  854513 / 138, -236364091 / 2730,
];

/**
 * Hurwitz zeta(s, q) = sum_k (q + k)^-s for s > 1 (q may be negative when s is an integer), by
 * direct summation up to a shift w = q + N >= max(12, s) and Euler-Maclaurin for the rest.
 */
export function hurwitzZeta(s: number, q: number): number {
  if (Number.isNaN(s) || Number.isNaN(q) || !(s > 1)) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (s !== Math.floor(s)) return NaN;
  }
  if (q === Infinity) return 0;
  const shift = Math.max(12, s);
  let sum = 0;
  let w = q;
  while (w < shift) {
    sum += Math.pow(w, -s);
    w += 1;
  }
  const wPow = Math.pow(w, -s);
  sum += (w * wPow) / (s - 1) + 0.5 * wPow;
  // Euler-Maclaurin: sum_j B_2j / (2j)! * s (s+1) ... (s+2j-2) * w^(-s-2j+1).
  let factor = (s * wPow) / w; // s * w^(-s-1)
  let factorial = 2; // (2j)!
  const w2 = 1 / (w * w);
  for (let j = 1; j <= BERNOULLI.length; j++) {
    const term = (BERNOULLI[j - 1] / factorial) * factor;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    factor *= (s + 2 * j - 1) * (s + 2 * j) * w2;
    factorial *= (2 * j + 1) * (2 * j + 2);
  }
  return sum;
}

/** Polygamma psi^(n)(x) for integer n >= 0; NaN for non-integer or negative n. */
export function polygamma(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x) || n < 0 || n !== Math.floor(n)) return NaN;
  if (n === 0) return digamma(x);
  if (x === Infinity) return 0;
  if (x === -Infinity) return NaN;
  if (x <= 0 && x === Math.floor(x)) return n % 2 === 1 ? Infinity : NaN;
  // psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x)
  let logFactorial = 0;
  for (let k = 2; k <= n; k++) logFactorial += Math.log(k);
  const zeta = hurwitzZeta(n + 1, x);
  const magnitude = Math.exp(logFactorial + Math.log(Math.abs(zeta)));
  const sign = (n % 2 === 1 ? 1 : -1) * Math.sign(zeta);
  return sign * magnitude;
}

/** log Beta(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), without cancellation for large b. */
export function lbeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const x = Math.min(a, b);
  const y = Math.max(a, b);
  if (x < 0) return NaN;
  if (x === 0) return Infinity;
  if (y === Infinity) return -Infinity;
  if (y < 15) return lgamma(x) + lgamma(y) - lgamma(x + y);
  // lgamma(y) - lgamma(x + y) by Stirling with remainders, so nothing of size lgamma(y) cancels.
  const tail =
    -(y - 0.5) * Math.log1p(x / y) - x * Math.log(x + y) + x + stirlingRemainder(y) - stirlingRemainder(x + y);
  if (x < 15) return lgamma(x) + tail;
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + stirlingRemainder(x) + tail;
}

/**
 * digamma(y) - digamma(y + s) for y > 0, s >= 0, without cancellation when s << y: for y >= 10
 * each term of the asymptotic series log(y) - 1/(2y) - sum_k B_2k / (2k y^2k) is differenced
 * through log1p / expm1 of log1p(s / y).
 */
export function digammaDifference(y: number, s: number): number {
  if (Number.isNaN(y) || Number.isNaN(s)) return NaN;
  if (y < 10 || s === Infinity) return digamma(y) - digamma(y + s);
  const z = s / y;
  const logRatio = Math.log1p(z); // log((y + s) / y)
  let result = -logRatio - s / (2 * y * (y + s)); // log y - log(y+s) - 1/(2y) + 1/(2(y+s))
  let yPow = 1;
  const y2 = y * y;
  for (let k = 1; k <= 7; k++) {
    yPow *= y2;
    // B_2k / (2k) * (1/(y+s)^2k - 1/y^2k) = B_2k / (2k y^2k) * expm1(-2k log(1 + s/y))
    result -= (BERNOULLI[k - 1] / (2 * k) / yPow) * -Math.expm1(-2 * k * logRatio);
  }
  return result;
}
