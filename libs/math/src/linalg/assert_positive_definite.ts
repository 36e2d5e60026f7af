import * as tf from '@tensorflow/tfjs';
import {cholesky} from './cholesky';
import {matrixTranspose} from './matmul';
import {assertSquare, shapeString, TensorInput, toFloat32} from './shape_util';

/** Per batch member (flattened): whether the Cholesky factor is finite, and the relative asymmetry. */
function positiveDefiniteChecks(a: tf.Tensor): {factored: Uint8Array | Int32Array | Float32Array; asymmetry: Float32Array} {
  const [factored, asymmetry] = tf.tidy(() => {
    const ok = tf.all(tf.isFinite(cholesky(a)), [-2, -1]);
    const scale = tf.maximum(tf.max(tf.abs(a), [-2, -1]), 1e-30);
    const skew = tf.div(tf.max(tf.abs(tf.sub(a, matrixTranspose(a))), [-2, -1]), scale);
    return [tf.reshape(ok, [-1]), tf.reshape(skew, [-1])];
  });
  const result = {factored: factored.dataSync(), asymmetry: asymmetry.dataSync() as Float32Array};
  tf.dispose([factored, asymmetry]);
  return result;
}

/**
 * Throws unless every matrix in `x` [..., N, N] is symmetric positive definite: symmetric to
 * `symmetryTolerance` relative to its largest entry, and its Cholesky factorisation succeeds.
 * `name` names the argument in the message, which lists the failing batch members.
 */
export function assertPositiveDefinite(x: TensorInput, name = 'matrix', symmetryTolerance = 1e-5): void {
  const a = toFloat32(x, name);
  try {
    assertSquare(a, 'assertPositiveDefinite', name);
    const {factored, asymmetry} = positiveDefiniteChecks(a);
    const bad: string[] = [];
    for (let i = 0; i < factored.length; i++) {
      if (asymmetry[i] > symmetryTolerance) {
        bad.push(`#${i} (not symmetric: relative asymmetry ${asymmetry[i].toExponential(2)})`);
      } else if (!factored[i]) {
        bad.push(`#${i} (not positive definite)`);
      }
    }
    if (bad.length > 0) {
      throw new Error(
        `assertPositiveDefinite: ${name} of shape ${shapeString(a.shape)} must be symmetric positive definite; ` +
          `failing batch members (flattened index): ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', ...' : ''}`,
      );
    }
  } finally {
    if (a !== x) a.dispose();
  }
}
