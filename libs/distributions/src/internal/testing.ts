/**
 * Shared assertions for the distribution tests (not exported from the package): closeness with
 * float32 tolerances, leak checks, scipy fixtures and Monte Carlo moment checks.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {Distribution} from '../distribution';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

function values(x: tf.Tensor | ArrayLike<number> | number): number[] {
  if (x instanceof tf.Tensor) return Array.from(x.dataSync());
  if (typeof x === 'number') return [x];
  return Array.from(x);
}

/**
 * Elementwise |actual - expected| <= atol + rtol |expected|, with NaN matching only NaN and an
 * infinite expected value matching only the same infinity. A scalar expected is broadcast.
 */
export function assertClose(
  t: ExecutionContext,
  actual: tf.Tensor | ArrayLike<number> | number,
  expected: tf.Tensor | ArrayLike<number> | number,
  tolerance: Tolerance = {},
  label = '',
): void {
  const a = values(actual);
  let e = values(expected);
  if (e.length === 1 && a.length !== 1) e = new Array(a.length).fill(e[0]);
  const rtol = tolerance.rtol ?? 1e-5;
  const atol = tolerance.atol ?? 1e-6;
  if (a.length !== e.length) {
    t.fail(`${label} sizes differ: actual ${a.length}, expected ${e.length}`);
    return;
  }
  const bad: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const ok = Number.isNaN(e[i])
      ? Number.isNaN(a[i])
      : !Number.isFinite(e[i])
        ? a[i] === e[i]
        : Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    if (!ok && bad.length < 5) bad.push(`[${i}] actual ${a[i]} expected ${e[i]}`);
  }
  t.deepEqual(bad, [], `${label} (rtol ${rtol}, atol ${atol})`);
}

/** Runs fn and checks that the number of live tensors is unchanged afterwards. */
export function assertNoLeak(t: ExecutionContext, fn: () => void, label = 'tensor count'): void {
  const before = tf.memory().numTensors;
  fn();
  t.is(tf.memory().numTensors, before, label);
}

/** Reads libs/distributions/src/__fixtures__/<name>.json (written by tools/fixtures/*.py from scipy). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '__fixtures__', `${name}.json`), 'utf8')) as T;
}

/**
 * Draws n samples and checks the sample mean and variance against `mean()` / `variance()` within
 * `sigmas` Monte Carlo standard errors: se(mean) = sqrt(var / n) and
 * se(var) = sqrt((m4 - var^2) / n) with m4 the sample fourth central moment.
 */
export function assertSampleMoments(
  t: ExecutionContext,
  dist: Distribution,
  options: {n?: number; seed?: number; sigmas?: number; checkVariance?: boolean} = {},
): void {
  const n = options.n ?? 20000;
  const sigmas = options.sigmas ?? 5;
  tf.tidy(() => {
    const x = dist.sample(n, options.seed ?? 42);
    const mean = values(dist.mean());
    const variance = values(dist.variance());
    const sampleMean = tf.mean(x, 0);
    const centred = tf.sub(x, sampleMean);
    const sampleVar = values(tf.mean(tf.square(centred), 0));
    const m4 = values(tf.mean(tf.pow(centred, 4), 0));
    const sm = values(sampleMean);
    sm.forEach((m, i) => {
      const se = Math.sqrt(variance[i] / n);
      t.true(Math.abs(m - mean[i]) <= sigmas * se + 1e-6, `${dist.name} mean[${i}]: sample ${m} vs ${mean[i]} (se ${se})`);
      if (options.checkVariance !== false) {
        const seVar = Math.sqrt(Math.max(m4[i] - sampleVar[i] ** 2, 0) / n);
        t.true(
          Math.abs(sampleVar[i] - variance[i]) <= sigmas * seVar + 1e-6,
          `${dist.name} variance[${i}]: sample ${sampleVar[i]} vs ${variance[i]} (se ${seVar})`,
        );
      }
    });
  });
}

/** Central finite difference of a scalar float64 function. */
export function finiteDifference(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
