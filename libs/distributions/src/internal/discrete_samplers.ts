/**
 * Exact samplers for the counting distributions (Poisson, Binomial and, through them, Multinomial
 * and NegativeBinomial). The acceptance tests of the rejection methods compare differences of log
 * factorials of numbers up to 2^31, which float32 tensors cannot resolve, so these run in float64 on
 * the JS side over all draws of a batch at once, from a seeded generator: the same seed gives the
 * same draws.
 */
import type {SeededRandom} from '@tfjs-probability/math';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(k!) in float64: a direct sum below 16, else Stirling's series for log Gamma(k + 1) with terms
 * up to 1/(1260 n^5), whose truncation error is below 1e-13 there.
 */
export function logFactorial(k: number): number {
  if (k < 16) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  const n = k + 1;
  const n2 = n * n;
  return (n - 0.5) * Math.log(n) - n + HALF_LOG_TWO_PI + (1 / 12 - (1 / 360 - 1 / (1260 * n2)) / n2) / n;
}

/**
 * One Poisson(rate) draw: sequential-search inversion of the cdf for rate < 10, else Hormann's
 * transformed rejection with squeeze (PTRS, "The transformed rejection method for generating Poisson
 * random variables", 1993), the method TFP uses for large rates.
 */
export function samplePoisson(rate: number, u: SeededRandom): number {
  if (!(rate >= 0)) return NaN;
  if (rate === 0) return 0;
  if (rate === Infinity) return Infinity;
  if (rate < 10) {
    let k = 0;
    let p = Math.exp(-rate);
    let cdf = p;
    const target = u.uniform();
    while (target > cdf && p > 0) {
      k += 1;
      p *= rate / k;
      cdf += p;
    }
    return k;
  }
  const logRate = Math.log(rate);
  const b = 0.931 + 2.53 * Math.sqrt(rate);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const squeeze = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u.uniform() - 0.5;
    const V = u.uniform();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + rate + 0.43);
    if (us >= 0.07 && V <= squeeze) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log((V * inverseAlpha) / (a / (us * us) + b)) <= -rate + k * logRate - logFactorial(k)) return k;
  }
}

/**
 * One Binomial(n, p) draw: inversion (Kachitvichyanukul and Schmeiser's BINV) when
 * n min(p, 1 - p) < 10, else Hormann's BTRS transformed rejection ("The generation of binomial random
 * variates", 1993), the methods TFP uses.
 */
export function sampleBinomial(n: number, p: number, u: SeededRandom): number {
  if (!(n >= 0) || !(p >= 0 && p <= 1)) return NaN;
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, u);
  const q = 1 - p;
  if (n * p < 10) {
    const s = p / q;
    const a = (n + 1) * s;
    let r = Math.exp(n * Math.log1p(-p));
    let target = u.uniform();
    let k = 0;
    while (target > r && k < n) {
      target -= r;
      k += 1;
      r *= a / k - s;
      if (r <= 0) break;
    }
    return k;
  }
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const squeeze = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const logOdds = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const U = u.uniform() - 0.5;
    const V = u.uniform();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && V <= squeeze) return k;
    const logV = Math.log((V * alpha) / (a / (us * us) + b));
    if (logV <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * logOdds) return k;
  }
}
