import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput} from './internal/elementwise_op';
import * as scalar from './internal/scalar_normal';

const erfcxDerivativeOp = defineElementwiseOp(
  {kernelName: 'TfpErfcxDerivative', inputNames: ['x'], scalar: scalar.erfcxDerivative},
  'erfcx gradient',
);
const logerfcDerivativeOp = defineElementwiseOp(
  {kernelName: 'TfpLogerfcDerivative', inputNames: ['x'], scalar: scalar.logerfcDerivative},
  'logerfc gradient',
);
const logerfcxDerivativeOp = defineElementwiseOp(
  {kernelName: 'TfpLogerfcxDerivative', inputNames: ['x'], scalar: scalar.logerfcxDerivative},
  'logerfcx gradient',
);

const erfcxOp = defineElementwiseOp(
  {
    kernelName: 'TfpErfcx',
    inputNames: ['x'],
    scalar: scalar.erfcx,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, erfcxDerivativeOp(x))}),
  },
  'erfcx',
);
const logerfcOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogerfc',
    inputNames: ['x'],
    scalar: scalar.logerfc,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, logerfcDerivativeOp(x))}),
  },
  'logerfc',
);
const logerfcxOp = defineElementwiseOp(
  {
    kernelName: 'TfpLogerfcx',
    inputNames: ['x'],
    scalar: scalar.logerfcx,
    gradient: (dy, [x]) => ({x: () => tf.mul(dy, logerfcxDerivativeOp(x))}),
  },
  'logerfcx',
);

/**
 * Scaled complementary error function exp(x^2) erfc(x) (TFP `tfp.math.erfcx`), finite and
 * relatively accurate for large x, +inf below x ~ -9.4 (float32 overflow).
 * Gradient: 2x erfcx(x) - 2/sqrt(pi).
 */
export function erfcx(x: TensorInput): tf.Tensor {
  return erfcxOp(x);
}

/** log(erfc(x)) (TFP `tfp.math.logerfc`), accurate far into the upper tail. Gradient: -2 / (sqrt(pi) erfcx(x)). */
export function logerfc(x: TensorInput): tf.Tensor {
  return logerfcOp(x);
}

/** log(erfcx(x)) (TFP `tfp.math.logerfcx`). Gradient: 2x - 2 / (sqrt(pi) erfcx(x)). */
export function logerfcx(x: TensorInput): tf.Tensor {
  return logerfcxOp(x);
}
