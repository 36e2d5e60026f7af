import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_betaincinv';

const derivativeA = defineElementwiseOp(
  {kernelName: 'TfpBetaincinvGradA', inputNames: ['a', 'b', 'p'], scalar: scalar.betaincinvDerivativeA},
  'betaincinv gradient in a',
);
const derivativeB = defineElementwiseOp(
  {kernelName: 'TfpBetaincinvGradB', inputNames: ['a', 'b', 'p'], scalar: scalar.betaincinvDerivativeB},
  'betaincinv gradient in b',
);
const derivativeP = defineElementwiseOp(
  {kernelName: 'TfpBetaincinvGradP', inputNames: ['a', 'b', 'p'], scalar: scalar.betaincinvDerivativeP},
  'betaincinv gradient in p',
);

const betaincinvOp = defineElementwiseOp(
  {
    kernelName: 'TfpBetaincinv',
    inputNames: ['a', 'b', 'p'],
    scalar: scalar.betaincinv,
    gradient: (dy, [a, b, p]) => ({
      a: () => tf.mul(dy, derivativeA(a, b, p)),
      b: () => tf.mul(dy, derivativeB(a, b, p)),
      p: () => tf.mul(dy, derivativeP(a, b, p)),
    }),
  },
  'betaincinv',
);

/**
 * Inverse of the regularized incomplete beta function in x: the x in [0, 1] with
 * I_x(a, b) = p (scipy's `betaincinv`), with broadcasting; NaN for a <= 0, b <= 0 or p outside
 * [0, 1]. Relative accuracy at both ends of x and both tails of p. Gradients by implicit
 * differentiation (float64 kernels): dx/dp = 1 / f(x), dx/da = -(dI/da) / f(x),
 * dx/db = -(dI/db) / f(x), f(x) = x^(a-1) (1-x)^(b-1) / B(a, b).
 */
export function betaincinv(a: TensorInput, b: TensorInput, p: TensorInput): tf.Tensor {
  return betaincinvOp(a, b, p);
}
