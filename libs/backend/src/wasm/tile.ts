import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Segments at most this long are replicated by a plain loop (cheaper than copyWithin calls). */
const SHORT_SEGMENT = 32;

/**
 * Merges axes that tile like one: an axis not repeated (rep 1) joins the axis before it
 * ([a, b] x [r, 1] tiles as [a * b] x [r]), and an axis of length 1 joins the axis after it
 * ([1, b] x [r, q] tiles as [b] x [r * q]). Axes of length 1 repeated once are dropped.
 */
export function collapseTile(shape: number[], reps: number[]): {shape: number[]; reps: number[]} {
  const outShape: number[] = [];
  const outReps: number[] = [];
  let pendingReps = 1; // reps of preceding length-1 axes, folded into the next axis
  shape.forEach((size, axis) => {
    const rep = reps[axis];
    if (size === 1) {
      pendingReps *= rep;
      return;
    }
    const last = outShape.length - 1;
    if (pendingReps * rep === 1 && last >= 0) {
      outShape[last] *= size;
    } else {
      outShape.push(size);
      outReps.push(pendingReps * rep);
    }
    pendingReps = 1;
  });
  if (pendingReps !== 1 || outShape.length === 0) {
    outShape.push(1);
    outReps.push(pendingReps);
  }
  return {shape: outShape, reps: outReps};
}

/** Fills out[base + length .. base + length * times) with copies of out[base .. base + length). */
function replicate(out: HeapArray, base: number, length: number, times: number): void {
  const total = length * times;
  if (times === 1) {
    return;
  }
  if (length === 1) {
    out.fill(out[base], base + 1, base + total);
  } else if (total <= SHORT_SEGMENT) {
    for (let i = length; i < total; i++) {
      out[base + i] = out[base + i - length];
    }
  } else {
    // Doubling: each copyWithin copies everything written so far (memmove in the engine).
    for (let filled = length; filled < total; ) {
      const n = Math.min(filled, total - filled);
      out.copyWithin(base + filled, base, base + n);
      filled += n;
    }
  }
}

/**
 * Tile into `out` (already sized): each input row (innermost run) is copied once to where
 * its first tile goes and repeated along the innermost axis; then, axis by axis outwards,
 * each finished block is repeated along its axis by block copies. Every output element is
 * written once, with no per-element index arithmetic.
 */
export function tileInto(x: HeapArray, shape: number[], reps: number[], out: HeapArray): void {
  const rank = shape.length;
  const outShape = shape.map((s, i) => s * reps[i]);
  // outStrides[i]: elements of the output per step along axis i.
  const outStrides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) {
    outStrides[i] = outStrides[i + 1] * outShape[i + 1];
  }
  for (let axis = rank - 1; axis >= 0; axis--) {
    // A block of the output (the first tile along `axis`, every tile of the axes inside it)
    // starts at each index of the input's axes before `axis` (first tile of those axes).
    const blockLength = shape[axis] * outStrides[axis];
    const index = new Array<number>(axis).fill(0);
    let base = 0;
    let row = 0;
    for (;;) {
      if (axis === rank - 1) {
        const start = row * shape[axis];
        if (blockLength <= SHORT_SEGMENT) {
          for (let i = 0; i < blockLength; i++) out[base + i] = x[start + i];
        } else {
          out.set(x.subarray(start, start + blockLength), base);
        }
        row++;
      }
      replicate(out, base, blockLength, reps[axis]);
      // Odometer over the input's indices of the axes before `axis`.
      let k = axis - 1;
      while (k >= 0 && index[k] === shape[k] - 1) {
        base -= index[k] * outStrides[k];
        index[k] = 0;
        k--;
      }
      if (k < 0) {
        break;
      }
      index[k]++;
      base += outStrides[k];
    }
  }
}

/**
 * Tile for 'wasm' (float32, int32 and bool; strings go to the stock kernel). tfjs 4.22's
 * kernel computes every output element's source index (~150 ms per 1e6 elements here, 40x an
 * Add); this one copies blocks (collapseTile, tileInto): ~1 ms. tf.where, tf.broadcastTo and
 * several gradients tile their operands.
 */
export function fastTile(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: 'Tile',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const {reps} = args.attrs as unknown as tf.TileAttrs;
      if (x.dtype === 'string' || x.dtype === 'complex64') {
        return original.kernelFunc(args);
      }
      if (reps.length !== x.shape.length) {
        throw new Error(`Tile: reps ${JSON.stringify(reps)} must have one entry per axis of x (shape ${JSON.stringify(x.shape)})`);
      }
      const backend = args.backend as BackendWasm;
      const outShape = x.shape.map((s, i) => s * reps[i]);
      const out = backend.makeOutput(outShape, x.dtype);
      if (tf.util.sizeFromShape(outShape) === 0) {
        return out;
      }
      const collapsed = collapseTile(x.shape, reps);
      // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
      const source = backend.typedArrayFromHeap(x) as HeapArray;
      const target = backend.typedArrayFromHeap(out) as HeapArray;
      tileInto(source, collapsed.shape, collapsed.reps, target);
      return out;
    },
  };
}
