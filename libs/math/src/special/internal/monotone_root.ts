/**
 * Root of an increasing function on a finite bracket by Newton steps safeguarded with bisection:
 * the shared solver of the float64 inverse special functions (igammainv, betaincinv).
 */

/** Value and derivative of the function at t. */
export type ValueAndDerivative = (t: number) => [number, number];

const MAX_ITERATIONS = 300;

/**
 * Solves g(t) = 0 for g increasing on [lo, hi] with g(lo) <= 0 <= g(hi), starting at t0. Each
 * step is Newton's unless it leaves the current bracket (or g' is 0 or not finite), in which case
 * it bisects; the bracket shrinks with the sign of every evaluation, so the iteration always
 * converges. Stops when a step is below `tol` (relative to max(1, |t|)).
 */
export function increasingRoot(g: ValueAndDerivative, t0: number, lo: number, hi: number, tol = 1e-14): number {
  let t = Math.min(Math.max(t0, lo), hi);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const [value, slope] = g(t);
    if (value === 0) return t;
    if (Number.isNaN(value)) return NaN;
    if (value < 0) lo = t;
    else hi = t;
    let next = t - value / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= tol * Math.max(1, Math.abs(t)) || hi - lo <= tol * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
