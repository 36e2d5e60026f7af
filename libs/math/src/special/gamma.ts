import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_gamma';

const polygammaOp = defineElementwiseOp(
  {
    kernelName: 'TfpPolygamma',
    inputNames: ['n', 'x'],
    scalar: scalar.polygamma,
    gradient: (dy, [n, x]) => ({
      n: () => tf.zerosLike(n),
      x: () => tf.mul(dy, polygammaOp(tf.add(n, 1), x)),
    }),
  },
  'polygamma',
);

const digammaOp = defineElementwiseOp(
  {
    kernelName: 'TfpDigamma',
    inputNames: ['x'],
    scalar: scalar.digamma,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, polygammaOp(1, x))}),
  },
  'digamma',
);

const lgammaOp = defineElementwiseOp(
  {
    kernelName: 'TfpLgamma',
    inputNames: ['x'],
    scalar: scalar.lgamma,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, digammaOp(x))}),
  },
  'lgamma',
);

/**
 * log|Gamma(x)| elementwise (TFP/TF `lgamma`); +inf at x = 0, -1, -2, ...
 * Gradient: digamma(x).
 */
export function lgamma(x: TensorInput): tf.Tensor {
  return lgammaOp(x);
}

/**
 * Digamma psi(x) = d/dx log Gamma(x) elementwise (TF `digamma`); NaN at x = 0, -1, -2, ...
 * Gradient: polygamma(1, x).
 */
export function digamma(x: TensorInput): tf.Tensor {
  return digammaOp(x);
}

/**
 * Polygamma psi^(n)(x) = d^n/dx^n digamma(x) = (-1)^(n+1) n! zeta(n + 1, x) for integer n >= 0
 * (TF `polygamma(a, x)`); `n` and `x` broadcast. NaN for negative or non-integer n; at the poles
 * x = 0, -1, ... +inf for odd n and NaN for even n. Gradient in x: polygamma(n + 1, x); n is
 * an order, its gradient is zero.
 */
export function polygamma(n: TensorInput, x: TensorInput): tf.Tensor {
  return polygammaOp(n, x);
}

/** Trigamma psi'(x) = polygamma(1, x). */
export function trigamma(x: TensorInput): tf.Tensor {
  return polygammaOp(1, x);
}
