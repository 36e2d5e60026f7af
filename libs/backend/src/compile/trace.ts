/**
 * Records the top-level kernels tfjs runs for `tf.valueAndGrads(fn)(inputs)` (dy = ones): every
 * kernel of the active backend is wrapped for the duration of one run (and restored afterwards);
 * kernels called from inside another kernel are the outer kernel's implementation detail and are
 * not recorded. Values are identified by dataId (tfjs data is immutable).
 */
import * as tf from '@tensorflow/tfjs';
import {CompileError} from './compile_error';
import {TensorSpec} from './kernel_registry';
import {sizeOf} from './shape_util';

/** A value seen while tracing: an input, a constant (data read while tracing) or computed by a recorded call. */
export interface TracedValue {
  readonly kind: 'input' | 'constant' | 'computed';
  readonly size: number;
  readonly dtype: tf.DataType;
  /** For inputs, the argument index; for computed values, the index of the producing call; else -1. */
  readonly source: number;
  /** For constants. */
  readonly data?: Float64Array;
}

/** One recorded top-level kernel call; values by index into Trace.values. */
export interface TracedCall {
  readonly kernelName: string;
  readonly inputNames: readonly string[];
  readonly inputs: readonly TensorSpec[];
  readonly inputIds: readonly number[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly TensorSpec[];
  readonly outputIds: readonly number[];
}

export interface Trace {
  readonly values: readonly TracedValue[];
  readonly calls: readonly TracedCall[];
  /** The function's value, then the gradient with respect to each input. */
  readonly outputIds: readonly number[];
  readonly outputShapes: readonly (readonly number[])[];
  /** tfjs's value and gradients at `inputs`. */
  readonly results: readonly Float64Array[];
  /** The (float32-representable) inputs traced at. */
  readonly inputs: readonly Float64Array[];
}

/** Kernels whose output depends on their inputs' shapes only: folded into constants. */
const VALUE_INDEPENDENT = new Set(['OnesLike', 'ZerosLike', 'Fill', 'Range', 'LinSpace']);

/** `name: [shape] dtype`, for messages. */
export function describeSpec(name: string, spec: TensorSpec): string {
  return `${name}: [${spec.shape.join(', ')}] ${spec.dtype}`;
}

/** The deterministic perturbation of input i's element k: relative 1% (absolute 1e-3 at zero). */
function perturb(x: number, i: number, k: number): number {
  const p = (((k + 1) * 0.6180339887498949 + i * 0.41421356237) % 1) * 2 - 1;
  return x === 0 ? 1e-3 * p : x * (1 + 0.01 * p);
}

/**
 * Traces `tf.valueAndGrads(fn)` at `examples` (or at deterministically perturbed examples). Throws
 * CompileError when tracing fails or when the function reads the data of a tensor that depends on
 * its inputs (dataSync, array, data) outside a kernel.
 */
export function traceValueAndGrads(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  examples: readonly tf.Tensor[],
  perturbed: boolean,
): Trace {
  const inputData = examples.map((e, i) => {
    const data = Float32Array.from(e.dataSync());
    if (perturbed) for (let k = 0; k < data.length; k++) data[k] = perturb(data[k], i, k);
    return data;
  });
  const inputs = examples.map((e, i) => tf.tensor(inputData[i], e.shape, 'float32'));
  const backendName = tf.getBackend();
  const backend = tf.backend();
  const readSync = backend.readSync;
  const read = backend.read;
  const hadOwnReadSync = Object.prototype.hasOwnProperty.call(backend, 'readSync');
  const hadOwnRead = Object.prototype.hasOwnProperty.call(backend, 'read');

  const values: TracedValue[] = [];
  const ids = new Map<object, number>();
  const calls: TracedCall[] = [];
  const dependentReads: string[] = [];
  let depth = 0;
  let failure: unknown;

  inputs.forEach((x, i) => {
    ids.set(x.dataId, values.length);
    values.push({kind: 'input', size: x.size, dtype: 'float32', source: i});
  });
  const addConstant = (info: tf.TensorInfo): number => {
    if (info.dtype === 'string' || info.dtype === 'complex64') {
      throw new CompileError(`compileValueAndGrads: ${info.dtype} tensors are not supported (shape [${info.shape}])`);
    }
    const raw = readSync.call(backend, info.dataId) as ArrayLike<number>;
    const data = Float64Array.from(raw);
    ids.set(info.dataId, values.length);
    values.push({kind: 'constant', size: data.length, dtype: info.dtype, source: -1, data});
    return values.length - 1;
  };
  const idOf = (info: tf.TensorInfo): number => ids.get(info.dataId) ?? addConstant(info);
  const record = (kernelName: string, args: {inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap}, result: tf.TensorInfo | tf.TensorInfo[]) => {
    const inputNames = Object.keys(args.inputs).filter((name) => args.inputs[name] != null);
    const infos = inputNames.map((name) => args.inputs[name] as tf.TensorInfo);
    const inputIds = infos.map(idOf);
    const outInfos = Array.isArray(result) ? result : [result];
    const dependent = !VALUE_INDEPENDENT.has(kernelName) && inputIds.some((id) => values[id].kind !== 'constant');
    const outputIds = outInfos.map((info) => {
      const existing = ids.get(info.dataId);
      if (existing !== undefined) return existing;
      if (!dependent) return addConstant(info);
      ids.set(info.dataId, values.length);
      values.push({kind: 'computed', size: sizeOf(info.shape), dtype: info.dtype, source: calls.length});
      return values.length - 1;
    });
    calls.push({
      kernelName,
      inputNames,
      inputs: infos.map((info) => ({shape: [...info.shape], dtype: info.dtype})),
      inputIds,
      attrs: {...(args.attrs ?? {})},
      outputs: outInfos.map((info) => ({shape: [...info.shape], dtype: info.dtype})),
      outputIds,
    });
  };
  const checkRead = (dataId: object): void => {
    if (depth > 0) return;
    const id = ids.get(dataId);
    if (id !== undefined && values[id].kind !== 'constant' && dependentReads.length < 3) {
      const last = calls[calls.length - 1];
      dependentReads.push(last === undefined ? 'an input' : `a value computed after kernel ${last.kernelName}`);
    }
  };

  const originals = tf.getKernelsForBackend(backendName);
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const top = depth === 0;
        depth++;
        let result: tf.TensorInfo | tf.TensorInfo[];
        try {
          result = config.kernelFunc(args);
        } finally {
          depth--;
        }
        if (top && failure === undefined) {
          try {
            record(config.kernelName, args, result);
          } catch (error) {
            failure = error;
          }
        }
        return result;
      },
    });
  }
  backend.readSync = function (this: tf.KernelBackend, dataId: object, ...rest: unknown[]) {
    checkRead(dataId);
    return (readSync as (...a: unknown[]) => ReturnType<tf.KernelBackend['readSync']>).call(backend, dataId, ...rest);
  } as tf.KernelBackend['readSync'];
  backend.read = function (this: tf.KernelBackend, dataId: object) {
    checkRead(dataId);
    return read.call(backend, dataId);
  };

  let result: {value: tf.Tensor; grads: tf.Tensor[]} | undefined;
  try {
    result = tf.valueAndGrads(fn)(inputs);
  } catch (error) {
    failure ??= error;
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(config);
    }
    if (hadOwnReadSync) backend.readSync = readSync;
    else delete (backend as Partial<tf.KernelBackend>).readSync;
    if (hadOwnRead) backend.read = read;
    else delete (backend as Partial<tf.KernelBackend>).read;
  }
  try {
    if (failure !== undefined) {
      if (failure instanceof CompileError) throw failure;
      throw new CompileError(`compileValueAndGrads: tracing tf.valueAndGrads(fn) failed: ${(failure as Error).message ?? failure}`, {
        cause: failure,
      });
    }
    if (dependentReads.length > 0) {
      throw new CompileError(
        `compileValueAndGrads: the function reads tensor data in JavaScript (dataSync/array/data) of ${dependentReads[0]}, ` +
          `so its computation may depend on its input values through JavaScript branches; it can run uncompiled through tfjs`,
      );
    }
    const outputs = [result!.value, ...result!.grads];
    for (const out of outputs) {
      if (out.dtype !== 'float32') throw new CompileError(`compileValueAndGrads: the function returned ${out.dtype}; expected float32`);
    }
    return {
      values,
      calls,
      outputIds: outputs.map((t) => idOf(t as unknown as tf.TensorInfo)),
      outputShapes: outputs.map((t) => [...t.shape]),
      results: outputs.map((t) => Float64Array.from(t.dataSync())),
      inputs: inputData.map((d) => Float64Array.from(d)),
    };
  } finally {
    tf.dispose(inputs);
    if (result !== undefined) tf.dispose([result.value, ...result.grads]);
  }
}

/** The trace as lines (kernels with value ids, shapes and attrs; constants' data; outputs) for comparing traces. */
export function traceSignature(trace: Trace): string[] {
  const attrsText = (attrs: Readonly<Record<string, unknown>>) =>
    JSON.stringify(attrs, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  const lines = trace.calls.map(
    (c) =>
      `${c.kernelName}(${c.inputIds.map((id, k) => `v${id} ${describeSpec(c.inputNames[k], c.inputs[k])}`).join(', ')}) ` +
      `${attrsText(c.attrs)} -> ${c.outputIds.map((id, k) => `v${id} [${c.outputs[k].shape}]`).join(', ')}`,
  );
  trace.values.forEach((v, id) => {
    if (v.kind === 'constant') lines.push(`constant v${id} = [${Array.from(v.data!).join(', ')}]`);
  });
  lines.push(`outputs ${trace.outputIds.map((id) => `v${id}`).join(', ')}`);
  return lines;
}
