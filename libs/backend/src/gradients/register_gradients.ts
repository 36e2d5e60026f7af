import * as tf from '@tensorflow/tfjs';

/** Comparisons and logical ops: piecewise constant, so their gradient is zero (TF's None). */
const BINARY_NON_DIFFERENTIABLE = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];
const UNARY_NON_DIFFERENTIABLE = ['LogicalNot', 'IsNan', 'IsInf', 'IsFinite'];

function zeroGradient(kernelName: string, inputs: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(saved[i]).toFloat()])),
  };
}

/**
 * Unpack (tf.unstack) with a single output: tfjs 4.22 hands its gradient function one tensor
 * rather than an array and then fails in tf.stack, which breaks the gradient of
 * tf.linalg.bandPart for any unbatched or batch-1 matrix. The gradient is the stack of the
 * output gradients along `axis`.
 */
const unpackGradient: tf.GradConfig = {
  kernelName: 'Unpack',
  gradFunc: (dy, _saved, attrs) => {
    const {axis} = attrs as unknown as tf.UnpackAttrs;
    const parts = Array.isArray(dy) ? dy : [dy];
    return {value: () => tf.stack(parts, axis)};
  },
};

let registered = false;

/**
 * Completes and fixes tfjs 4.22's gradient registry for every backend: zero gradients for the
 * comparison and logical ops (so `tf.where(x > 0, ...)` differentiates in x, as in TF) and a
 * corrected Unpack gradient. Idempotent.
 */
export function registerGradients(): void {
  if (registered) {
    return;
  }
  registered = true;
  for (const name of BINARY_NON_DIFFERENTIABLE) {
    if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name, ['a', 'b']));
  }
  for (const name of UNARY_NON_DIFFERENTIABLE) {
    if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name, ['x']));
  }
  tf.registerGradient(unpackGradient);
}
