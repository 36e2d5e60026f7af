/**
 * Test-only helpers for the special-function tests: fixture loading, float32 ulp errors and
 * running a check on every backend the kernels are registered for. Not exported from the package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import type {ExecutionContext} from 'ava';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export type Fixture = Record<string, number[]>;

function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  throw new Error(`bad fixture value ${v}`);
}

/** Reads libs/math/src/__fixtures__/special_<name>.json (written by tools/fixtures/special_functions.py). */
export function loadFixture(name: string): Fixture {
  const file = path.join(__dirname, '..', '..', '__fixtures__', `special_${name}.json`);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, (number | string)[]>;
  const out: Fixture = {};
  for (const [key, values] of Object.entries(raw)) out[key] = values.map(decode);
  return out;
}

/** Spacing of float32 numbers at |v| (2^-149 for subnormals). */
export function float32Ulp(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * Error of `got` against the exact `ref` in float32 ulps of `ref`. Matching infinities and NaNs
 * count as 0; a reference beyond float32's range counts as matched by the same-signed infinity.
 */
export function ulpError(got: number, ref: number): number {
  if (Number.isNaN(ref)) return Number.isNaN(got) ? 0 : Infinity;
  if (Math.abs(ref) > 3.4028234663852886e38) return got === Math.sign(ref) * Infinity ? 0 : Infinity;
  if (!Number.isFinite(ref) || !Number.isFinite(got)) return got === ref ? 0 : Infinity;
  return Math.abs(got - ref) / float32Ulp(ref);
}

export interface WorstCase {
  error: number;
  index: number;
}

/** Largest error over the arrays, by `measure`. */
export function worst(got: ArrayLike<number>, ref: ArrayLike<number>, measure: (g: number, r: number) => number): WorstCase {
  let result: WorstCase = {error: 0, index: -1};
  for (let i = 0; i < ref.length; i++) {
    const e = measure(got[i], ref[i]);
    if (!(e <= result.error)) result = {error: e, index: i};
  }
  return result;
}

/** Asserts every element is within `maxUlp` float32 ulps of the reference, naming the worst input. */
export function assertUlp(
  t: ExecutionContext,
  label: string,
  got: ArrayLike<number>,
  ref: ArrayLike<number>,
  maxUlp: number,
  inputs: Record<string, ArrayLike<number>>,
): void {
  t.is(got.length, ref.length, `${label}: length`);
  const w = worst(got, ref, ulpError);
  const at = Object.entries(inputs)
    .map(([k, v]) => `${k}=${v[w.index]}`)
    .join(', ');
  t.true(w.error <= maxUlp, `${label}: ${w.error.toFixed(2)} ulp at ${at}: got ${got[w.index]}, want ${ref[w.index]}`);
}

/** Asserts |got - ref| <= atol + rtol |ref| elementwise (NaN matches NaN, infinities must match). */
export function assertClose(
  t: ExecutionContext,
  label: string,
  got: ArrayLike<number>,
  ref: ArrayLike<number>,
  rtol: number,
  atol: number,
  inputs: Record<string, ArrayLike<number>>,
): void {
  t.is(got.length, ref.length, `${label}: length`);
  const w = worst(got, ref, (g, r) => {
    if (Number.isNaN(r)) return Number.isNaN(g) ? 0 : Infinity;
    if (!Number.isFinite(r)) return g === r ? 0 : Infinity;
    return Math.abs(g - r) / (atol + rtol * Math.abs(r));
  });
  const at = Object.entries(inputs)
    .map(([k, v]) => `${k}=${v[w.index]}`)
    .join(', ');
  t.true(w.error <= 1, `${label}: error ${w.error.toFixed(2)}x tolerance at ${at}: got ${got[w.index]}, want ${ref[w.index]}`);
}

/** Runs `check` once per backend (cpu, then wasm), switching with the project's `init`. */
export async function onEachBackend(check: (backend: string) => void | Promise<void>): Promise<void> {
  for (const backend of TEST_BACKENDS) {
    await init({backend});
    await check(backend);
  }
}

/** Asserts that `fn` leaves no new tensor behind, disposing what it returns. */
export function assertNoLeak(t: ExecutionContext, label: string, fn: () => tf.Tensor | tf.Tensor[] | void): void {
  const before = tf.memory().numTensors;
  const result = fn();
  if (result !== undefined) tf.dispose(result);
  t.is(tf.memory().numTensors, before, `${label} leaked tensors`);
}

/** Elementwise gradient of sum(f(x)) at the float32 values xs. */
export function elementwiseGradient(f: (x: tf.Tensor) => tf.Tensor, xs: number[]): Float32Array {
  return tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(f(x)))(tf.tensor1d(xs)).dataSync() as Float32Array);
}
