import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/** Binary wasm kernels whose stock broadcasting path is slow and which broadcastByTile wraps. */
export const BROADCAST_BY_TILE_KERNELS = ['Pow', 'FloorDiv', 'Mod', 'Atan2'];

/**
 * Wraps a binary wasm kernel: when one operand is broadcast against the other (shapes differ
 * and neither is a single element), both are first tiled to the output shape (the Tile
 * kernel registered for 'wasm', block copies, ~1 ms per 1e6 elements) and the stock kernel
 * runs on equal shapes, so values are the stock kernel's own. tfjs 4.22's C++ broadcasting
 * path computes every element's broadcast indices: ~200-400 ms per 1e6 elements, against
 * ~10-70 ms for the same kernel on equal shapes. Other calls go to the stock kernel.
 */
export function broadcastByTile(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const a = args.inputs.a as tf.TensorInfo;
      const b = args.inputs.b as tf.TensorInfo;
      const broadcast =
        !tf.util.arraysEqual(a.shape, b.shape) && tf.util.sizeFromShape(a.shape) !== 1 && tf.util.sizeFromShape(b.shape) !== 1;
      const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      if (!broadcast || a.dtype === 'string' || tf.util.sizeFromShape(outShape) === 0) {
        return original.kernelFunc(args);
      }
      return withWasmScope(args.backend, (scope) => {
        const full = (x: tf.TensorInfo): tf.TensorInfo => {
          if (tf.util.arraysEqual(x.shape, outShape)) {
            return x;
          }
          const padded = [...new Array<number>(outShape.length - x.shape.length).fill(1), ...x.shape];
          const reshaped = padded.length === x.shape.length ? x : scope.reshape(x, padded);
          return scope.run('Tile', {x: reshaped}, {reps: outShape.map((size, i) => size / padded[i])});
        };
        const inputs = {a: full(a), b: full(b)};
        return original.kernelFunc({...args, inputs}) as tf.TensorInfo;
      });
    },
  };
}
