import * as tf from '@tensorflow/tfjs';

/** A tensor argument: a tf.Tensor or anything tf.tensor accepts (numbers, nested arrays). */
export type TensorInput = tf.Tensor | tf.TensorLike;

/**
 * Converts to a float32 tensor (a float32 tf.Tensor is returned as is); `name` names the
 * argument when the value cannot be converted.
 */
export function toFloat32(x: TensorInput, name: string): tf.Tensor {
  if (x instanceof tf.Tensor) {
    return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
  }
  try {
    return tf.tensor(x as tf.TensorLike, undefined, 'float32');
  } catch (error) {
    throw new Error(
      `${name} must be a tf.Tensor, a number or a (nested, rectangular) array of numbers; ` +
        `got ${JSON.stringify(x)?.slice(0, 80)}: ${(error as Error).message}`,
    );
  }
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Numpy-style broadcast of two shapes; throws naming `what` and both shapes when they are
 * incompatible.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], what: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${what}: batch shapes ${shapeString(a)} and ${shapeString(b)} cannot be broadcast ` +
          `(dimension ${da} vs ${db}); expected equal dimensions or 1`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Broadcast of any number of shapes (see broadcastShapes). */
export function broadcastAllShapes(shapes: readonly (readonly number[])[], what: string): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(acc, s, what), []);
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Broadcasts `x` to `shape` (a no-op returning `x` itself when the shape already matches). */
export function broadcastToShape(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
  return shapesEqual(x.shape, shape) ? x : tf.broadcastTo(x, shape as number[]);
}

/** Throws unless `x` has rank >= 2 (a batch of matrices), naming the function and argument. */
export function assertMatrix(x: tf.Tensor, what: string, argument: string): void {
  if (x.rank < 2) {
    throw new Error(
      `${what}: ${argument} must have rank >= 2 (a batch of matrices [..., M, N]); got shape ${shapeString(x.shape)}`,
    );
  }
}

/** Throws unless `x` is a batch of square matrices. */
export function assertSquare(x: tf.Tensor, what: string, argument: string): void {
  assertMatrix(x, what, argument);
  const [m, n] = x.shape.slice(-2);
  if (m !== n) {
    throw new Error(
      `${what}: ${argument} must be a batch of square matrices [..., N, N]; got shape ${shapeString(x.shape)}`,
    );
  }
}

/**
 * For a single matrix A [..1, N, N] applied to a batch of right-hand sides B [...batch, N, K]:
 * B as one N x (prod(batch) K) matrix, and the function mapping a result [..1, M, prod(batch) K]
 * back to [...batch, M, K]. Lets one factorisation serve every batch member without copying A.
 */
export function foldBatchIntoColumns(b: tf.Tensor): {folded: tf.Tensor; unfold: (y: tf.Tensor) => tf.Tensor} {
  const batch = b.shape.slice(0, -2);
  const [n, k] = b.shape.slice(-2);
  const rank = b.rank;
  // [...batch, N, K] -> [N, ...batch, K] -> [N, prod(batch) K]
  const perm = [rank - 2, ...batch.map((_, i) => i), rank - 1];
  const folded = tf.reshape(tf.transpose(b, perm), [n, -1]);
  const unfold = (y: tf.Tensor) => {
    const m = y.shape[y.rank - 2];
    const expanded = tf.reshape(y, [m, ...batch, k]);
    const back = [...batch.map((_, i) => i + 1), 0, rank - 1];
    return tf.transpose(expanded, back);
  };
  return {folded, unfold};
}
