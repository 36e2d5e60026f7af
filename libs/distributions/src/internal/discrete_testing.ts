/**
 * Test helpers for the discrete and simplex distributions (not exported from the package): fixtures
 * with non-finite values, and sample frequencies against a pmf within Monte Carlo error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';

/** Reads __fixtures__/<name>.json, mapping the strings "Infinity", "-Infinity", "NaN" back to numbers. */
export function loadFixtureNonFinite<T>(name: string): T {
  const text = fs.readFileSync(path.join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8');
  return JSON.parse(text, (_key, value) => {
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (value === 'NaN') return NaN;
    return value;
  }) as T;
}

/**
 * Checks draws of a discrete distribution against its pmf. Per cell k with n p_k >= 5 the count c_k
 * of n draws has standard error sqrt(n p_k (1 - p_k)), so |c_k - n p_k| must be within `sigmas` of
 * it; the other cells are pooled into one, whose count (near Poisson with mean e) must lie within
 * sigmas sqrt(e) + 3 of e. Those cells must also give Pearson's statistic X^2 below
 * df + sigmas sqrt(2 df), the chi-square mean plus `sigmas` standard deviations. Draws outside
 * `support` fail.
 */
export function assertFrequencies(
  t: ExecutionContext,
  draws: ArrayLike<number>,
  pmf: (k: number) => number,
  support: number[],
  options: {sigmas?: number; label?: string} = {},
): void {
  const sigmas = options.sigmas ?? 5;
  const label = options.label ?? '';
  const n = draws.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(draws[i], (counts.get(draws[i]) ?? 0) + 1);
  const inSupport = new Set(support);
  const outside = [...counts.keys()].filter((k) => !inSupport.has(k));
  t.deepEqual(outside, [], `${label} draws outside the support`);
  let chi2 = 0;
  let df = -1;
  let pooledCount = 0;
  let pooledExpected = 0;
  const bad: string[] = [];
  for (const k of support) {
    const p = pmf(k);
    const c = counts.get(k) ?? 0;
    const se = Math.sqrt(n * p * (1 - p));
    if (n * p >= 5) {
      if (Math.abs(c - n * p) > sigmas * se && bad.length < 5) bad.push(`k=${k}: ${c} draws, expected ${n * p} (se ${se})`);
      chi2 += (c - n * p) ** 2 / (n * p);
      df += 1;
    } else {
      pooledCount += c;
      pooledExpected += n * p;
    }
  }
  if (Math.abs(pooledCount - pooledExpected) > sigmas * Math.sqrt(pooledExpected) + 3) {
    bad.push(`cells with expected counts below 5: ${pooledCount} draws, expected ${pooledExpected}`);
  }
  if (pooledExpected > 0) {
    chi2 += (pooledCount - pooledExpected) ** 2 / Math.max(pooledExpected, 1);
    df += 1;
  }
  t.deepEqual(bad, [], `${label} per-cell frequencies`);
  if (df > 0) {
    t.true(chi2 <= df + sigmas * Math.sqrt(2 * df), `${label} chi-square ${chi2} with ${df} degrees of freedom`);
  }
}

/**
 * A Monte Carlo estimate with its standard error from `batches` independent replicates: `estimate(b)`
 * returns one replicate (a vector, e.g. a pathwise gradient over a batch of draws with seed b); the
 * result is the replicates' mean and the standard error sd / sqrt(batches) per component.
 */
export function replicatedEstimate(batches: number, estimate: (b: number) => number[]): {mean: number[]; se: number[]} {
  const runs = Array.from({length: batches}, (_, b) => estimate(b));
  const dims = runs[0].length;
  const mean = Array.from({length: dims}, (_, i) => runs.reduce((s, r) => s + r[i], 0) / batches);
  const se = mean.map((m, i) => Math.sqrt(runs.reduce((s, r) => s + (r[i] - m) ** 2, 0) / (batches - 1) / batches));
  return {mean, se};
}
