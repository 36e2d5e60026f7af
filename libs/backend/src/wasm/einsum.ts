import * as tf from '@tensorflow/tfjs';
import {withWasmScope} from './wasm_kernel_scope';

/**
 * Einsum for 'wasm' (TF's `Einsum`): following tfjs's compute path, each operand is transposed
 * into the order of all the equation's dimensions with size-1 axes for the ones it lacks, the
 * operands of a step are multiplied (broadcasting), and each summed dimension is reduced as
 * soon as no later operand needs it.
 */
export const einsumConfig: tf.KernelConfig = {
  kernelName: 'Einsum',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const operands = inputs as unknown as tf.TensorInfo[];
    const {equation} = attrs as unknown as tf.EinsumAttrs;
    const {allDims, summedDims, idDims} = tf.backend_util.decodeEinsumEquation(equation, operands.length);
    tf.backend_util.checkEinsumDimSizes(allDims.length, idDims, operands as unknown as tf.Tensor[]);
    const {path, steps} = tf.backend_util.getEinsumComputePath(summedDims, idDims);
    return withWasmScope(backend, (scope) => {
      let out: tf.TensorInfo | undefined;
      let remaining = allDims.length;
      steps.forEach((step, i) => {
        for (const operand of step) {
          const {permutationIndices, expandDims} = tf.backend_util.getEinsumPermutation(remaining, idDims[operand]);
          const moved = scope.transpose(operands[operand], permutationIndices);
          const shape = moved.shape.slice();
          for (const axis of expandDims) {
            shape.splice(axis, 0, 1);
          }
          const aligned = tf.util.arraysEqual(shape, moved.shape) ? moved : scope.reshape(moved, shape);
          out = out === undefined ? aligned : scope.run('Multiply', {a: aligned, b: out});
        }
        if (i < steps.length - 1) {
          if (path[i] >= 0) {
            out = scope.sum(out!, [path[i] - (allDims.length - remaining)]);
          }
          remaining--;
        }
      });
      // A result that is still one of the inputs (e.g. 'ij->ij') must be returned as a copy.
      return operands.includes(out!) ? scope.run('Identity', {x: out!}) : out!;
    });
  },
};
