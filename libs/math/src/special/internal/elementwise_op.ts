import * as tf from '@tensorflow/tfjs';
import {registerCompiledElementwise} from '@tfjs-probability/backend';

/**
 * Backends every special-function kernel is registered for. The kernels only use the generic
 * `readSync`/`write` backend API; cpu and wasm are tested here, 'tensorflow' (tfjs-node) is
 * registered for the optional native backend (no native binary on this machine to test it).
 */
export const SPECIAL_KERNEL_BACKENDS: readonly string[] = ['cpu', 'wasm', 'tensorflow'];

/** What a special-function op accepts for each argument. */
export type TensorInput = tf.Tensor | tf.TensorLike;

/** A float64 scalar function evaluated once per element. */
export type ScalarFunction = (...args: number[]) => number;

/**
 * A gradient: given the upstream gradient, the kernel's inputs (in `inputNames` order) and its
 * output, returns one thunk per input name.
 */
export type ElementwiseGradient = (
  dy: tf.Tensor,
  inputs: tf.Tensor[],
  output: tf.Tensor,
) => Record<string, () => tf.Tensor>;

export interface ElementwiseOpSpec {
  /** Kernel name in tfjs's registry (prefixed `Tfp`). */
  kernelName: string;
  /** Names of the inputs, in argument order. */
  inputNames: readonly string[];
  /** Float64 scalar implementation. */
  scalar: ScalarFunction;
  /** Omitted for kernels that are themselves only used inside gradients. */
  gradient?: ElementwiseGradient;
}

/** An elementwise op: converts and broadcasts its arguments, then runs the kernel. */
export type ElementwiseOp = (...args: TensorInput[]) => tf.Tensor;

/**
 * Kernel that reads its same-shaped float32 inputs, evaluates `scalar` in float64 per element and
 * writes a float32 output. It only uses `readSync`/`write`, so it serves the cpu and wasm backends.
 */
function elementwiseKernel(spec: ElementwiseOpSpec): tf.KernelFunc {
  const {inputNames, scalar} = spec;
  return ({inputs, backend}) => {
    const kernelBackend = backend as tf.KernelBackend;
    const infos = inputNames.map((name) => inputs[name] as tf.TensorInfo);
    const shape = infos[0].shape;
    const size = tf.util.sizeFromShape(shape);
    const values = infos.map((info) => kernelBackend.readSync(info.dataId) as Float32Array);
    const out = new Float32Array(size);
    if (values.length === 1) {
      const [x] = values;
      for (let i = 0; i < size; i++) out[i] = scalar(x[i]);
    } else if (values.length === 2) {
      const [x, y] = values;
      for (let i = 0; i < size; i++) out[i] = scalar(x[i], y[i]);
    } else if (values.length === 3) {
      const [x, y, z] = values;
      for (let i = 0; i < size; i++) out[i] = scalar(x[i], y[i], z[i]);
    } else {
      const args = new Array<number>(values.length);
      for (let i = 0; i < size; i++) {
        for (let k = 0; k < values.length; k++) args[k] = values[k][i];
        out[i] = scalar(...args);
      }
    }
    const dataId = kernelBackend.write(out, shape, 'float32');
    return {dataId, shape, dtype: 'float32'};
  };
}

/**
 * Registers the kernel (cpu and wasm), its float64 version for the backend's compileValueAndGrads,
 * and its gradient unless already registered. Idempotent.
 */
export function registerElementwiseKernel(spec: ElementwiseOpSpec): void {
  const kernelFunc = elementwiseKernel(spec);
  registerCompiledElementwise(spec.kernelName, spec.scalar, spec.inputNames);
  for (const backendName of SPECIAL_KERNEL_BACKENDS) {
    if (tf.getKernel(spec.kernelName, backendName) === undefined) {
      tf.registerKernel({kernelName: spec.kernelName, backendName, kernelFunc});
    }
  }
  const gradient = spec.gradient;
  if (gradient !== undefined && tf.getGradient(spec.kernelName) === undefined) {
    tf.registerGradient({
      kernelName: spec.kernelName,
      inputsToSave: [...spec.inputNames],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const inputs = saved.slice(0, spec.inputNames.length);
        const output = saved[spec.inputNames.length];
        return gradient(dy as tf.Tensor, inputs, output);
      },
    });
  }
}

/** The shape of a nested array of numbers/booleans, or a description of what is wrong with it. */
function nestedShape(value: unknown): number[] | string {
  if (typeof value === 'number' || typeof value === 'boolean') return [];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return [(value as unknown as ArrayLike<number>).length];
  if (!Array.isArray(value)) return `found ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return [0];
  const first = nestedShape(value[0]);
  if (typeof first === 'string') return first;
  for (let i = 1; i < value.length; i++) {
    const other = nestedShape(value[i]);
    if (typeof other === 'string') return other;
    if (other.length !== first.length || other.some((d, k) => d !== first[k])) return 'ragged nested arrays';
  }
  return [value.length, ...first];
}

/** Converts an argument to a float32 tensor (casting ints and bools); rejects strings and ragged arrays. */
export function toFloat32(value: TensorInput, argName: string, opName: string): tf.Tensor {
  if (value instanceof tf.Tensor) {
    return value.dtype === 'float32' ? value : tf.cast(value, 'float32');
  }
  const shape = nestedShape(value);
  if (typeof shape === 'string') {
    throw new Error(`${opName}: argument '${argName}' is not a number, array or tensor of numbers (${shape})`);
  }
  return tf.tensor(value as tf.TensorLike, shape, 'float32');
}

/** The broadcast shape of the arguments, or an Error naming the op and the shapes. */
export function broadcastShapeOf(tensors: tf.Tensor[], argNames: readonly string[], opName: string): number[] {
  let shape = tensors[0].shape;
  for (let i = 1; i < tensors.length; i++) {
    try {
      shape = tf.backend_util.assertAndGetBroadcastShape(shape, tensors[i].shape);
    } catch {
      const described = tensors.map((t, k) => `${argNames[k]}: [${t.shape.join(', ')}]`).join(', ');
      throw new Error(`${opName}: arguments cannot be broadcast together (${described})`);
    }
  }
  return shape;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Runs a registered elementwise kernel on same-shaped float32 tensors. */
export function runElementwiseKernel(kernelName: string, inputNames: readonly string[], tensors: tf.Tensor[]): tf.Tensor {
  const inputs: tf.NamedTensorMap = {};
  inputNames.forEach((name, i) => (inputs[name] = tensors[i]));
  return tf.engine().runKernel(kernelName, inputs as unknown as tf.NamedTensorMap, {}) as tf.Tensor;
}

/**
 * Registers `spec` and returns its op: arguments are converted to float32 and broadcast to a
 * common shape (the broadcast's gradient sums back to each argument's shape).
 */
export function defineElementwiseOp(spec: ElementwiseOpSpec, opName: string): ElementwiseOp {
  registerElementwiseKernel(spec);
  return (...args: TensorInput[]): tf.Tensor => {
    if (args.length !== spec.inputNames.length) {
      throw new Error(
        `${opName} expects ${spec.inputNames.length} argument(s) (${spec.inputNames.join(', ')}), got ${args.length}`,
      );
    }
    return tf.tidy(() => {
      const tensors = args.map((arg, i) => toFloat32(arg, spec.inputNames[i], opName));
      const shape = broadcastShapeOf(tensors, spec.inputNames, opName);
      const broadcast = tensors.map((t) => (sameShape(t.shape, shape) ? t : tf.broadcastTo(t, shape)));
      return runElementwiseKernel(spec.kernelName, spec.inputNames, broadcast);
    });
  };
}
