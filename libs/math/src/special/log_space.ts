import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_log_space';

// Derivatives of the one-argument helpers are float64 kernels (float32 expm1 differs between backends).
// Their gradients (second derivatives) are written through the first derivative g and two more
// float64 kernels: log1mexp'' = -|g| (1 + |g|), softplusInverse'' = -g / expm1(x), tanh' = sech^2.
const expm1ReciprocalOp = defineElementwiseOp(
  {kernelName: 'TfpExpm1Reciprocal', inputNames: ['x'], scalar: (x) => 1 / Math.expm1(x)},
  'softplusInverse second derivative',
);
const sech2Op = defineElementwiseOp(
  {kernelName: 'TfpSech2', inputNames: ['x'], scalar: (x) => (Math.abs(x) > 400 ? 0 : 1 / Math.cosh(x) ** 2)},
  'logCosh second derivative',
);
const log1mexpDerivativeOp = defineElementwiseOp(
  {
    kernelName: 'TfpLog1mexpDerivative',
    inputNames: ['x'],
    scalar: (x) => Math.sign(x) / Math.expm1(Math.abs(x)),
    gradient: (dy, _x, g) => ({x: () => tf.mul(dy, tf.neg(tf.mul(tf.abs(g), tf.add(1, tf.abs(g)))))}),
  },
  'log1mexp gradient',
);
const softplusInverseDerivativeOp = defineElementwiseOp(
  {
    kernelName: 'TfpSoftplusInverseDerivative',
    inputNames: ['x'],
    scalar: (x) => -1 / Math.expm1(-x),
    gradient: (dy, [x], g) => ({x: () => tf.mul(dy, tf.neg(tf.mul(g, expm1ReciprocalOp(x))))}),
  },
  'softplusInverse gradient',
);
const tanhOp = defineElementwiseOp(
  {
    kernelName: 'TfpTanh',
    inputNames: ['x'],
    scalar: Math.tanh,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, sech2Op(x))}),
  },
  'logCosh gradient',
);

const log1mexpOp = defineElementwiseOp(
  {
    kernelName: 'TfpLog1mexp',
    inputNames: ['x'],
    scalar: scalar.log1mexp,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, log1mexpDerivativeOp(x))}),
  },
  'log1mexp',
);

const softplusInverseOp = defineElementwiseOp(
  {
    kernelName: 'TfpSoftplusInverse',
    inputNames: ['x'],
    scalar: scalar.softplusInverse,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, softplusInverseDerivativeOp(x))}),
  },
  'softplusInverse',
);

const logAddExpOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogAddExp',
    inputNames: ['a', 'b'],
    scalar: scalar.logAddExp,
    gradient: (dy, [a, b]) => ({
      a: () => tf.mul(dy, tf.sigmoid(tf.sub(a, b))),
      b: () => tf.mul(dy, tf.sigmoid(tf.sub(b, a))),
    }),
  },
  'logAddExp',
);

const logCoshOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogCosh',
    inputNames: ['x'],
    scalar: scalar.logCosh,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, tanhOp(x))}),
  },
  'logCosh',
);

/**
 * log(1 - exp(-|x|)) (TFP `tfp.math.log1mexp`), stable for small and large |x|; -inf at 0.
 * Gradient: sign(x) / expm1(|x|).
 */
export function log1mexp(x: TensorInput): tf.Tensor {
  return log1mexpOp(x);
}

/**
 * Inverse of softplus, log(exp(x) - 1) (TFP `tfp.math.softplus_inverse`): NaN for x < 0, -inf at 0.
 * Gradient: 1 / (1 - exp(-x)).
 */
export function softplusInverse(x: TensorInput): tf.Tensor {
  return softplusInverseOp(x);
}

/**
 * log(exp(a) + exp(b)) elementwise with broadcasting (TFP `tfp.math.log_add_exp`).
 * Gradient: sigmoid(a - b) for a, sigmoid(b - a) for b.
 */
export function logAddExp(a: TensorInput, b: TensorInput): tf.Tensor {
  return logAddExpOp(a, b);
}

/** log(cosh(x)) (TFP `tfp.math.log_cosh`), exact near 0 and without overflow for large |x|. Gradient: tanh(x). */
export function logCosh(x: TensorInput): tf.Tensor {
  return logCoshOp(x);
}
