import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {matrixDiagPart} from './diag';
import {readFloat32, registerJsKernel, writeFloat32} from './kernel_util';
import {luInPlace} from './lu';
import {matrixInverse} from './matrix_inverse';
import {matrixTranspose} from './matmul';
import {assertSquare, TensorInput, toFloat32} from './shape_util';

export const SLOGDET_KERNEL = 'TfpSlogdet';

registerJsKernel(SLOGDET_KERNEL, ({inputs, backend}) => {
  const x = inputs.x as tf.TensorInfo;
  const n = x.shape[x.shape.length - 1];
  const values = readFloat32(backend, x);
  const batchShape = x.shape.slice(0, -2);
  const batch = batchShape.reduce((a, b) => a * b, 1);
  const signs = new Float32Array(batch);
  const logs = new Float32Array(batch);
  const a = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n * n; i++) a[i] = values[b * n * n + i];
    const lu = luInPlace(a, n);
    if (lu.singular) {
      signs[b] = 0;
      logs[b] = -Infinity;
      continue;
    }
    let sign = lu.sign;
    let logAbs = 0;
    for (let i = 0; i < n; i++) {
      const u = a[i * n + i];
      if (u < 0) sign = -sign;
      logAbs += Math.log(Math.abs(u));
    }
    signs[b] = sign;
    logs[b] = logAbs;
  }
  return [writeFloat32(backend, batchShape, signs), writeFloat32(backend, batchShape, logs)];
});

/**
 * Sign and log|det| of each square matrix (`tf.linalg.slogdet`), by LU decomposition with
 * partial pivoting in float64. Gradient of log|det A| with respect to A: A^-T.
 */
export function slogdet(x: TensorInput): {sign: tf.Tensor; logAbsDeterminant: tf.Tensor} {
  return tf.tidy(() => {
    const a = toFloat32(x, 'x');
    assertSquare(a, 'slogdet', 'x');
    const run = () => tf.engine().runKernel(SLOGDET_KERNEL, {x: a}, {}) as tf.Tensor[];
    const logAbs = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([input]);
      return {
        value: run()[1],
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.mul(tf.expandDims(tf.expandDims(dy, -1), -1), matrixTranspose(matrixInverse(saved[0]))),
      };
    });
    return {sign: run()[0], logAbsDeterminant: logAbs(a)};
  });
}

/** log|det A| of each square matrix (the second output of `tf.linalg.slogdet`). */
export function logAbsDeterminant(x: TensorInput): tf.Tensor {
  return tf.tidy(() => slogdet(x).logAbsDeterminant);
}

/** log det of SPD matrices given their Cholesky factors: 2 sum(log diag(L)). */
export function choleskyLogDeterminant(chol: TensorInput): tf.Tensor {
  return tf.tidy(() => {
    const l = toFloat32(chol, 'chol');
    assertSquare(l, 'choleskyLogDeterminant', 'chol');
    return tf.mul(2, tf.sum(tf.log(matrixDiagPart(l)), -1));
  });
}

/** log det of symmetric positive-definite matrices via Cholesky (`tf.linalg.logdet`). */
export function logDet(x: TensorInput): tf.Tensor {
  return tf.tidy(() => choleskyLogDeterminant(cholesky(x)));
}
