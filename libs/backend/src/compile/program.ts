/**
 * A compiled program: one preallocated Float64Array per value and one closure per live kernel call
 * (calls whose outputs reach neither the value nor a gradient are dropped, zero-copy kernels share
 * their input's buffer).
 */
import {CompileError} from './compile_error';
import {getCompiledKernel, KernelCall} from './kernel_registry';
import {describeSpec, Trace} from './trace';

/** A function's value and gradients as float64 closures (see compileValueAndGrads). */
export interface CompiledValueAndGrads {
  readonly inputShapes: readonly number[][];
  readonly valueShape: readonly number[];
  /** Number of recorded kernels (for diagnostics). */
  readonly numKernels: number;
  /** Names of the recorded kernels, in execution order (for diagnostics). */
  readonly kernelNames: readonly string[];
  /** Number of closures evaluate() runs (after constant folding, aliasing and dead-code elimination). */
  readonly numSteps: number;
  /**
   * value = fn(...inputs) and d sum(value) / d input_i, in float64. inputs: flat row-major arrays
   * of the traced shapes. The returned arrays belong to the compiled function and are overwritten
   * by the next call.
   */
  evaluate(inputs: ArrayLike<number>[]): {value: Float64Array; grads: Float64Array[]};
}

class CompiledProgram implements CompiledValueAndGrads {
  readonly numSteps: number;
  private readonly sizes: number[];
  private readonly result: {value: Float64Array; grads: Float64Array[]};

  constructor(
    readonly inputShapes: number[][],
    readonly valueShape: number[],
    readonly kernelNames: string[],
    private readonly inputBuffers: Float64Array[],
    private readonly steps: (() => void)[],
    /** The kernel each step runs (diagnostics). */
    readonly stepKernels: readonly string[],
    outputs: Float64Array[],
  ) {
    this.numSteps = steps.length;
    this.sizes = inputBuffers.map((b) => b.length);
    this.result = {value: outputs[0], grads: outputs.slice(1)};
  }

  get numKernels(): number {
    return this.kernelNames.length;
  }

  evaluate(inputs: ArrayLike<number>[]): {value: Float64Array; grads: Float64Array[]} {
    const sizes = this.sizes;
    if (!Array.isArray(inputs) || inputs.length !== sizes.length) {
      throw new Error(
        `compiled evaluate: expected ${sizes.length} input array(s) of shapes ` +
          `${this.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')}, got ` +
          `${Array.isArray(inputs) ? inputs.length : typeof inputs}`,
      );
    }
    for (let i = 0; i < sizes.length; i++) {
      const x = inputs[i];
      if (x == null || x.length !== sizes[i]) {
        throw new Error(
          `compiled evaluate: input ${i} has ${x == null ? String(x) : x.length} values; ` +
            `expected ${sizes[i]} (shape [${this.inputShapes[i].join(', ')}], flat row-major)`,
        );
      }
      this.inputBuffers[i].set(x);
    }
    const steps = this.steps;
    for (let s = 0; s < steps.length; s++) steps[s]();
    return this.result;
  }
}

/** Multiplying by ones, dividing by ones, adding or subtracting zeros (dy = ones in the gradient pass). */
const NEUTRAL: Record<string, {value: number; operands: number[]}> = {
  Multiply: {value: 1, operands: [0, 1]},
  RealDiv: {value: 1, operands: [1]},
  Add: {value: 0, operands: [0, 1]},
  Sub: {value: 0, operands: [1]},
};

/** The input a binary call passes through unchanged (the other is a neutral constant), or -1. */
function passThroughInput(call: Trace['calls'][number], values: Trace['values']): number {
  const neutral = NEUTRAL[call.kernelName];
  if (neutral === undefined || call.inputIds.length !== 2) return -1;
  for (const c of neutral.operands) {
    const data = values[call.inputIds[c]].data;
    const other = 1 - c;
    if (
      data !== undefined &&
      data.every((v) => v === neutral.value) &&
      values[call.inputIds[other]].size === values[call.outputIds[0]].size &&
      call.inputs[other].dtype === call.outputs[0].dtype
    ) {
      return other;
    }
  }
  return -1;
}

/** Builds the program of a trace; throws CompileError naming the first live kernel without a float64 implementation. */
export function buildProgram(trace: Trace, inputShapes: number[][]): CompiledValueAndGrads {
  const {values, calls} = trace;
  const needed = new Uint8Array(values.length);
  for (const id of trace.outputIds) needed[id] = 1;
  const live = new Uint8Array(calls.length);
  for (let c = calls.length - 1; c >= 0; c--) {
    const call = calls[c];
    const produces = call.outputIds.some((id) => needed[id] && values[id].kind === 'computed' && values[id].source === c);
    if (!produces) continue;
    live[c] = 1;
    for (const id of call.inputIds) needed[id] = 1;
  }

  const buffers: (Float64Array | undefined)[] = values.map((v) => {
    if (v.kind === 'constant') return Float64Array.from(v.data!);
    if (v.kind === 'input') return new Float64Array(v.size);
    return undefined;
  });
  const steps: (() => void)[] = [];
  const stepNames: string[] = [];
  calls.forEach((call, c) => {
    if (!live[c]) return;
    const describe = () =>
      `kernel '${call.kernelName}' (inputs ${call.inputs.map((s, k) => describeSpec(call.inputNames[k], s)).join(', ') || 'none'})`;
    const passed = passThroughInput(call, values);
    if (passed >= 0) {
      buffers[call.outputIds[0]] = buffers[call.inputIds[passed]];
      return;
    }
    const kernel = getCompiledKernel(call.kernelName);
    if (kernel === undefined) {
      throw new CompileError(
        `compileValueAndGrads: ${describe()} has no float64 implementation; the function can run uncompiled through tfjs ` +
          `(or register one with registerCompiledKernel)`,
      );
    }
    let order = call.inputIds.map((_, k) => k);
    if (kernel.inputNames !== undefined) {
      order = kernel.inputNames.map((name) => {
        const k = call.inputNames.indexOf(name);
        if (k < 0) throw new CompileError(`compileValueAndGrads: ${describe()} has no input '${name}'`);
        return k;
      });
    }
    const kernelCall: KernelCall = {
      kernelName: call.kernelName,
      inputs: order.map((k) => call.inputs[k]),
      attrs: call.attrs,
      outputs: call.outputs,
    };
    const inputs = order.map((k) => buffers[call.inputIds[k]]!);
    if (kernel.isAlias?.(kernelCall)) {
      const out = call.outputIds[0];
      if (values[out].source === c) buffers[out] = inputs[0];
      return;
    }
    if (kernel.build === undefined) throw new CompileError(`compileValueAndGrads: ${describe()} is not supported here`);
    const outputs = call.outputIds.map((id) => {
      if (buffers[id] === undefined) buffers[id] = new Float64Array(values[id].size);
      return buffers[id]!;
    });
    try {
      steps.push(kernel.build(kernelCall, inputs, outputs));
      stepNames.push(call.kernelName);
    } catch (error) {
      throw new CompileError(`compileValueAndGrads: ${describe()}: ${(error as Error).message}`, {cause: error});
    }
  });

  // Outputs held by constants or shared with an earlier output get their own buffer, refreshed per call.
  const seen = new Set<Float64Array>();
  const outputs = trace.outputIds.map((id) => {
    const source = buffers[id]!;
    if (values[id].kind !== 'constant' && !seen.has(source)) {
      seen.add(source);
      return source;
    }
    const copy = new Float64Array(source.length);
    stepNames.push('(copy output)');
    steps.push(() => copy.set(source));
    return copy;
  });
  // Inputs are values 0..n-1, in argument order.
  const inputBuffers = inputShapes.map((_, i) => buffers[i]!);
  return new CompiledProgram(
    inputShapes,
    [...trace.outputShapes[0]],
    calls.map((c) => c.kernelName),
    inputBuffers,
    steps,
    stepNames,
    outputs,
  );
}
