import * as tf from '@tensorflow/tfjs';

/** Shape and dtype of one input or output of a recorded kernel call. */
export interface TensorSpec {
  readonly shape: readonly number[];
  readonly dtype: tf.DataType;
}

/** One recorded kernel call: inputs in the compiled kernel's input order, attrs, outputs. */
export interface KernelCall {
  readonly kernelName: string;
  readonly inputs: readonly TensorSpec[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly TensorSpec[];
}

/**
 * Builds the float64 step of one call: it reads `inputs` and writes `outputs` (preallocated
 * row-major buffers that stay the same across evaluations), with everything that depends only on
 * shapes and attrs precomputed. Throws (CompileError) for cases it does not handle.
 */
export type CompiledKernelBuilder = (call: KernelCall, inputs: Float64Array[], outputs: Float64Array[]) => () => void;

/** A float64 implementation of a tfjs kernel. */
export interface CompiledKernel {
  /**
   * The names of the kernel's inputs in the order the builder receives them; omitted for kernels
   * with a list of inputs (AddN, Concat, Pack), which arrive in index order.
   */
  readonly inputNames?: readonly string[];
  /**
   * When defined and it returns true, output 0 is input 0's data unchanged (row-major, maybe
   * another shape): the compiler shares the buffer and runs no step.
   */
  readonly isAlias?: (call: KernelCall) => boolean;
  /** Omitted for alias-only kernels. */
  readonly build?: CompiledKernelBuilder;
}

const registry = new Map<string, CompiledKernel>();

/** Registers (or replaces) the float64 implementation of `kernelName` used by compileValueAndGrads. */
export function registerCompiledKernel(kernelName: string, kernel: CompiledKernel): void {
  registry.set(kernelName, kernel);
}

/** The float64 implementation of a kernel, if one is registered. */
export function getCompiledKernel(kernelName: string): CompiledKernel | undefined {
  return registry.get(kernelName);
}

/** Names of every kernel with a float64 implementation. */
export function compiledKernelNames(): string[] {
  return [...registry.keys()].sort();
}
