import * as tf from '@tensorflow/tfjs';

/** A kernel input given as plain data, so the same values can be fed to two backends. */
export interface KernelInputData {
  shape: number[];
  values: Float32Array | Int32Array;
  dtype?: 'float32' | 'int32';
}

export interface BackendOutputs {
  shape: number[];
  wasm: Float32Array | Int32Array;
  cpu: Float32Array | Int32Array;
  /**
   * Tensors (engine) plus buffers (wasm backend data ids) the wasm run left behind once its
   * inputs and output were disposed: 0 unless a kernel leaks an intermediate.
   */
  wasmLeaks: number;
}

/** Reproducible values in [-1, 1) (a 32-bit LCG), for comparing backends on the same data. */
export function seededValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

function liveCount(): number {
  return tf.memory().numTensors + tf.engine().backend.numDataIds();
}

/**
 * Runs `compute` on 'cpu' and then on 'wasm' (left active) with tensors made from `data`.
 * Tests that use it must be serial: it switches the global backend.
 */
export async function onCpuAndWasm(
  data: KernelInputData[],
  compute: (...tensors: tf.Tensor[]) => tf.Tensor,
): Promise<BackendOutputs> {
  const results: Record<string, {shape: number[]; values: Float32Array | Int32Array; leaks: number}> = {};
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const before = liveCount();
    const tensors = data.map((d) => tf.tensor(d.values, d.shape, d.dtype ?? 'float32'));
    const out = compute(...tensors);
    const values = (await out.data()) as Float32Array | Int32Array;
    const shape = out.shape;
    tf.dispose([...tensors, out]);
    results[backend] = {shape, values, leaks: liveCount() - before};
  }
  return {shape: results.wasm.shape, wasm: results.wasm.values, cpu: results.cpu.values, wasmLeaks: results.wasm.leaks};
}

/** Largest |wasm - cpu| divided by the largest |cpu| (or 1 when that is smaller). */
export function relativeMaxError(out: BackendOutputs): number {
  let maxDiff = 0;
  let scale = 1;
  out.cpu.forEach((c, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(out.wasm[i] - c));
    scale = Math.max(scale, Math.abs(c));
  });
  return maxDiff / scale;
}

/** Runs one kernel by name on 'cpu' and on 'wasm' with the same named inputs and attrs. */
export function kernelOnCpuAndWasm(
  kernelName: string,
  inputs: Record<string, KernelInputData>,
  attrs: object,
): Promise<BackendOutputs> {
  const names = Object.keys(inputs);
  return onCpuAndWasm(
    names.map((n) => inputs[n]),
    (...tensors) =>
      tf.engine().runKernel(
        kernelName,
        Object.fromEntries(names.map((n, i) => [n, tensors[i]])),
        attrs as tf.NamedAttrMap,
      ) as tf.Tensor,
  );
}

/** Seeded float32 input data of a shape. */
export function seededInput(shape: number[], seed: number): KernelInputData {
  return {shape, values: seededValues(tf.util.sizeFromShape(shape), seed)};
}
