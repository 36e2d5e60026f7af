import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp} from './elementwise_op';

const stopGradientOp = defineElementwiseOp(
  {
    kernelName: 'TfpStopGradient',
    inputNames: ['x'],
    scalar: (x) => x,
    gradient: (_dy, [x]) => ({x: () => tf.zerosLike(x)}),
  },
  'stopGradient',
);

/** Identity whose gradient is zero (TF `stop_gradient`), for float32 tensors. */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return stopGradientOp(x);
}
