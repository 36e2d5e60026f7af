import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/**
 * How to walk a broadcast binary op: the output viewed as `shape` (axes merged where both
 * operands broadcast alike, length-1 axes dropped), and per operand the step along each axis
 * (0 where it is broadcast, else its contiguous stride).
 */
export interface BroadcastPlan {
  shape: number[];
  aStrides: number[];
  bStrides: number[];
}

/** Collapses the broadcast of `aShape` and `bShape` to `outShape` into a BroadcastPlan. */
export function broadcastPlan(aShape: number[], bShape: number[], outShape: number[]): BroadcastPlan {
  const rank = outShape.length;
  const pad = (shape: number[]) => [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const a = pad(aShape);
  const b = pad(bShape);
  // Merged axes: [size, a full?, b full?].
  const merged: [number, boolean, boolean][] = [];
  for (let i = 0; i < rank; i++) {
    if (outShape[i] === 1) {
      continue;
    }
    const aFull = a[i] !== 1;
    const bFull = b[i] !== 1;
    const last = merged[merged.length - 1];
    if (last !== undefined && last[1] === aFull && last[2] === bFull) {
      last[0] *= outShape[i];
    } else {
      merged.push([outShape[i], aFull, bFull]);
    }
  }
  if (merged.length === 0) {
    merged.push([1, true, true]);
  }
  const strides = (full: (axis: [number, boolean, boolean]) => boolean) => {
    const out = new Array<number>(merged.length);
    let step = 1;
    for (let i = merged.length - 1; i >= 0; i--) {
      out[i] = full(merged[i]) ? step : 0;
      step *= full(merged[i]) ? merged[i][0] : 1;
    }
    return out;
  };
  return {shape: merged.map((m) => m[0]), aStrides: strides((m) => m[1]), bStrides: strides((m) => m[2])};
}

/** An elementwise rule writing out[o] from a[ia] and b[ib] for `n` consecutive outputs. */
type RowLoop = (a: HeapArray, ia: number, sa: number, b: HeapArray, ib: number, sb: number, out: HeapArray, o: number, n: number) => void;

/** Runs `row` over every innermost row of the plan (an odometer over the outer axes). */
export function runBroadcast(plan: BroadcastPlan, a: HeapArray, b: HeapArray, out: HeapArray, row: RowLoop): void {
  const {shape, aStrides, bStrides} = plan;
  const inner = shape.length - 1;
  const n = shape[inner];
  const index = new Array<number>(inner).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < out.length; o += n) {
    row(a, ia, aStrides[inner], b, ib, bStrides[inner], out, o, n);
    let k = inner - 1;
    while (k >= 0 && index[k] === shape[k] - 1) {
      ia -= index[k] * aStrides[k];
      ib -= index[k] * bStrides[k];
      index[k] = 0;
      k--;
    }
    if (k < 0) {
      break;
    }
    index[k]++;
    ia += aStrides[k];
    ib += bStrides[k];
  }
}

/*
 * One row loop per rule, each its own function so the engine compiles each with one operation
 * inlined (a shared loop calling a callback would be megamorphic and several times slower).
 * Comparisons and Maximum/Minimum follow the cpu backend: NaN compares false (except !=),
 * Math.max/min propagate NaN. Logical ops read bools as 0/1 bytes.
 */
const ROW_LOOPS: Record<string, RowLoop> = {
  Greater: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] > b[ib] ? 1 : 0;
  },
  GreaterEqual: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] >= b[ib] ? 1 : 0;
  },
  Less: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] < b[ib] ? 1 : 0;
  },
  LessEqual: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] <= b[ib] ? 1 : 0;
  },
  Equal: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] === b[ib] ? 1 : 0;
  },
  NotEqual: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] !== b[ib] ? 1 : 0;
  },
  LogicalAnd: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] & b[ib];
  },
  LogicalOr: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = a[ia] | b[ib];
  },
  Maximum: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = Math.max(a[ia], b[ib]);
  },
  Minimum: (a, ia, sa, b, ib, sb, out, o, n) => {
    for (const end = o + n; o < end; o++, ia += sa, ib += sb) out[o] = Math.min(a[ia], b[ib]);
  },
};

/** The kernels replaced by elementwiseBinary, with their output dtype (undefined: a's). */
export const ELEMENTWISE_BINARY_KERNELS: Record<string, 'bool' | undefined> = {
  Greater: 'bool',
  GreaterEqual: 'bool',
  Less: 'bool',
  LessEqual: 'bool',
  Equal: 'bool',
  NotEqual: 'bool',
  LogicalAnd: 'bool',
  LogicalOr: 'bool',
  Maximum: undefined,
  Minimum: undefined,
};

/**
 * Wraps the wasm kernel of one of ELEMENTWISE_BINARY_KERNELS: when one operand is broadcast
 * against the other (shapes differ and neither is a single element) the op runs in JS,
 * broadcasting by strides (broadcastPlan, runBroadcast). tfjs 4.22's C++ kernels compute
 * every element's broadcast indices there: ~200-400 ms per 1e6 elements, against ~10 ms
 * for the JS loops (and ~0.5 ms for an XNNPACK Add). Equal shapes and single-element
 * operands (~10-25 ms either way) and mixed or string dtypes go to the stock kernel.
 */
export function elementwiseBinary(original: tf.KernelConfig): tf.KernelConfig {
  const name = original.kernelName;
  const row = ROW_LOOPS[name];
  if (row === undefined || !(name in ELEMENTWISE_BINARY_KERNELS)) {
    throw new Error(`elementwiseBinary: no JS rule for kernel '${name}'`);
  }
  return {
    kernelName: name,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: (args) => {
      const a = args.inputs.a as tf.TensorInfo;
      const b = args.inputs.b as tf.TensorInfo;
      const broadcast =
        !tf.util.arraysEqual(a.shape, b.shape) && tf.util.sizeFromShape(a.shape) !== 1 && tf.util.sizeFromShape(b.shape) !== 1;
      if (!broadcast || a.dtype !== b.dtype || a.dtype === 'string' || a.dtype === 'complex64') {
        return original.kernelFunc(args);
      }
      const backend = args.backend as BackendWasm;
      const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const out = backend.makeOutput(outShape, ELEMENTWISE_BINARY_KERNELS[name] ?? a.dtype);
      if (tf.util.sizeFromShape(outShape) === 0) {
        return out;
      }
      // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
      const plan = broadcastPlan(a.shape, b.shape, outShape);
      runBroadcast(
        plan,
        backend.typedArrayFromHeap(a) as HeapArray,
        backend.typedArrayFromHeap(b) as HeapArray,
        backend.typedArrayFromHeap(out) as HeapArray,
        row,
      );
      return out;
    },
  };
}
