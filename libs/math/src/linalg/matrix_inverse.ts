import * as tf from '@tensorflow/tfjs';
import {readFloat32, registerGradientOnce, registerJsKernel, runKernel, writeFloat32} from './kernel_util';
import {luInPlace, luInverse} from './lu';
import {matmul} from './matmul';
import {assertSquare, TensorInput, toFloat32} from './shape_util';

export const MATRIX_INVERSE_KERNEL = 'TfpMatrixInverse';

registerJsKernel(MATRIX_INVERSE_KERNEL, ({inputs, backend}) => {
  const x = inputs.x as tf.TensorInfo;
  const n = x.shape[x.shape.length - 1];
  const values = readFloat32(backend, x);
  const out = new Float32Array(values.length);
  const a = new Float64Array(n * n);
  const inv = new Float64Array(n * n);
  for (let offset = 0; offset < values.length; offset += n * n) {
    for (let i = 0; i < n * n; i++) a[i] = values[offset + i];
    const {perm, singular} = luInPlace(a, n);
    if (singular) {
      out.fill(NaN, offset, offset + n * n);
      continue;
    }
    luInverse(a, perm, n, inv);
    for (let i = 0; i < n * n; i++) out[offset + i] = inv[i];
  }
  return writeFloat32(backend, x.shape, out);
});

/** Gradient of Y = A^-1: dA = -Y^T dY Y^T. */
registerGradientOnce({
  kernelName: MATRIX_INVERSE_KERNEL,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved;
    return {x: () => tf.tidy(() => tf.neg(matmul(matmul(y, dy as tf.Tensor, true, false), y, false, true)))};
  },
});

/**
 * Inverse of each square matrix (`tf.linalg.inv`), by LU decomposition with partial pivoting in
 * float64; meant for small matrices. Exactly singular matrices give NaN.
 */
export function matrixInverse(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const a = toFloat32(x, 'x');
    assertSquare(a, 'matrixInverse', 'x');
    return runKernel(MATRIX_INVERSE_KERNEL, {x: a});
  });
}
