import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * Conv2DBackpropFilter for 'wasm' (TF's `Conv2DBackpropFilter`): the filter gradient
 * dW[i, j, c, k] = sum_{n, p, q} x[n, p*s + i*d - pad, q*s + j*d - pad, c] * dy[n, p, q, k]
 * is itself a forward convolution, run by XNNPACK: the input is x transposed to
 * [c, h, w, n] (channels become the batch, the batch becomes the channels), the "filter" is
 * dy transposed to [p, q, n, k], and the roles of stride and dilation swap. Bottom/right rows
 * that the forward convolution never reached are cropped, so the output is exactly filterShape.
 */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs & {dilations?: number | [number, number]};
    const format = tf.backend_util.convertConv2DDataFormat(a.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      a.dilations ?? 1,
      a.pad,
      a.dimRoundingMode,
      false,
      format,
    );
    return withWasmScope(backend, (scope) => {
      const channelsFirst = format === 'channelsFirst';
      // x: [n, h, w, c] -> [c, h, w, n]; dy: [n, p, q, k] -> [p, q, n, k].
      const xT = scope.transpose(x, channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]);
      const dyT = scope.transpose(dy, channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]);
      const afterH =
        (info.filterHeight - 1) * info.dilationHeight +
        (info.outHeight - 1) * info.strideHeight +
        1 -
        info.inHeight -
        info.padInfo.top;
      const afterW =
        (info.filterWidth - 1) * info.dilationWidth +
        (info.outWidth - 1) * info.strideWidth +
        1 -
        info.inWidth -
        info.padInfo.left;
      const input = scope.padOrCrop(xT, [
        [0, 0],
        [0, Math.min(0, afterH)],
        [0, Math.min(0, afterW)],
        [0, 0],
      ]);
      const grad = scope.run(
        'Conv2D',
        {x: input, filter: dyT},
        {
          strides: [info.dilationHeight, info.dilationWidth],
          dilations: [info.strideHeight, info.strideWidth],
          pad: [
            [0, 0],
            [info.padInfo.top, Math.max(0, afterH)],
            [info.padInfo.left, Math.max(0, afterW)],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        },
      );
      // [c, i, j, k] -> [i, j, c, k]
      return scope.run('Transpose', {x: grad}, {perm: [1, 2, 0, 3]});
    });
  },
};
