/**
 * compileValueAndGrads: turns a tfjs function of a few small tensors (a target log-density) into a
 * float64 JavaScript function of its value and gradients, for models where tfjs's per-kernel
 * dispatch dominates. The function is traced through tf.valueAndGrads (dy = ones), twice (at the
 * examples and at perturbed examples; once more at the examples if they differ, in case the first
 * call did one-time work) to check that the kernels it runs do not depend on its input values,
 * and the compiled result is checked against tfjs's at both points.
 */
import * as tf from '@tensorflow/tfjs';
import './builtin_kernels';
import {CompileError} from './compile_error';
import {buildProgram, CompiledValueAndGrads} from './program';
import {Trace, traceSignature, traceValueAndGrads} from './trace';

export interface CompileOptions {
  /**
   * Tolerance of the check against tfjs: |compiled - tfjs| <= rtol * max(1, |tfjs|) for the value
   * and every gradient element. Default 1e-3: tfjs computes in float32 (relative error ~1e-7 per
   * kernel, amplified by cancellation in sums of a few hundred terms), the compiled program in float64.
   */
  rtol?: number;
}

function checkExamples(examples: readonly tf.Tensor[]): void {
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new Error('compileValueAndGrads: examples must be a non-empty array of tensors');
  }
  examples.forEach((x, i) => {
    if (!(x instanceof tf.Tensor)) throw new Error(`compileValueAndGrads: example ${i} is not a tf.Tensor`);
    if (x.dtype !== 'float32') {
      throw new Error(`compileValueAndGrads: example ${i} (shape [${x.shape}]) is ${x.dtype}; expected float32`);
    }
  });
}

/** The first line where two traces differ, or -1. */
function firstDifference(la: string[], lb: string[]): number {
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) if (la[i] !== lb[i]) return i;
  return -1;
}

/** Throws CompileError at the first line where two traces differ. */
function compareTraces(a: Trace, b: Trace): void {
  const la = traceSignature(a);
  const lb = traceSignature(b);
  const i = firstDifference(la, lb);
  if (i < 0) return;
  const clip = (s: string | undefined) => (s === undefined ? '(nothing)' : s.length > 300 ? `${s.slice(0, 300)}...` : s);
  throw new CompileError(
    `compileValueAndGrads: the function's computation depends on its input values through JavaScript ` +
      `(dataSync/array/branches): tracing it at the examples and at perturbed examples gave different kernels ` +
      `or constants; first difference:\n  at the examples: ${clip(la[i])}\n  perturbed:       ${clip(lb[i])}\n` +
      `It can run uncompiled through tfjs.`,
  );
}

/** Runs the program at a trace's inputs and compares with tfjs's results. */
function verify(program: CompiledValueAndGrads, trace: Trace, rtol: number, where: string): void {
  const {value, grads} = program.evaluate(trace.inputs as Float64Array[]);
  [value, ...grads].forEach((got, o) => {
    const want = trace.results[o];
    for (let k = 0; k < want.length; k++) {
      const w = want[k];
      const g = got[k];
      const ok = Number.isNaN(w) ? Number.isNaN(g) : w === g || Math.abs(g - w) <= rtol * Math.max(1, Math.abs(w));
      if (!ok) {
        const name = o === 0 ? 'the value' : `the gradient with respect to input ${o - 1}`;
        throw new CompileError(
          `compileValueAndGrads: the compiled program disagrees with tfjs on ${name} at ${where}: ` +
            `element ${k} is ${g}, tfjs gives ${w} (rtol ${rtol})`,
        );
      }
    }
  });
}

/**
 * Compiles `fn` (tensors of the examples' shapes -> a float32 tensor) into a float64 function of
 * its value and of d sum(value) / d input_i. Throws CompileError when a kernel has no float64
 * implementation, when the computation depends on input values through JavaScript, or when the
 * compiled program disagrees with tfjs; the function can then run uncompiled. Leaves no tensors.
 */
export function compileValueAndGrads(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  examples: tf.Tensor[],
  options: CompileOptions = {},
): CompiledValueAndGrads {
  checkExamples(examples);
  const rtol = options.rtol ?? 1e-3;
  const inputShapes = examples.map((x) => [...x.shape]);
  let first = traceValueAndGrads(fn, examples, false);
  const second = traceValueAndGrads(fn, examples, true);
  if (firstDifference(traceSignature(first), traceSignature(second)) >= 0) {
    // A first call may differ by one-time work (caches filled, checks run once): trace the examples again.
    first = traceValueAndGrads(fn, examples, false);
    compareTraces(first, second);
  }
  const program = buildProgram(first, inputShapes);
  verify(program, first, rtol, 'the examples');
  verify(program, second, rtol, 'the perturbed examples');
  return program;
}

export type {CompiledValueAndGrads};
