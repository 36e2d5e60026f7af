/**
 * Test machinery shared by the univariate continuous distributions (not exported from the
 * package): fixture cases written by tools/fixtures/univariate_fixture.py, density quadrature,
 * empirical-CDF checks of samplers, pathwise gradient checks and logProb gradient checks.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {Distribution} from '../distribution';
import {assertClose, assertNoLeak, Tolerance} from './testing';

export type Params = Record<string, number>;

export interface UnivariateCase {
  params: Params;
  x: number[];
  logProb: number[];
  cdf?: number[];
  logCdf?: number[];
  sf?: number[];
  logSf?: number[];
  p?: number[];
  quantile?: number[];
  mean?: number;
  variance?: number;
  mode?: number;
  entropy?: number;
}

export interface GradCase {
  params: Params;
  x: number[];
  dx: number[];
  [dParam: string]: number[] | Params;
}

export interface KLCase {
  p: Params;
  q: Params;
  kl: number;
}

export interface MassCase {
  params: Params;
  lo: number;
  hi: number;
  mass: number;
  /** For logarithmic grids: the grid is origin + exp(uniform in log(lo - origin) .. log(hi - origin)). */
  origin?: number;
}

export interface UnivariateFixture {
  cases: UnivariateCase[];
  grads?: GradCase[];
  kl?: KLCase[];
  mass?: MassCase[];
}

/** Reads __fixtures__/<name>.json, turning the strings 'Infinity', '-Infinity', 'NaN' into numbers. */
export function loadUnivariateFixture<T = UnivariateFixture>(name: string): T {
  const text = fs.readFileSync(path.join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8');
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (value === 'NaN') return NaN;
    return value;
  }) as T;
}

type Field = 'logProb' | 'prob' | 'cdf' | 'logCdf' | 'sf' | 'logSf' | 'quantile' | 'mean' | 'variance' | 'stddev' | 'mode' | 'entropy';

/**
 * Default float32 tolerances. Log-densities are sums of a few O(1)..O(100) terms, each rounded to
 * float32 (relative 6e-8), so rtol 1e-5 with a small atol; probabilities get a denormal atol floor;
 * log-CDFs near 0 are compared absolutely. Each test may loosen single fields with a stated reason.
 */
const DEFAULT_TOLERANCES: Record<Field, Tolerance> = {
  logProb: {rtol: 1e-5, atol: 2e-5},
  prob: {rtol: 5e-5, atol: 1e-37},
  cdf: {rtol: 5e-5, atol: 1e-7},
  logCdf: {rtol: 5e-5, atol: 1e-6},
  sf: {rtol: 5e-5, atol: 1e-7},
  logSf: {rtol: 5e-5, atol: 1e-6},
  quantile: {rtol: 5e-5, atol: 1e-6},
  mean: {rtol: 2e-5, atol: 1e-6},
  variance: {rtol: 5e-5, atol: 1e-6},
  stddev: {rtol: 5e-5, atol: 1e-6},
  mode: {rtol: 2e-5, atol: 1e-6},
  entropy: {rtol: 2e-5, atol: 2e-6},
};

/**
 * Checks every field present in each fixture case against the distribution built by `make`, and
 * that doing so leaks no tensor. `tolerances` overrides the defaults per field.
 */
export function checkCases(
  t: ExecutionContext,
  cases: UnivariateCase[],
  make: (params: Params) => Distribution,
  tolerances: Partial<Record<Field, Tolerance>> = {},
): void {
  const tol = (f: Field): Tolerance =>
    f === 'stddev' && tolerances.stddev === undefined ? tol('variance') : {...DEFAULT_TOLERANCES[f], ...tolerances[f]};
  for (const c of cases) {
    const label = JSON.stringify(c.params);
    assertNoLeak(t, () => {
      const d = make(c.params);
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logProb, tol('logProb'), `logProb ${label}`);
        // prob = exp(logProb) carries logProb's absolute error as a relative error.
        const lp = tol('logProb');
        const maxLogProb = Math.max(0, ...c.logProb.filter(Number.isFinite).map(Math.abs));
        const probTol = {...tol('prob'), rtol: Math.max(tol('prob').rtol ?? 0, (lp.atol ?? 0) + (lp.rtol ?? 0) * maxLogProb)};
        assertClose(t, d.prob(c.x), c.logProb.map(Math.exp), probTol, `prob ${label}`);
        if (c.cdf) assertClose(t, d.cdf(c.x), c.cdf, tol('cdf'), `cdf ${label}`);
        if (c.logCdf) assertClose(t, d.logCdf(c.x), c.logCdf, tol('logCdf'), `logCdf ${label}`);
        if (c.sf) assertClose(t, d.survivalFunction(c.x), c.sf, tol('sf'), `survival ${label}`);
        if (c.logSf) assertClose(t, d.logSurvivalFunction(c.x), c.logSf, tol('logSf'), `logSurvival ${label}`);
        if (c.p && c.quantile) assertClose(t, d.quantile(c.p), c.quantile, tol('quantile'), `quantile ${label}`);
        if (c.mean !== undefined) assertClose(t, d.mean(), c.mean, tol('mean'), `mean ${label}`);
        if (c.variance !== undefined) {
          assertClose(t, d.variance(), c.variance, tol('variance'), `variance ${label}`);
          assertClose(t, d.stddev(), Math.sqrt(c.variance), tol('stddev'), `stddev ${label}`);
        }
        if (c.mode !== undefined) assertClose(t, d.mode(), c.mode, tol('mode'), `mode ${label}`);
        if (c.entropy !== undefined) assertClose(t, d.entropy(), c.entropy, tol('entropy'), `entropy ${label}`);
      });
      d.dispose();
    }, `tensor count ${label}`);
  }
}

/**
 * The trapezoid rule, in float64, over `prob` on n + 1 points of [lo, hi] (or of [log lo, log hi]
 * with `logGrid`, for densities spread over decades) must equal scipy's P(lo < X < hi). The
 * trapezoid error is O(h^2 f''), far below `tolerance` for the grids the tests choose.
 */
export function assertIntegrates(
  t: ExecutionContext,
  dist: Distribution,
  mass: MassCase,
  options: {n?: number; logGrid?: boolean; tolerance?: number} = {},
): void {
  const n = options.n ?? 20000;
  const {lo, hi} = mass;
  const o = mass.origin ?? 0;
  const grid = Array.from({length: n + 1}, (_, i) =>
    options.logGrid ? o + Math.exp(Math.log(lo - o) + ((Math.log(hi - o) - Math.log(lo - o)) * i) / n) : lo + ((hi - lo) * i) / n,
  );
  const density = tf.tidy(() => Array.from(dist.prob(grid).dataSync()));
  let integral = 0;
  for (let i = 0; i < n; i++) {
    integral += 0.5 * (density[i] + density[i + 1]) * (grid[i + 1] - grid[i]);
  }
  const tolerance = options.tolerance ?? 1e-4;
  t.true(
    Math.abs(integral - mass.mass) <= tolerance,
    `${dist.name}: integral of prob over [${lo}, ${hi}] is ${integral}, scipy mass ${mass.mass}`,
  );
}

/**
 * Draws n samples of a scalar-batch distribution and checks the empirical CDF at `x` against the
 * reference `cdf` within `sigmas` binomial standard errors sqrt(F (1 - F) / n).
 */
export function assertSampleCdf(
  t: ExecutionContext,
  dist: Distribution,
  x: number[],
  cdf: number[],
  options: {n?: number; seed?: number; sigmas?: number} = {},
): void {
  const n = options.n ?? 20000;
  const sigmas = options.sigmas ?? 5;
  const draws = tf.tidy(() => Array.from(dist.sample(n, options.seed ?? 42).dataSync()));
  t.is(draws.length, n, `${dist.name}: sample must be of a scalar batch`);
  x.forEach((xi, i) => {
    const empirical = draws.filter((v) => v <= xi).length / n;
    const se = Math.sqrt((cdf[i] * (1 - cdf[i])) / n);
    t.true(
      Math.abs(empirical - cdf[i]) <= sigmas * se + 1 / n,
      `${dist.name}: empirical cdf at ${xi} is ${empirical}, expected ${cdf[i]} (se ${se})`,
    );
  });
}

/**
 * Pathwise gradients of samples: builds the distribution with every parameter a vector of n equal
 * entries, draws one sample per entry, and takes d(sum of draws)/d(param). Each entry is then one
 * independent draw of d x / d param, whose mean must equal d E[X] / d param (by autodiff of `mean()`,
 * itself checked against scipy) within `sigmas` standard errors of the per-draw derivatives.
 */
export function assertReparameterizedMeanGradient(
  t: ExecutionContext,
  make: (params: Record<string, tf.Tensor>) => Distribution,
  params: Params,
  options: {n?: number; seed?: number; sigmas?: number; only?: string[]} = {},
): void {
  const n = options.n ?? 20000;
  const sigmas = options.sigmas ?? 5;
  const names = options.only ?? Object.keys(params);
  tf.tidy(() => {
    const vectors = names.map((k) => tf.fill([n], params[k]));
    const scalars = names.map((k) => tf.scalar(params[k]));
    const build = (values: tf.Tensor[]): Record<string, tf.Tensor> => {
      const all: Record<string, tf.Tensor> = {};
      for (const k of Object.keys(params)) all[k] = tf.scalar(params[k]);
      names.forEach((k, i) => (all[k] = values[i]));
      return all;
    };
    // A zero multiple of every input keeps tf.grads from rejecting an unused parameter (gradient 0).
    const touch = (v: tf.Tensor[]) => tf.mul(0, tf.addN(v.map((a) => tf.sum(a))));
    const pathwise = tf.grads((...v: tf.Tensor[]) =>
      tf.add(tf.sum(make(build(v)).sample([], options.seed ?? 5)), touch(v)),
    )(vectors);
    const analytic = tf.grads((...v: tf.Tensor[]) => tf.add(tf.sum(make(build(v)).mean()), touch(v)))(scalars);
    names.forEach((k, i) => {
      const g = Array.from(pathwise[i].dataSync());
      const finite = g.filter(Number.isFinite);
      t.is(finite.length, n, `${k}: every pathwise derivative is finite`);
      const m = finite.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(finite.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
      const expected = analytic[i].dataSync()[0];
      t.true(
        Math.abs(m - expected) <= (sigmas * sd) / Math.sqrt(n) + 1e-5 * Math.abs(expected),
        `d E[X] / d ${k}: pathwise ${m} vs analytic ${expected} (se ${sd / Math.sqrt(n)})`,
      );
    });
  });
}

/**
 * tf.grads of logProb against float64 central differences of scipy's logpdf (the fixture's
 * d<param>). Gradients are O(1/scale) sums of float32 terms: rtol 1e-4 with atol 1e-4 by default.
 */
export function checkLogProbGradients(
  t: ExecutionContext,
  cases: GradCase[],
  make: (params: Record<string, tf.Tensor>) => Distribution,
  tolerance: Tolerance = {rtol: 1e-4, atol: 1e-4},
): void {
  for (const c of cases) {
    const names = Object.keys(c.params);
    assertNoLeak(t, () => {
      tf.tidy(() => {
        const x = tf.tensor1d(c.x);
        const ps = names.map((k) => tf.fill([c.x.length], c.params[k]));
        const grads = tf.grads((xv: tf.Tensor, ...pv: tf.Tensor[]) => {
          const all: Record<string, tf.Tensor> = {};
          names.forEach((k, i) => (all[k] = pv[i]));
          return tf.sum(make(all).logProb(xv));
        })([x, ...ps]);
        const label = JSON.stringify(c.params);
        assertClose(t, grads[0], c.dx, tolerance, `d logProb / dx ${label}`);
        names.forEach((k, i) => {
          const key = 'd' + k[0].toUpperCase() + k.slice(1);
          assertClose(t, grads[i + 1], c[key] as number[], tolerance, `d logProb / d ${k} ${label}`);
        });
      });
    });
  }
}

/**
 * KL(p || q) through the registry against the fixture's numerical integration, plus
 * crossEntropy = entropy + KL. Default tolerance: the closed forms add a few O(1) float32 terms.
 */
export function checkKL(
  t: ExecutionContext,
  cases: KLCase[],
  make: (params: Params) => Distribution,
  tolerance: Tolerance = {rtol: 1e-5, atol: 5e-6},
): void {
  for (const c of cases) {
    assertNoLeak(t, () => {
      const p = make(c.p);
      const q = make(c.q);
      tf.tidy(() => {
        const label = `${JSON.stringify(c.p)} || ${JSON.stringify(c.q)}`;
        assertClose(t, p.klDivergence(q), c.kl, tolerance, `KL ${label}`);
        const h = p.entropy().dataSync()[0];
        assertClose(t, p.crossEntropy(q), c.kl + h, {rtol: tolerance.rtol, atol: (tolerance.atol ?? 0) + 1e-6 * Math.abs(h)}, `crossEntropy ${label}`);
      });
      p.dispose();
      q.dispose();
    });
  }
}

export interface FixtureSuiteOptions {
  /** Per-field tolerance overrides for checkCases (state the reason at the call site). */
  tolerances?: Partial<Record<Field, Tolerance>>;
  gradTolerance?: Tolerance;
  klTolerance?: Tolerance;
  integrate?: {n?: number; logGrid?: boolean; tolerance?: number};
}

/**
 * Registers the fixture-driven tests every univariate distribution shares: values against scipy,
 * quadrature of prob against scipy's mass, logProb gradients against central differences, and
 * registered KLs against numerical integration (each only when the fixture has that section).
 */
export function registerFixtureTests(
  test: (title: string, fn: (t: ExecutionContext) => void) => void,
  scipyName: string,
  fixture: UnivariateFixture,
  make: (params: Params | Record<string, tf.Tensor>) => Distribution,
  options: FixtureSuiteOptions = {},
): void {
  test(`densities, cdfs, quantiles and statistics match scipy.stats.${scipyName}`, (t) => {
    checkCases(t, fixture.cases, make, options.tolerances);
  });
  if (fixture.mass) {
    test('prob integrates to the scipy mass of the interval', (t) => {
      for (const m of fixture.mass!) {
        const d = make(m.params);
        assertIntegrates(t, d, m, options.integrate);
        d.dispose();
      }
    });
  }
  if (fixture.grads) {
    test('logProb gradients match central differences of scipy', (t) => {
      checkLogProbGradients(t, fixture.grads!, make, options.gradTolerance);
    });
  }
  if (fixture.kl) {
    test('the registered KL matches numerical integration', (t) => {
      checkKL(t, fixture.kl!, make, options.klTolerance);
    });
  }
}

/**
 * Shapes and seeds of a distribution with a non-scalar batch: samples are
 * `sampleShape + batchShape`, the same seed repeats, another seed differs, logProb of samples and
 * x broadcast against the batch give the broadcast shape, statistics have the batch shape, and
 * nothing leaks. `statistics` names the methods to call (those the distribution defines).
 */
export function assertShapesAndSeeds(
  t: ExecutionContext,
  dist: Distribution,
  statistics: ('mean' | 'variance' | 'stddev' | 'mode' | 'entropy')[] = ['mean', 'variance', 'stddev', 'mode', 'entropy'],
): void {
  const batch = dist.batchShape;
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const x = dist.sample([5, 2], 1);
      t.deepEqual(x.shape, [5, 2, ...batch]);
      t.deepEqual(dist.sample(7, 1).shape, [7, ...batch]);
      t.deepEqual(dist.sample().shape, batch);
      assertClose(t, dist.sample(4, 7), dist.sample(4, 7), {rtol: 0, atol: 0}, 'same seed');
      t.notDeepEqual(Array.from(dist.sample(4, 7).dataSync()), Array.from(dist.sample(4, 8).dataSync()));
      t.deepEqual(dist.logProb(x).shape, [5, 2, ...batch]);
      t.deepEqual(dist.logProb(tf.zeros([3, ...batch.map(() => 1)])).shape, [3, ...batch]);
      for (const s of statistics) t.deepEqual(dist[s]().shape, batch, s);
    });
  });
}

/**
 * Pathwise derivatives of a location-scale family, X = loc + scale Z: per draw, dX/dloc = 1 and
 * dX/dscale = (X - loc) / scale exactly (float32 rounding only). Used where the mean is undefined.
 */
export function assertLocScalePathwise(
  t: ExecutionContext,
  make: (params: Record<string, tf.Tensor>) => Distribution,
  loc: number,
  scale: number,
  n = 1000,
): void {
  tf.tidy(() => {
    const locs = tf.fill([n], loc);
    const scales = tf.fill([n], scale);
    const x = make({loc: locs, scale: scales}).sample([], 3);
    const [gLoc, gScale] = tf.grads((l: tf.Tensor, s: tf.Tensor) => tf.sum(make({loc: l, scale: s}).sample([], 3)))([
      locs,
      scales,
    ]);
    assertClose(t, gLoc, 1, {rtol: 0, atol: 0}, 'dX / dloc');
    assertClose(t, gScale, tf.div(tf.sub(x, loc), scale), {rtol: 1e-5, atol: 1e-5}, 'dX / dscale');
  });
}
