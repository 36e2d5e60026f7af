import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * Conv3DBackpropFilterV2 for 'wasm' (TF's `Conv3DBackpropFilterV2`), the filter gradient
 * dW[a, b, c, i, k] = sum_{n, p, q, r} x[n, p*s + a - pad, q*s + b - pad, r*s + c - pad, i] *
 * dy[n, p, q, r, k], as a forward 3-d convolution on the wasm backend: x padded (or cropped
 * where the forward convolution never reached) and transposed to [i, d, h, w, n], "filter" dy
 * transposed to [p, q, r, n, k], with the forward stride as the dilation. tfjs 4.22's own
 * wasm kernel is wrong for strides > 1.
 */
export const conv3dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv3DBackpropFilterV2',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as tf.Conv3DBackpropFilterV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(
      x.shape as [number, number, number, number, number],
      a.filterShape,
      a.strides,
      1,
      a.pad,
    );
    return withWasmScope(backend, (scope) => {
      const edges = (filterSize: number, outSize: number, stride: number, inSize: number, padBefore: number): [number, number] => [
        padBefore,
        filterSize - 1 + (outSize - 1) * stride + 1 - inSize - padBefore,
      ];
      const padded = scope.padOrCrop(x, [
        [0, 0],
        edges(info.filterDepth, info.outDepth, info.strideDepth, info.inDepth, info.padInfo.front),
        edges(info.filterHeight, info.outHeight, info.strideHeight, info.inHeight, info.padInfo.top),
        edges(info.filterWidth, info.outWidth, info.strideWidth, info.inWidth, info.padInfo.left),
        [0, 0],
      ]);
      const grad = scope.run(
        'Conv3D',
        {x: scope.transpose(padded, [4, 1, 2, 3, 0]), filter: scope.transpose(dy, [1, 2, 3, 0, 4])},
        {
          strides: [1, 1, 1],
          pad: 'valid',
          dataFormat: 'NDHWC',
          dilations: [info.strideDepth, info.strideHeight, info.strideWidth],
        },
      );
      // [i, a, b, c, k] -> [a, b, c, i, k]
      return scope.run('Transpose', {x: grad}, {perm: [1, 2, 3, 0, 4]});
    });
  },
};
