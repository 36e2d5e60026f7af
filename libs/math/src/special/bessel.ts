import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_bessel';

const i0eDerivative = defineElementwiseOp(
  {kernelName: 'TfpBesselI0eDerivative', inputNames: ['x'], scalar: scalar.besselI0eDerivative},
  'besselI0e gradient',
);
const i1eDerivative = defineElementwiseOp(
  {kernelName: 'TfpBesselI1eDerivative', inputNames: ['x'], scalar: scalar.besselI1eDerivative},
  'besselI1e gradient',
);

const i0eOp = defineElementwiseOp(
  {
    kernelName: 'TfpBesselI0e',
    inputNames: ['x'],
    scalar: scalar.besselI0e,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, i0eDerivative(x))}),
  },
  'besselI0e',
);

const i1eOp = defineElementwiseOp(
  {
    kernelName: 'TfpBesselI1e',
    inputNames: ['x'],
    scalar: scalar.besselI1e,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, i1eDerivative(x))}),
  },
  'besselI1e',
);

/**
 * Exponentially scaled modified Bessel function of order 0, exp(-|x|) I0(x) (TF `bessel_i0e`).
 * Gradient: i1e(x) - sign(x) i0e(x).
 */
export function besselI0e(x: TensorInput): tf.Tensor {
  return i0eOp(x);
}

/**
 * Exponentially scaled modified Bessel function of order 1, exp(-|x|) I1(x) (TF `bessel_i1e`).
 * Gradient: i0e(x) - i1e(x) (sign(x) + 1/x), 1/2 at 0.
 */
export function besselI1e(x: TensorInput): tf.Tensor {
  return i1eOp(x);
}
