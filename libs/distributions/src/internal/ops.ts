import * as tf from '@tensorflow/tfjs';

/**
 * tfjs registers no gradient for comparison and logical kernels, so `tf.where(x < 0, a, b)` with x
 * on a differentiated path fails ("gradient function not found for Less") even though the
 * condition carries no gradient. TF treats these ops as non-differentiable (gradient None); this
 * registers the same: zero gradients for each input, only where no gradient is registered yet.
 */
const NON_DIFFERENTIABLE: Record<string, string[]> = {
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Equal: ['a', 'b'],
  NotEqual: ['a', 'b'],
  LogicalAnd: ['a', 'b'],
  LogicalOr: ['a', 'b'],
  LogicalNot: ['x'],
  IsNan: ['x'],
  IsInf: ['x'],
  IsFinite: ['x'],
};

export function registerNonDifferentiableGradients(): void {
  for (const [kernelName, inputs] of Object.entries(NON_DIFFERENTIABLE)) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: inputs,
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(saved[i]).cast('float32')])),
    });
  }
}

registerNonDifferentiableGradients();
