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

/** Runs `compute` on 'cpu' and then on 'wasm' (left active) with tensors made from `data`. */
export async function onCpuAndWasm(
  data: KernelInputData[],
  compute: (...tensors: tf.Tensor[]) => tf.Tensor,
): Promise<BackendOutputs> {
  const results: Record<string, {shape: number[]; values: Float32Array | Int32Array}> = {};
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const tensors = data.map((d) => tf.tensor(d.values, d.shape, d.dtype ?? 'float32'));
    const out = compute(...tensors);
    results[backend] = {shape: out.shape, values: (await out.data()) as Float32Array | Int32Array};
    tf.dispose([...tensors, out]);
  }
  return {shape: results.wasm.shape, wasm: results.wasm.values, cpu: results.cpu.values};
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
