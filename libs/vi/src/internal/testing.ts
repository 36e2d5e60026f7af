/** Shared helpers of the vi tests (not exported from the package). */
import * as tf from '@tensorflow/tfjs';
import type {ExecutionContext} from 'ava';

/** Runs fn and checks that the number of live tensors is unchanged afterwards. */
export function assertNoLeak<T>(t: ExecutionContext, fn: () => T, label = 'no tensor leak'): T {
  const before = tf.memory().numTensors;
  const out = fn();
  t.is(tf.memory().numTensors, before, label);
  return out;
}

/** Elementwise |actual - expected| <= atol + rtol |expected|. */
export function assertClose(
  t: ExecutionContext,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: {rtol?: number; atol?: number},
  label: string,
): void {
  t.is(actual.length, expected.length, `${label}: sizes`);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected[i]))) {
      bad.push(`[${i}] actual ${actual[i]} expected ${expected[i]}`);
    }
  }
  t.deepEqual(bad, [], label);
}

/** Sample mean and its standard error sqrt(s^2 / n) of iid values. */
export function meanAndSe(values: ArrayLike<number>): {mean: number; se: number} {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (values[i] - m) ** 2;
  s2 /= n - 1;
  return {mean: m, se: Math.sqrt(s2 / n)};
}

/** Normal density in float64. */
export function normalPdf(x: number, loc: number, scale: number): number {
  const z = (x - loc) / scale;
  return Math.exp(-0.5 * z * z) / (scale * Math.sqrt(2 * Math.PI));
}

/** Trapezoid rule of g on [a, b] with n intervals, in float64. */
export function integrate(g: (x: number) => number, a: number, b: number, n = 40000): number {
  const h = (b - a) / n;
  let s = 0.5 * (g(a) + g(b));
  for (let i = 1; i < n; i++) s += g(a + i * h);
  return s * h;
}
