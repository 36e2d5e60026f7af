/** Test helpers for the layers package (not exported). */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';

/** Elementwise |actual - expected| <= atol + rtol |expected|; a scalar expected is broadcast. */
export function assertClose(
  t: ExecutionContext,
  actual: tf.Tensor | ArrayLike<number> | number,
  expected: tf.Tensor | ArrayLike<number> | number,
  tolerance: {rtol?: number; atol?: number} = {},
  label = '',
): void {
  const values = (x: tf.Tensor | ArrayLike<number> | number): number[] =>
    x instanceof tf.Tensor ? Array.from(x.dataSync()) : typeof x === 'number' ? [x] : Array.from(x);
  const a = values(actual);
  let e = values(expected);
  if (e.length === 1 && a.length !== 1) e = new Array(a.length).fill(e[0]);
  const rtol = tolerance.rtol ?? 1e-5;
  const atol = tolerance.atol ?? 1e-6;
  if (a.length !== e.length) {
    t.fail(`${label}: sizes differ: actual ${a.length}, expected ${e.length}`);
    return;
  }
  const bad: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i])) && bad.length < 5) {
      bad.push(`[${i}] actual ${a[i]} expected ${e[i]}`);
    }
  }
  t.deepEqual(bad, [], `${label} (rtol ${rtol}, atol ${atol})`);
}

/** A fresh temporary directory for model.save, removed by the returned cleanup. */
export function tempDir(prefix: string): {dir: string; url: string; cleanup: () => void} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tfp-layers-${prefix}-`));
  return {dir, url: `file://${dir}`, cleanup: () => fs.rmSync(dir, {recursive: true, force: true})};
}

/** softplus in float64. */
export function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** KL(N(m, s^2) || N(m0, s0^2)) in float64, written from the Gaussian densities. */
export function normalKl(m: number, s: number, m0 = 0, s0 = 1): number {
  return Math.log(s0 / s) + (s * s + (m - m0) ** 2) / (2 * s0 * s0) - 0.5;
}

/** Mean and (unbiased) variance of each column of rows. */
export function columnMoments(rows: number[][]): {mean: number[]; variance: number[]} {
  const n = rows.length;
  const k = rows[0].length;
  const mean = new Array(k).fill(0);
  const variance = new Array(k).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of rows) r.forEach((v, j) => (variance[j] += (v - mean[j]) ** 2 / (n - 1)));
  return {mean, variance};
}
