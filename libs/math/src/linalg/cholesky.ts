import * as tf from '@tensorflow/tfjs';
import {triangle} from './band';
import {setDiag, matrixDiagPart} from './diag';
import {readFloat32, registerGradientOnce, registerJsKernel, runKernel, writeFloat32} from './kernel_util';
import {matmul, matrixTranspose} from './matmul';
import {assertSquare, TensorInput, toFloat32} from './shape_util';
import {triangularSolve} from './triangular_solve';

export const CHOLESKY_KERNEL = 'TfpCholesky';

/**
 * Cholesky factors of a batch of n x n matrices laid out contiguously in `a` (only the lower
 * triangle is read), accumulated in float64. A matrix that is not positive definite (a pivot
 * <= 0 or NaN) yields a factor full of NaN, as TF does on accelerators.
 */
export function choleskyValues(a: Float32Array, n: number): Float32Array {
  const out = new Float32Array(a.length);
  const l = new Float64Array(n * n);
  for (let offset = 0; offset < a.length; offset += n * n) {
    l.fill(0);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let pivot = a[offset + j * n + j];
      for (let k = 0; k < j; k++) pivot -= l[j * n + k] * l[j * n + k];
      if (!(pivot > 0) || !Number.isFinite(pivot)) {
        ok = false;
        break;
      }
      const ljj = Math.sqrt(pivot);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[offset + i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / ljj;
      }
    }
    if (ok) {
      for (let i = 0; i < n * n; i++) out[offset + i] = l[i];
    } else {
      out.fill(NaN, offset, offset + n * n);
    }
  }
  return out;
}

registerJsKernel(CHOLESKY_KERNEL, ({inputs, backend}) => {
  const x = inputs.x as tf.TensorInfo;
  const n = x.shape[x.shape.length - 1];
  return writeFloat32(backend, x.shape, choleskyValues(readFloat32(backend, x), n));
});

/**
 * Gradient of A -> L = chol(A) (Murray 2016, as in TF): with Phi(X) the lower triangle of X with
 * its diagonal halved, dA = sym(L^-T Phi(L^T dL) L^-1), sym(X) = (X + X^T) / 2.
 */
export function choleskyGrad(l: tf.Tensor, dl: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const middle = matmul(l, dl, true, false);
    const phi = setDiag(triangle(middle, true), tf.mul(0.5, matrixDiagPart(middle)));
    const left = triangularSolve(l, phi, true, true);
    const grad = matrixTranspose(triangularSolve(l, matrixTranspose(left), true, true));
    return tf.mul(0.5, tf.add(grad, matrixTranspose(grad)));
  });
}

registerGradientOnce({
  kernelName: CHOLESKY_KERNEL,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [l] = saved;
    return {x: () => choleskyGrad(l, dy as tf.Tensor)};
  },
});

/**
 * Lower Cholesky factor L of each symmetric positive-definite matrix, A = L L^T
 * (`tf.linalg.cholesky`). Only the lower triangle of `x` is read. Matrices that are not positive
 * definite give NaN factors (see assertPositiveDefinite for a validating check).
 */
export function cholesky(x: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const a = toFloat32(x, 'x');
    assertSquare(a, 'cholesky', 'x');
    return runKernel(CHOLESKY_KERNEL, {x: a});
  });
}
