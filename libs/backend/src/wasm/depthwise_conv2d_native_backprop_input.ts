import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * DepthwiseConv2dNativeBackpropInput for 'wasm' (TF's `DepthwiseConv2dNativeBackpropInput`):
 * with filter W [fh, fw, c, m], dx[.., c] = sum_m (dy'[.., c*m] conv flip(W)[.., c, m]), run as
 * one XNNPACK depthwise convolution over the c*m output channels (multiplier 1) of the
 * zero-stuffed, padded dy, followed by a sum over the multiplier axis.
 */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const a = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    const [filterHeight, filterWidth, channels, multiplier] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      a.dilations ?? 1,
      a.pad,
      a.dimRoundingMode,
      true,
    );
    return withWasmScope(backend, (scope) => {
      const stuffed = scope.zeroStuff(dy, [1, 2], [info.strideHeight, info.strideWidth]);
      const beforeH = (filterHeight - 1) * info.dilationHeight - info.padInfo.top;
      const beforeW = (filterWidth - 1) * info.dilationWidth - info.padInfo.left;
      const afterH = info.inHeight + (filterHeight - 1) * info.dilationHeight - beforeH - stuffed.shape[1];
      const afterW = info.inWidth + (filterWidth - 1) * info.dilationWidth - beforeW - stuffed.shape[2];
      const input = scope.padOrCrop(stuffed, [
        [0, 0],
        [Math.min(0, beforeH), Math.min(0, afterH)],
        [Math.min(0, beforeW), Math.min(0, afterW)],
        [0, 0],
      ]);
      const flipped = scope.reverse(
        scope.reshape(filter, [filterHeight, filterWidth, channels * multiplier, 1]),
        [0, 1],
      );
      const perOutput = scope.run(
        'DepthwiseConv2dNative',
        {x: input, filter: flipped},
        {
          strides: [1, 1],
          dilations: [info.dilationHeight, info.dilationWidth],
          pad: [
            [0, 0],
            [Math.max(0, beforeH), Math.max(0, afterH)],
            [Math.max(0, beforeW), Math.max(0, afterW)],
            [0, 0],
          ],
        },
      );
      if (multiplier === 1) {
        return perOutput;
      }
      const [n, h, w] = perOutput.shape;
      return scope.sum(scope.reshape(perOutput, [n, h, w, channels, multiplier]), [4]);
    });
  },
};
