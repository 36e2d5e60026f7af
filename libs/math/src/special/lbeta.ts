import * as tf from '@tensorflow/tfjs';
import {digamma} from './gamma';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_gamma';

const lbetaOp = defineElementwiseOp(
  {
    kernelName: 'TfpLbeta',
    inputNames: ['a', 'b'],
    scalar: scalar.lbeta,
    gradient: (dy, [a, b]) => {
      const digammaSum = () => digamma(tf.add(a, b));
      return {
        a: () => tf.mul(dy, tf.sub(digamma(a), digammaSum())),
        b: () => tf.mul(dy, tf.sub(digamma(b), digammaSum())),
      };
    },
  },
  'lbeta',
);

/**
 * log Beta(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), elementwise with broadcasting
 * (TFP `tfp.math.lbeta`, here on two broadcast arguments rather than a last axis), computed
 * without cancellation when one argument is large. NaN for negative arguments.
 * Gradient: digamma(a) - digamma(a + b), and symmetrically for b.
 */
export function lbeta(a: TensorInput, b: TensorInput): tf.Tensor {
  return lbetaOp(a, b);
}
