import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/** What reducing an empty set gives (TF's values): the identity of each reduction. */
const IDENTITY: Record<string, number> = {
  Sum: 0,
  Prod: 1,
  Max: -Infinity,
  Min: Infinity,
  Mean: NaN,
  All: 1,
  Any: 0,
};

/**
 * Wraps a wasm reduction so that reducing over an axis of length 0 gives the reduction's
 * identity (sum 0, prod 1, max -inf, min +inf, mean NaN, all true, any false) as TF does;
 * tfjs 4.22's wasm kernels return uninitialised memory there.
 */
export function withEmptyReduction(original: tf.KernelConfig): tf.KernelConfig {
  const identity = IDENTITY[original.kernelName];
  return {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (tf.util.sizeFromShape(x.shape) !== 0) {
        return original.kernelFunc(args);
      }
      // Max names its axes `reductionIndices`, the others `axis`.
      const attrs = args.attrs as unknown as {axis?: number | number[]; reductionIndices?: number | number[]; keepDims: boolean};
      const keepDims = attrs.keepDims;
      const axes = tf.util.parseAxisParam((attrs.axis ?? attrs.reductionIndices)!, x.shape);
      const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
      const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(shape, x.dtype === 'bool' ? 'bool' : x.dtype);
      const values = backend.typedArrayFromHeap(out);
      (values as Float32Array).fill(x.dtype === 'int32' && !Number.isFinite(identity) ? 0 : identity);
      return out;
    },
  };
}

export const REDUCTION_KERNELS = Object.keys(IDENTITY);
