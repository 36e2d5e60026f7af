import * as tf from '@tensorflow/tfjs';
import {RELU_GRAD} from '../wasm/relu_grad';

/**
 * dy * step(x): one fused TfpReluGrad kernel where the active backend has one (wasm), else
 * tfjs's own formula mul(dy, cast(step(x), 'float32')).
 */
export function reluBackprop(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (tf.getKernel(RELU_GRAD, tf.getBackend()) !== undefined && dy.dtype === 'float32' && x.dtype === 'float32') {
    return tf.engine().runKernel(RELU_GRAD, {dy, x}) as tf.Tensor;
  }
  return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

/** Relu's gradient through reluBackprop (same values as tfjs's, one kernel on wasm). */
export const reluGradient: tf.GradConfig = {
  kernelName: 'Relu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {x: () => reluBackprop(dy as tf.Tensor, x)};
  },
};

/**
 * TfpReluGrad's own gradient, so that second derivatives through relu still work: linear in
 * dy with the same mask, and piecewise constant in x (zero gradient, as tfjs's step has).
 */
export const reluBackpropGradient: tf.GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved) => {
    const [x] = saved;
    return {dy: () => reluBackprop(ddx as tf.Tensor, x), x: () => tf.zerosLike(x)};
  },
};
