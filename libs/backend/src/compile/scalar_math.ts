/** Float64 scalar functions the elementwise kernels need beyond Math. */

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erfc(x) for x >= 2 by the continued fraction erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), by Lentz's method. */
function erfcLarge(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

/** The error function erf(x) = 2/sqrt(pi) int_0^x exp(-t^2) dt: Taylor series for |x| < 2, continued fraction of erfc beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return x < 0 ? -1 : 1; // erfc(6) = 2e-17
  if (ax >= 2) {
    const r = 1 - erfcLarge(ax);
    return x < 0 ? -r : r;
  }
  // erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1))
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** log(1 + exp(x)) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + exp(-x)) without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Round half to even (tfjs's Round). */
export function roundHalfEven(x: number): number {
  const base = Math.floor(x);
  const frac = x - base;
  if (frac < 0.5) return base;
  if (frac > 0.5) return base + 1;
  return base % 2 === 0 ? base : base + 1;
}

/** tfjs's Mod: the remainder with the sign of the divisor. */
export function floorMod(a: number, b: number): number {
  const rem = a % b;
  return (a < 0 && b < 0) || (a >= 0 && b >= 0) ? rem : (rem + b) % b;
}
