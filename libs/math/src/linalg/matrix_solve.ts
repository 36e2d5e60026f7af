import * as tf from '@tensorflow/tfjs';
import {matrixInverse} from './matrix_inverse';
import {matmul} from './matmul';
import {TensorInput} from './shape_util';

/**
 * Solves op(A) X = B for general square A (`tf.linalg.solve`, op(A) = A^T when `adjoint`),
 * through the LU-based matrixInverse; meant for small matrices. Batch dimensions broadcast.
 */
export function matrixSolve(matrix: TensorInput, rhs: TensorInput, adjoint = false): tf.Tensor {
  return tf.tidy(() => matmul(matrixInverse(matrix), rhs, adjoint, false));
}
