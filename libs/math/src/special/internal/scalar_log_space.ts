/** Float64 scalar implementations of small log-space helpers. */

/** log(1 - exp(-|x|)), switching between log(-expm1(-x)) and log1p(-exp(-x)) at log 2. */
export function log1mexp(x: number): number {
  const a = Math.abs(x);
  return a < Math.LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
}

/** log(exp(x) - 1) for x >= 0; NaN below 0, -inf at 0. */
export function softplusInverse(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  return x < 30 ? Math.log(Math.expm1(x)) : x + Math.log1p(-Math.exp(-x));
}

/** log(exp(a) + exp(b)) = max + log1p(exp(-|a - b|)). */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const m = Math.max(a, b);
  if (m === -Infinity || m === Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(cosh x): log1p(2 sinh(x/2)^2) near 0, |x| - log 2 + log1p(exp(-2|x|)) elsewhere. */
export function logCosh(x: number): number {
  const a = Math.abs(x);
  if (a < 1) {
    const s = Math.sinh(a / 2);
    return Math.log1p(2 * s * s);
  }
  return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
}
