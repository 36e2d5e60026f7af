import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * DepthwiseConv2dNativeBackpropFilter for 'wasm' (TF's `DepthwiseConv2dNativeBackpropFilter`):
 * dW[i, j, c, m] = sum_{n, p, q} x[n, p*s + i*d - pad, q*s + j*d - pad, c] * dy[n, p, q, c*M + m].
 * For each filter tap (i, j) a strided slice of the padded x is multiplied by dy (broadcast
 * over the multiplier) and summed over n, p, q in the wasm backend's own kernels.
 */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    const [filterHeight, filterWidth, channels, multiplier] = a.filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      a.dilations ?? 1,
      a.pad,
      a.dimRoundingMode,
      true,
    );
    const {batchSize, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth} = info;
    return withWasmScope(backend, (scope) => {
      const spanH = (outHeight - 1) * strideHeight + 1;
      const spanW = (outWidth - 1) * strideWidth + 1;
      const padded = scope.padOrCrop(x, [
        [0, 0],
        [info.padInfo.top, (filterHeight - 1) * dilationHeight + spanH - info.inHeight - info.padInfo.top],
        [info.padInfo.left, (filterWidth - 1) * dilationWidth + spanW - info.inWidth - info.padInfo.left],
        [0, 0],
      ]);
      const dy5 = scope.reshape(dy, [batchSize, outHeight, outWidth, channels, multiplier]);
      const taps: tf.TensorInfo[] = [];
      for (let i = 0; i < filterHeight; i++) {
        for (let j = 0; j < filterWidth; j++) {
          const tap = scope.run(
            'StridedSlice',
            {x: padded},
            {
              begin: [0, i * dilationHeight, j * dilationWidth, 0],
              end: [batchSize, i * dilationHeight + spanH, j * dilationWidth + spanW, channels],
              strides: [1, strideHeight, strideWidth, 1],
              beginMask: 0,
              endMask: 0,
              ellipsisMask: 0,
              newAxisMask: 0,
              shrinkAxisMask: 0,
            },
          );
          const product = scope.run('Multiply', {
            a: scope.reshape(tap, [batchSize, outHeight, outWidth, channels, 1]),
            b: dy5,
          });
          taps.push(scope.sum(product, [0, 1, 2]));
        }
      }
      const stacked = scope.run('Pack', taps as unknown as tf.NamedTensorInfoMap, {axis: 0});
      return scope.reshape(stacked, a.filterShape);
    });
  },
};
