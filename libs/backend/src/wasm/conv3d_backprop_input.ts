import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * Conv3DBackpropInputV2 for 'wasm' (TF's `Conv3DBackpropInputV2`): dx = conv3d(dy', W'), a
 * forward stride-1 3-d convolution on the wasm backend, where dy' is dy with stride - 1 zeros
 * inserted along depth, height and width and padded (full minus the forward padding;
 * negative amounts crop), and W' is the filter flipped in its three spatial axes with in/out
 * channels swapped. tfjs 4.22's own wasm kernel leaves half of dx at zero.
 */
export const conv3dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv3DBackpropInputV2',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const a = attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
    const info = tf.backend_util.computeConv3DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number, number],
      a.strides,
      1,
      a.pad,
    );
    return withWasmScope(backend, (scope) => {
      const stuffed = scope.zeroStuff(dy, [1, 2, 3], [info.strideDepth, info.strideHeight, info.strideWidth]);
      const edges = (filterSize: number, padBefore: number, inSize: number, stuffedSize: number): [number, number] => {
        const before = filterSize - 1 - padBefore;
        return [before, inSize + filterSize - 1 - before - stuffedSize];
      };
      const input = scope.padOrCrop(stuffed, [
        [0, 0],
        edges(info.filterDepth, info.padInfo.front, info.inDepth, stuffed.shape[1]),
        edges(info.filterHeight, info.padInfo.top, info.inHeight, stuffed.shape[2]),
        edges(info.filterWidth, info.padInfo.left, info.inWidth, stuffed.shape[3]),
        [0, 0],
      ]);
      const flipped = scope.transpose(scope.reverse(filter, [0, 1, 2]), [0, 1, 2, 4, 3]);
      return scope.run(
        'Conv3D',
        {x: input, filter: flipped},
        {strides: [1, 1, 1], pad: 'valid', dataFormat: 'NDHWC', dilations: [1, 1, 1]},
      );
    });
  },
};
