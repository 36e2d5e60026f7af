/** The ava check shared by the per-kernel tests: compiled value and gradients against tfjs on cpu and wasm. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import {init} from '../backend';
import {compileValueAndGrads} from './compile_value_and_grads';
import {compiledError, KernelCase, spread} from './testing';

/**
 * Tolerance against tfjs: |compiled - tfjs| <= TOLERANCE * max(1, |tfjs|). tfjs rounds every kernel
 * result to float32 (relative 6e-8) and its transcendental kernels are accurate to a few float32
 * ulps (Erf: absolute 1.5e-7); these small functions chain a few kernels with condition numbers
 * below ~10 at the test inputs, so differences stay well under 1e-5.
 */
export const TOLERANCE = 1e-5;

export const BACKENDS = ['cpu', 'wasm'] as const;

/** Registers one serial test per backend and case: the kernel is recorded, and compiled == tfjs at two input points, without leaks. */
export function testKernelCases(cases: KernelCase[]): void {
  for (const backend of BACKENDS) {
    cases.forEach((c, index) => {
      test.serial(`${backend}: ${c.kernel} (${c.shapes.map((s) => `[${s}]`).join(', ')}) #${index}`, async (t) => {
        await init({backend});
        const before = tf.memory().numTensors;
        const lo = c.lo ?? -2;
        const hi = c.hi ?? 2;
        const points = [0, 1].map((phase) => c.shapes.map((s, i) => spread(s, lo, hi, phase + 2 * i)));
        try {
          const compiled = compileValueAndGrads(c.fn, points[0]);
          t.true(compiled.kernelNames.includes(c.kernel), `${c.kernel} not among ${compiled.kernelNames.join(', ')}`);
          for (const at of points) {
            const {error, where} = compiledError(compiled, c.fn, at);
            t.true(error <= TOLERANCE, `${c.kernel}: ${where} (relative ${error})`);
          }
        } finally {
          points.forEach((p) => tf.dispose(p));
        }
        t.is(tf.memory().numTensors, before, 'no tensor leaks');
      });
    });
  }
}
