import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {matrixTranspose} from './matmul';
import {assertSquare, shapeString, TensorInput, toFloat32} from './shape_util';

/**
 * Throws unless every matrix in `x` [..., N, N] is symmetric positive definite: symmetric to
 * `symmetryTolerance` relative to its largest entry, and its Cholesky factorisation succeeds.
 * `name` names the argument in the message, which lists the failing batch members.
 */
export function assertPositiveDefinite(x: TensorInput, name = 'matrix', symmetryTolerance = 1e-5): void {
  const a = toFloat32(x, name);
  const shape = a.shape;
  const [factored, asymmetry] = tf.tidy(() => {
    assertSquare(a, 'assertPositiveDefinite', name);
    const ok = tf.all(tf.isFinite(cholesky(a)), [-2, -1]);
    const scale = tf.maximum(tf.max(tf.abs(a), [-2, -1]), 1e-30);
    const skew = tf.div(tf.max(tf.abs(tf.sub(a, matrixTranspose(a))), [-2, -1]), scale);
    return [tf.reshape(ok, [-1]), tf.reshape(skew, [-1])];
  });
  const finite = factored.dataSync();
  const skew = asymmetry.dataSync();
  factored.dispose();
  asymmetry.dispose();
  if (a !== x) a.dispose();
  const bad: string[] = [];
  for (let i = 0; i < finite.length; i++) {
    if (skew[i] > symmetryTolerance) {
      bad.push(`#${i} (not symmetric: relative asymmetry ${skew[i].toExponential(2)})`);
    } else if (!finite[i]) {
      bad.push(`#${i} (not positive definite)`);
    }
  }
  if (bad.length > 0) {
    throw new Error(
      `assertPositiveDefinite: ${name} of shape ${shapeString(shape)} must be symmetric positive definite; ` +
        `failing batch members (flattened index): ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', ...' : ''}`,
    );
  }
}
