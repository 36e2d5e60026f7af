import * as tf from '@tensorflow/tfjs';
import {withWasmScope, type WasmKernelScope} from './wasm_kernel_scope';

/** Applies a fused-matmul activation with the wasm backend's own elementwise kernels. */
function activate(scope: WasmKernelScope, x: tf.TensorInfo, attrs: tf.NamedAttrMap, inputs: tf.NamedTensorInfoMap): tf.TensorInfo {
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return scope.run('Relu', {x});
    case 'relu6':
      return scope.run('Relu6', {x});
    case 'elu':
      return scope.run('Elu', {x});
    case 'sigmoid':
      return scope.run('Sigmoid', {x});
    case 'leakyrelu':
      return scope.run('LeakyRelu', {x}, {alpha: attrs.leakyreluAlpha as number});
    case 'prelu':
      return scope.run('Prelu', {x, alpha: inputs.preluActivationWeights as tf.TensorInfo});
    default:
      throw new Error(`_FusedMatMul on wasm: unknown activation '${activation}'`);
  }
}

/**
 * Wraps the wasm backend's BatchMatMul or _FusedMatMul. transposeA/transposeB are done by the
 * (fast) Transpose kernel first: tfjs 4.22's wasm matmul reads transposed operands with
 * strided loops about 10x slower than the plain product, and dense layers' gradients
 * (dW = x^T dy, dx = dy W^T) always ask for them. And a batched (rank > 2) _FusedMatMul with
 * a bias is computed as matmul, Add, activation, because the wasm kernel adds the bias
 * wrongly there.
 */
export function matMulWithoutTransposeFlags(original: tf.KernelConfig): tf.KernelConfig {
  const fused = original.kernelName === '_FusedMatMul';
  return {
    kernelName: original.kernelName,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: ({inputs, backend, attrs}) => {
      const {transposeA, transposeB} = attrs as unknown as {transposeA: boolean; transposeB: boolean};
      const a = inputs.a as tf.TensorInfo;
      const b = inputs.b as tf.TensorInfo;
      const batchedBias = fused && inputs.bias != null && (a.shape.length > 2 || b.shape.length > 2);
      if (!transposeA && !transposeB && !batchedBias) {
        return original.kernelFunc({inputs, backend, attrs});
      }
      return withWasmScope(backend, (scope) => {
        const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
          const perm = x.shape.map((_, i) => i);
          const rank = perm.length;
          [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
          return scope.run('Transpose', {x}, {perm});
        };
        const operands = {a: transposeA ? swapLastTwo(a) : a, b: transposeB ? swapLastTwo(b) : b};
        if (!batchedBias) {
          return scope.run(original.kernelName, {...inputs, ...operands}, {
            ...attrs,
            transposeA: false,
            transposeB: false,
          });
        }
        const product = scope.run('BatchMatMul', operands, {transposeA: false, transposeB: false});
        const biased = scope.run('Add', {a: product, b: inputs.bias as tf.TensorInfo});
        return activate(scope, biased, attrs ?? {}, inputs);
      });
    },
  };
}
