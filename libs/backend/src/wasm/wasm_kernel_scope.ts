import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/** Per spatial dimension: rows added before/after (negative: rows cropped). */
export type EdgeAmounts = [before: number, after: number];

/**
 * Runs the wasm backend's own kernels from inside another wasm kernel (tf ops must not be
 * called there) and frees every intermediate it made when the kernel returns its result.
 */
export class WasmKernelScope {
  private readonly made: tf.TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Runs kernel `name` registered for 'wasm'; the output is freed by `finish` unless returned. */
  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined) {
      throw new Error(`The wasm backend has no kernel '${name}', which a tfjs-probability wasm kernel needs`);
    }
    const out = kernel.kernelFunc({inputs, backend: this.backend, attrs}) as tf.TensorInfo;
    this.made.push(out);
    return out;
  }

  /**
   * A new uninitialised float32 buffer in the wasm heap, freed by `finish` unless returned. Take
   * typed-array views of buffers only after the last allocation: growing the heap detaches them.
   */
  allocate(shape: number[]): tf.TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    this.made.push(out);
    return out;
  }

  /** A float32 view of a buffer in the wasm heap (valid until the next allocation). */
  view(x: tf.TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(x) as Float32Array;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', {x}, {shape});
  }

  /** Transposes unless `perm` is the identity (then `x` itself is returned, not a copy). */
  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return perm.every((p, i) => p === i) ? x : this.run('Transpose', {x}, {perm});
  }

  reverse(x: tf.TensorInfo, dims: number[]): tf.TensorInfo {
    return this.run('Reverse', {x}, {dims});
  }

  sum(x: tf.TensorInfo, axis: number[]): tf.TensorInfo {
    return this.run('Sum', {x}, {axis, keepDims: false});
  }

  /**
   * Pads (positive amounts, with zeros) or crops (negative amounts) each axis; returns `x`
   * itself when nothing changes.
   */
  padOrCrop(x: tf.TensorInfo, edges: EdgeAmounts[]): tf.TensorInfo {
    let out = x;
    if (edges.some(([b, a]) => b < 0 || a < 0)) {
      const begin = edges.map(([b]) => Math.max(0, -b));
      const size = edges.map(([b, a], i) => x.shape[i] - Math.max(0, -b) - Math.max(0, -a));
      out = this.run('Slice', {x: out}, {begin, size});
    }
    if (edges.some(([b, a]) => b > 0 || a > 0)) {
      const paddings = edges.map(([b, a]) => [Math.max(0, b), Math.max(0, a)]);
      out = this.run('PadV2', {x: out}, {paddings, constantValue: 0});
    }
    return out;
  }

  /**
   * Inserts `stride - 1` zeros after every element along the given axes (the trailing zeros
   * too), so an axis of length n becomes n * stride. One axis at a time, so the padded tensor
   * has at most one axis more than x.
   */
  zeroStuff(x: tf.TensorInfo, axes: number[], strides: number[]): tf.TensorInfo {
    let out = x;
    axes.forEach((axis, k) => {
      const stride = strides[k];
      if (stride === 1) {
        return;
      }
      const shape = out.shape;
      const expanded = [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)];
      const paddings = expanded.map((_, i) => (i === axis + 1 ? [0, stride - 1] : [0, 0]));
      const padded = this.run('PadV2', {x: this.reshape(out, expanded)}, {paddings, constantValue: 0});
      out = this.reshape(padded, shape.map((size, i) => (i === axis ? size * stride : size)));
    });
    return out;
  }

  /** Frees every intermediate except `result` (which may share storage with one: refcounts). */
  finish(result: tf.TensorInfo): tf.TensorInfo {
    for (const info of this.made) {
      if (info !== result) {
        this.backend.disposeData(info.dataId);
      }
    }
    this.made.length = 0;
    return result;
  }

  /** Frees every intermediate (used when a kernel fails half-way). */
  abandon(): void {
    for (const info of this.made) {
      this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
  }
}

/** Runs `body` in a fresh scope, freeing intermediates whether it succeeds or throws. */
export function withWasmScope(backend: unknown, body: (scope: WasmKernelScope) => tf.TensorInfo): tf.TensorInfo {
  const scope = new WasmKernelScope(backend as BackendWasm);
  let result: tf.TensorInfo;
  try {
    result = body(scope);
  } catch (error) {
    scope.abandon();
    throw error;
  }
  return scope.finish(result);
}
