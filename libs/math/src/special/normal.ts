import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_normal';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

// Derivatives are float64 kernels too, so gradients keep float32 accuracy deep in the tails; their
// own gradients (second derivatives) are compositions of them.
const normalDensityOp = defineElementwiseOp(
  {
    kernelName: 'TfpNormalDensity',
    inputNames: ['x'],
    scalar: (x) => Math.exp(-0.5 * x * x) / SQRT_2PI,
    gradient: (dy, [x], density) => ({x: () => tf.mul(dy, tf.mul(tf.neg(x), density))}),
  },
  'ndtr gradient',
);
const ndtriDerivativeOp = defineElementwiseOp(
  {
    kernelName: 'TfpNdtriDerivative',
    inputNames: ['p'],
    scalar: (p) => SQRT_2PI * Math.exp(0.5 * scalar.ndtri(p) ** 2),
    // d/dp [1 / phi(ndtri(p))] = ndtri(p) / phi(ndtri(p))^2
    gradient: (dy, [p], derivative) => ({p: () => tf.mul(dy, tf.mul(ndtriOp(p), tf.square(derivative)))}),
  },
  'ndtri gradient',
);
const erfinvDerivativeOp = defineElementwiseOp(
  {
    kernelName: 'TfpErfinvDerivative',
    inputNames: ['y'],
    scalar: (y) => (Math.sqrt(Math.PI) / 2) * Math.exp(scalar.erfinv(y) ** 2),
    // d/dy [sqrt(pi)/2 exp(x^2)] = 2 x (sqrt(pi)/2 exp(x^2))^2 with x = erfinv(y)
    gradient: (dy, [y], derivative) => ({y: () => tf.mul(dy, tf.mul(tf.mul(2, erfinvOp(y)), tf.square(derivative)))}),
  },
  'erfinv gradient',
);

const ndtrOp = defineElementwiseOp(
  {
    kernelName: 'TfpNdtr',
    inputNames: ['x'],
    scalar: scalar.ndtr,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, normalDensityOp(x))}),
  },
  'ndtr',
);

const ndtriOp = defineElementwiseOp(
  {
    kernelName: 'TfpNdtri',
    inputNames: ['p'],
    scalar: scalar.ndtri,
    gradient: (dy, [p]) => ({p: () => tf.mul(dy, ndtriDerivativeOp(p))}),
  },
  'ndtri',
);

/** The inverse Mills ratio phi(x) / ndtr(x), evaluated in float64 (no underflow in the tail). */
const logNdtrDerivativeOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogNdtrDerivative',
    inputNames: ['x'],
    scalar: scalar.logNdtrDerivative,
    // d/dx m(x) = -m(x) (x + m(x)) for the inverse Mills ratio m = phi / ndtr
    gradient: (dy, [x], m) => ({x: () => tf.mul(dy, tf.neg(tf.mul(m, tf.add(x, m))))}),
  },
  'logNdtr gradient',
);

const logNdtrOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogNdtr',
    inputNames: ['x'],
    scalar: scalar.logNdtr,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, logNdtrDerivativeOp(x))}),
  },
  'logNdtr',
);

const erfinvOp = defineElementwiseOp(
  {
    kernelName: 'TfpErfinv',
    inputNames: ['y'],
    scalar: scalar.erfinv,
    gradient: (dy, [y]) => ({y: () => tf.mul(dy, erfinvDerivativeOp(y))}),
  },
  'erfinv',
);

/**
 * Standard normal CDF, ndtr(x) = (1 + erf(x / sqrt 2)) / 2 (TFP `tfp.math.ndtr`), relatively
 * accurate in the lower tail. Gradient: the normal density.
 */
export function ndtr(x: TensorInput): tf.Tensor {
  return ndtrOp(x);
}

/**
 * Inverse of ndtr (TFP `tfp.math.ndtri`): NaN outside [0, 1], -inf at 0, +inf at 1.
 * Gradient: sqrt(2 pi) exp(ndtri(p)^2 / 2).
 */
export function ndtri(p: TensorInput): tf.Tensor {
  return ndtriOp(p);
}

/**
 * log ndtr(x) (TFP `tfp.math.log_ndtr`), accurate far into the lower tail (x = -30 and below)
 * through the scaled complementary error function. Gradient: phi(x) / ndtr(x).
 */
export function logNdtr(x: TensorInput): tf.Tensor {
  return logNdtrOp(x);
}

/**
 * Inverse error function (TFP `tfp.math.erfinv`): NaN outside [-1, 1], +-inf at +-1.
 * Gradient: sqrt(pi) / 2 * exp(erfinv(y)^2).
 */
export function erfinv(y: TensorInput): tf.Tensor {
  return erfinvOp(y);
}
