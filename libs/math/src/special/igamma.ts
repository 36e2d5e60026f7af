import * as tf from '@tensorflow/tfjs';
import {digamma} from './gamma';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_igamma';

/** dP/da, a float64 kernel (forward-mode derivative of the series / continued fraction). */
const igammaDerivativeAOp = defineElementwiseOp(
  {kernelName: 'TfpIgammaGradA', inputNames: ['a', 'x'], scalar: scalar.igammaDerivativeA},
  'igamma gradient in a',
);

/**
 * dP/dx = f = x^(a-1) e^-x / Gamma(a), a float64 kernel; its own gradients are
 * df/dx = f ((a - 1)/x - 1) and df/da = f (log x - digamma(a)).
 */
const igammaDerivativeXOp = defineElementwiseOp(
  {
    kernelName: 'TfpIgammaGradX',
    inputNames: ['a', 'x'],
    scalar: scalar.igammaDerivativeX,
    gradient: (dy, [a, x], f) => ({
      a: () => tf.mul(dy, tf.mul(f, tf.sub(tf.log(x), digamma(a)))),
      x: () => tf.mul(dy, tf.mul(f, tf.sub(tf.div(tf.sub(a, 1), x), 1))),
    }),
  },
  'igamma gradient in x',
);

const igammaOp = defineElementwiseOp(
  {
    kernelName: 'TfpIgamma',
    inputNames: ['a', 'x'],
    scalar: scalar.igamma,
    gradient: (dy, [a, x]) => ({
      a: () => tf.mul(dy, igammaDerivativeAOp(a, x)),
      x: () => tf.mul(dy, igammaDerivativeXOp(a, x)),
    }),
  },
  'igamma',
);

const igammacOp = defineElementwiseOp(
  {
    kernelName: 'TfpIgammac',
    inputNames: ['a', 'x'],
    scalar: scalar.igammac,
    gradient: (dy, [a, x]) => ({
      a: () => tf.neg(tf.mul(dy, igammaDerivativeAOp(a, x))),
      x: () => tf.neg(tf.mul(dy, igammaDerivativeXOp(a, x))),
    }),
  },
  'igammac',
);

/**
 * Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a) (TF `igamma`), with
 * broadcasting; NaN for a <= 0 or x < 0. Gradients in x (the Gamma(a) density) and in a
 * (forward-mode through the series / continued fraction, Temme's expansion for large a).
 */
export function igamma(a: TensorInput, x: TensorInput): tf.Tensor {
  return igammaOp(a, x);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x) (TF `igammac`), relatively accurate
 * in the upper tail and for tiny a. Gradients as `igamma`, negated.
 */
export function igammac(a: TensorInput, x: TensorInput): tf.Tensor {
  return igammacOp(a, x);
}
