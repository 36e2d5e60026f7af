import type {Evaluation} from './batch_driver';
import {axpy, dot} from './validation';

/** Outcome of a line search along d from x: the accepted point, or ok = false. */
export interface LineSearchResult {
  ok: boolean;
  position: Float64Array;
  value: number;
  gradient: Float64Array;
}

/** Sufficient-decrease (Armijo) and curvature constants; TFP's Hager-Zhang uses 0.1 / 0.9. */
const C1 = 1e-4;
const C2 = 0.9;
/** Hager-Zhang's relative error allowance for the approximate Wolfe test (epsilon * |f(0)|). */
const APPROX_EPS = 1e-6;

/**
 * Strong-Wolfe line search of Nocedal & Wright (Algorithms 3.5 and 3.6: bracketing, then a
 * zoom with safeguarded cubic interpolation), as a member program of `driveBatch`. A step is
 * accepted when it satisfies the strong Wolfe conditions
 *   f(a) <= f(0) + c1 a f'(0)   and   |f'(a)| <= c2 |f'(0)|,
 * or Hager-Zhang's approximate Wolfe conditions (f(a) <= f(0) + eps |f(0)| and
 * (2 c1 - 1) f'(0) >= f'(a) >= c2 f'(0)), which stay usable when float32 rounding hides the
 * decrease near a minimum. Non-finite trial values shrink the step.
 */
export function* strongWolfeLineSearch(
    x: Float64Array, f0: number, g0: Float64Array, d: Float64Array, initialStep: number,
    maxEvaluations: number): Generator<Float64Array, LineSearchResult, Evaluation> {
  const dphi0 = dot(g0, d);
  const epsF = APPROX_EPS * Math.abs(f0);
  interface Trial {a: number; f: number; dphi: number; x: Float64Array; g: Float64Array}
  let evaluations = 0;
  const trial = function*(a: number): Generator<Float64Array, Trial, Evaluation> {
    const xa = axpy(x, a, d);
    const e = yield xa;
    evaluations++;
    const finite = Number.isFinite(e.value) && e.gradient.every(Number.isFinite);
    return {a, f: finite ? e.value : Infinity, dphi: finite ? dot(e.gradient, d) : Infinity, x: xa, g: e.gradient};
  };
  const armijo = (t: Trial) => t.f <= f0 + C1 * t.a * dphi0;
  const strongCurvature = (t: Trial) => Math.abs(t.dphi) <= -C2 * dphi0;
  const approxWolfe = (t: Trial) => t.f <= f0 + epsF && (2 * C1 - 1) * dphi0 >= t.dphi && t.dphi >= C2 * dphi0;
  const accept = (t: Trial): LineSearchResult => ({ok: true, position: t.x, value: t.f, gradient: t.g});
  const origin: Trial = {a: 0, f: f0, dphi: dphi0, x, g: g0};
  let best: Trial = origin;
  const remember = (t: Trial) => { if (t.f < best.f) best = t; };
  const fallback = (): LineSearchResult =>
    best.a > 0 ? accept(best) : {ok: false, position: x, value: f0, gradient: g0};

  let lo: Trial | undefined;
  let hi: Trial | undefined;
  let prev = origin;
  let a = initialStep;
  while (evaluations < maxEvaluations) {
    const t = yield* trial(a);
    if (!Number.isFinite(t.f)) {
      a = 0.5 * (prev.a + a);
      continue;
    }
    remember(t);
    if (approxWolfe(t)) return accept(t);
    if (!armijo(t) || (prev.a > 0 && t.f >= prev.f)) { lo = prev; hi = t; break; }
    if (strongCurvature(t)) return accept(t);
    if (t.dphi >= 0) { lo = t; hi = prev; break; }
    prev = t;
    a *= 2;
  }
  if (lo === undefined || hi === undefined) return fallback();

  while (evaluations < maxEvaluations) {
    const width = hi.a - lo.a;
    if (Math.abs(width) <= 1e-12 * Math.max(1, Math.abs(lo.a))) break;
    let aj = cubicMinimizer(lo, hi);
    const left = Math.min(lo.a, hi.a) + 0.1 * Math.abs(width);
    const right = Math.max(lo.a, hi.a) - 0.1 * Math.abs(width);
    if (!Number.isFinite(aj) || aj < left || aj > right) aj = 0.5 * (lo.a + hi.a);
    const t = yield* trial(aj);
    remember(t);
    if (approxWolfe(t)) return accept(t);
    if (!armijo(t) || t.f >= lo.f) {
      hi = t;
    } else {
      if (strongCurvature(t)) return accept(t);
      if (t.dphi * (hi.a - lo.a) >= 0) hi = lo;
      lo = t;
    }
  }
  return fallback();
}

/** Minimiser of the cubic through (a, f, f') at both ends (Nocedal & Wright eq. 3.59). */
function cubicMinimizer(p: {a: number; f: number; dphi: number}, q: {a: number; f: number; dphi: number}): number {
  const d1 = p.dphi + q.dphi - 3 * (p.f - q.f) / (p.a - q.a);
  const disc = d1 * d1 - p.dphi * q.dphi;
  if (!(disc >= 0) || ![p.f, q.f, p.dphi, q.dphi].every(Number.isFinite)) return NaN;
  const d2 = Math.sign(q.a - p.a) * Math.sqrt(disc);
  return q.a - (q.a - p.a) * (q.dphi + d2 - d1) / (q.dphi - p.dphi + 2 * d2);
}
