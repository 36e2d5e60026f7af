import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * UnsortedSegmentSum for 'wasm' (TF's `UnsortedSegmentSum`, the gradient of tf.gather):
 * out[k, ...] = sum over the positions i with segmentIds[i] = k of x[i, ...], for
 * k < numSegments; ids outside [0, numSegments) are dropped, as in TF. One pass over x in
 * the wasm heap, accumulating in place (float32 or int32, x's dtype).
 */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const x = inputs.x as tf.TensorInfo;
    const segmentIds = inputs.segmentIds as tf.TensorInfo;
    const {numSegments} = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    const idsRank = segmentIds.shape.length;
    const inner = tf.util.sizeFromShape(x.shape.slice(idsRank));
    const out = wasm.makeOutput([numSegments, ...x.shape.slice(idsRank)], x.dtype);
    // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
    const result = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
    const values = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array | Float32Array;
    result.fill(0);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < 0 || id >= numSegments) {
        continue;
      }
      const from = i * inner;
      const to = id * inner;
      for (let k = 0; k < inner; k++) {
        result[to + k] += values[from + k];
      }
    }
    return out;
  },
};
