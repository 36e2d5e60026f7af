import * as tf from '@tensorflow/tfjs';

const stopGradientOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return {value: tf.clone(x), gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)]};
});

/** Identity whose gradient is zero (TF's `tf.stop_gradient`). */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return stopGradientOp(x) as tf.Tensor;
}
