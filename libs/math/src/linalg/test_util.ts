import * as fs from 'node:fs';
import * as path from 'node:path';
import type {ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';

/** Backends every linalg test runs on (the package's JS kernels are registered for both). */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: (typeof TEST_BACKENDS)[number]): Promise<void> {
  await init({backend: name});
}

function flatten(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x as number];
}

function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

/**
 * Asserts |actual - expected| <= atol + rtol |expected| elementwise, and equal shapes when
 * `expected` is a nested array (a tensor's shape is compared too). Reads and does not dispose
 * `actual`.
 */
export function assertClose(
  t: ExecutionContext,
  actual: tf.Tensor,
  expected: unknown,
  tolerance: {atol: number; rtol: number},
  label: string,
): void {
  const expectedShape = expected instanceof tf.Tensor ? expected.shape : shapeOf(expected);
  const want = expected instanceof tf.Tensor ? Array.from(expected.dataSync()) : flatten(expected);
  t.deepEqual(actual.shape, expectedShape, `${label}: shape`);
  const got = actual.dataSync();
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i] - want[i]) - (tolerance.atol + tolerance.rtol * Math.abs(want[i]));
    if (!(excess <= 0) && (worstIndex < 0 || excess > worst || Number.isNaN(excess))) {
      worst = excess;
      worstIndex = i;
    }
  }
  if (worstIndex >= 0) {
    t.fail(`${label}: element ${worstIndex} is ${got[worstIndex]}, expected ${want[worstIndex]} ` +
      `(atol ${tolerance.atol}, rtol ${tolerance.rtol})`);
  } else {
    t.pass();
  }
}

/** Runs `body` and asserts that it leaves no new tensors behind. */
export function assertNoLeak(t: ExecutionContext, body: () => void, label: string): void {
  const before = tf.memory().numTensors;
  body();
  t.is(tf.memory().numTensors, before, `${label} leaked tensors`);
}

type Nested = number | Nested[];

/** The shape of __fixtures__/linalg_kernels.json (tools/fixtures/linalg_kernels.py). */
export interface LinalgKernelFixtures {
  cholesky: {a: Nested[]; l: Nested[]; weights: Nested[]; grad: Nested[]; logdet: Nested[]};
  triangularSolve: {
    lower: boolean;
    adjoint: boolean;
    matrix: Nested[];
    rhs: Nested[];
    x: Nested[];
    weights: Nested[];
    gradMatrix: Nested[];
    gradRhs: Nested[];
  }[];
  inverse: {
    a: Nested[];
    inv: Nested[];
    weights: Nested[];
    grad: Nested[];
    sign: number[];
    logAbsDet: number[];
    logAbsDetWeights: number[];
    logAbsDetGrad: Nested[];
  };
  choleskySolve: {a: Nested[]; rhs: Nested[]; x: Nested[]};
}

/** Reads __fixtures__/<name>.json (written by tools/fixtures/linalg_*.py from numpy/scipy/torch). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__', `${name}.json`), 'utf8')) as T;
}
