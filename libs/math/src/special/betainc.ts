import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_betainc';

const derivativeA = defineElementwiseOp(
  {kernelName: 'TfpBetaincGradA', inputNames: ['a', 'b', 'x'], scalar: scalar.betaincDerivativeA},
  'betainc gradient in a',
);
const derivativeB = defineElementwiseOp(
  {kernelName: 'TfpBetaincGradB', inputNames: ['a', 'b', 'x'], scalar: scalar.betaincDerivativeB},
  'betainc gradient in b',
);
const derivativeX = defineElementwiseOp(
  {kernelName: 'TfpBetaincGradX', inputNames: ['a', 'b', 'x'], scalar: scalar.betaincDerivativeX},
  'betainc gradient in x',
);

const betaincOp = defineElementwiseOp(
  {
    kernelName: 'TfpBetainc',
    inputNames: ['a', 'b', 'x'],
    scalar: scalar.betainc,
    gradient: (dy, [a, b, x]) => ({
      a: () => tf.mul(dy, derivativeA(a, b, x)),
      b: () => tf.mul(dy, derivativeB(a, b, x)),
      x: () => tf.mul(dy, derivativeX(a, b, x)),
    }),
  },
  'betainc',
);

/**
 * Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b) (TF `betainc`), with broadcasting;
 * NaN for a <= 0, b <= 0 or x outside [0, 1]. Gradients in x (the Beta(a, b) density) and in a
 * and b (forward-mode through the continued fraction).
 */
export function betainc(a: TensorInput, b: TensorInput, x: TensorInput): tf.Tensor {
  return betaincOp(a, b, x);
}
