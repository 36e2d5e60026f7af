import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_igammainv';

/** dx/da = -(dP/da) / f(x), a float64 kernel (re-solving for x in float64). */
const derivativeA = defineElementwiseOp(
  {kernelName: 'TfpIgammainvGradA', inputNames: ['a', 'p'], scalar: scalar.igammainvDerivativeA},
  'igammainv gradient in a',
);

/** dx/dp = 1 / f(x), f the Gamma(a, 1) density, a float64 kernel. */
const derivativeP = defineElementwiseOp(
  {kernelName: 'TfpIgammainvGradP', inputNames: ['a', 'p'], scalar: scalar.igammainvDerivativeP},
  'igammainv gradient in p',
);

const igammainvOp = defineElementwiseOp(
  {
    kernelName: 'TfpIgammainv',
    inputNames: ['a', 'p'],
    scalar: scalar.igammainv,
    gradient: (dy, [a, p]) => ({
      a: () => tf.mul(dy, derivativeA(a, p)),
      p: () => tf.mul(dy, derivativeP(a, p)),
    }),
  },
  'igammainv',
);

/**
 * Inverse of the regularized lower incomplete gamma function in x: the x >= 0 with
 * P(a, x) = p (TF's `igammainv`, scipy's `gammaincinv`), with broadcasting; 0 at p = 0, +inf at
 * p = 1, NaN for a <= 0 or p outside [0, 1]. Relative accuracy in both tails of p (the upper one
 * through Q(a, x) = 1 - p). Gradients by implicit differentiation: dx/dp = 1 / f(x) and
 * dx/da = -(dP/da) / f(x), f(x) = x^(a-1) e^-x / Gamma(a).
 */
export function igammainv(a: TensorInput, p: TensorInput): tf.Tensor {
  return igammainvOp(a, p);
}

const igammacinvDerivativeA = defineElementwiseOp(
  {kernelName: 'TfpIgammacinvGradA', inputNames: ['a', 'q'], scalar: scalar.igammacinvDerivativeA},
  'igammacinv gradient in a',
);

const igammacinvDerivativeQ = defineElementwiseOp(
  {kernelName: 'TfpIgammacinvGradQ', inputNames: ['a', 'q'], scalar: scalar.igammacinvDerivativeQ},
  'igammacinv gradient in q',
);

const igammacinvOp = defineElementwiseOp(
  {
    kernelName: 'TfpIgammacinv',
    inputNames: ['a', 'q'],
    scalar: scalar.igammacinv,
    gradient: (dy, [a, q]) => ({
      a: () => tf.mul(dy, igammacinvDerivativeA(a, q)),
      q: () => tf.mul(dy, igammacinvDerivativeQ(a, q)),
    }),
  },
  'igammacinv',
);

/**
 * Inverse of the regularized upper incomplete gamma function in x: the x >= 0 with Q(a, x) = q
 * (TFP's `igammacinv`, scipy's `gammainccinv`), relatively accurate for q near 0 where
 * igammainv(a, 1 - q) would see 1 - q rounded to 1; +inf at q = 0, 0 at q = 1. Gradients:
 * dx/dq = -1 / f(x), dx/da = -(dP/da) / f(x).
 */
export function igammacinv(a: TensorInput, q: TensorInput): tf.Tensor {
  return igammacinvOp(a, q);
}
