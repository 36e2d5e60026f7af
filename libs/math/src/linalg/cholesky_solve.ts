import * as tf from '@tensorflow/tfjs';
import {TensorInput} from './shape_util';
import {triangularSolve} from './triangular_solve';

/**
 * Solves A X = B given the lower Cholesky factor L of A = L L^T (`tf.linalg.cholesky_solve`):
 * X = L^-T (L^-1 B), two triangular solves. Batch dimensions broadcast.
 */
export function choleskySolve(chol: TensorInput, rhs: TensorInput): tf.Tensor {
  return tf.tidy(() => triangularSolve(chol, triangularSolve(chol, rhs, true, false), true, true));
}
