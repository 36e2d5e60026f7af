/**
 * Float64 exponentially scaled modified Bessel functions i0e(x) = exp(-|x|) I0(x) and
 * i1e(x) = exp(-|x|) I1(x): the (all-positive) power series for |x| <= 20 and Hankel's asymptotic
 * expansion beyond, whose smallest term there is below e^(-2|x|) < 1e-17.
 */

const SERIES_LIMIT = 20;

/** e^{-x} I_nu(x) for x > 20 and nu in {0, 1}: 1/sqrt(2 pi x) sum_k (-1)^k a_k(nu) / x^k. */
function asymptotic(nu: number, x: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100; k++) {
    const next = (-term * (mu - (2 * k - 1) ** 2)) / (k * 8 * x);
    if (Math.abs(next) >= Math.abs(term)) break; // the expansion has started to diverge
    term = next;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum / Math.sqrt(2 * Math.PI * x);
}

/** exp(-x) sum_k (x^2/4)^k / (k! (k + nu)!) (x/2)^nu for 0 <= x <= 20. */
function series(nu: number, x: number): number {
  const q = (x * x) / 4;
  let term = nu === 0 ? 1 : x / 2;
  let sum = term;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * (k + nu));
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum * Math.exp(-x);
}

/** exp(-|x|) I0(x), even. */
export function besselI0e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === Infinity) return 0;
  return a <= SERIES_LIMIT ? series(0, a) : asymptotic(0, a);
}

/** exp(-|x|) I1(x), odd. */
export function besselI1e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === Infinity) return 0;
  const v = a <= SERIES_LIMIT ? series(1, a) : asymptotic(1, a);
  return x < 0 ? -v : v;
}

/**
 * sqrt(2 pi x) (i1e(x) - i0e(x)) for x > 20, summed term by term from the two Hankel expansions
 * (a_k(1) - a_k(0)) so that nothing cancels however large x is.
 */
function asymptoticDifference(x: number): number {
  let term0 = 1;
  let term1 = 1;
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const next0 = (-term0 * (0 - (2 * k - 1) ** 2)) / (k * 8 * x);
    const next1 = (-term1 * (4 - (2 * k - 1) ** 2)) / (k * 8 * x);
    const diff = next1 - next0;
    if (k > 1 && Math.abs(next0) >= Math.abs(term0)) break;
    term0 = next0;
    term1 = next1;
    sum += diff;
    if (Math.abs(diff) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/** d/dx i0e(x) = i1e(x) - sign(x) i0e(x) (odd). */
export function besselI0eDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === Infinity) return 0;
  const v = a <= SERIES_LIMIT ? besselI1e(a) - besselI0e(a) : asymptoticDifference(a) / Math.sqrt(2 * Math.PI * a);
  return x < 0 ? -v : v;
}

/** d/dx i1e(x) = i0e(x) - i1e(x) (sign(x) + 1/x) (even); 1/2 at x = 0. */
export function besselI1eDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === 0) return 0.5;
  if (a === Infinity) return 0;
  if (a <= SERIES_LIMIT) return besselI0e(a) - besselI1e(a) * (1 + 1 / a);
  return -(asymptoticDifference(a) + asymptotic(1, a) * Math.sqrt(2 * Math.PI * a) / a) / Math.sqrt(2 * Math.PI * a);
}
