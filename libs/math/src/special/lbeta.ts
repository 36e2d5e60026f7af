import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_gamma';

/** d lbeta / da = digamma(a) - digamma(a + b), in float64 without cancellation when b << a or a << b. */
const lbetaDerivativeA = defineElementwiseOp(
  {kernelName: 'TfpLbetaGradA', inputNames: ['a', 'b'], scalar: (a, b) => scalar.digammaDifference(a, b)},
  'lbeta gradient',
);

const lbetaOp = defineElementwiseOp(
  {
    kernelName: 'TfpLbeta',
    inputNames: ['a', 'b'],
    scalar: scalar.lbeta,
    gradient: (dy, [a, b]) => ({
      a: () => tf.mul(dy, lbetaDerivativeA(a, b)),
      b: () => tf.mul(dy, lbetaDerivativeA(b, a)),
    }),
  },
  'lbeta',
);

/**
 * log Beta(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), elementwise with broadcasting
 * (TFP `tfp.math.lbeta`, here on two broadcast arguments rather than a last axis), computed
 * without cancellation when one argument is large. NaN for negative arguments.
 * Gradient: digamma(a) - digamma(a + b), and symmetrically for b (float64 kernels).
 */
export function lbeta(a: TensorInput, b: TensorInput): tf.Tensor {
  return lbetaOp(a, b);
}
