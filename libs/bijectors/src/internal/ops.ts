import * as tf from '@tensorflow/tfjs';

/**
 * `asinh(x)`, odd-symmetric and free of cancellation for large |x| (tf.asinh computes
 * log(x + sqrt(x^2 + 1)), which loses every digit for x << 0). Gradient `1 / sqrt(1 + x^2)`.
 */
export const asinh = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const value = tf.tidy(() => {
    const a = tf.abs(x);
    // |x| > 1e9: asinh = log(2|x|) to float32 precision, and |x|^2 would overflow.
    const big = tf.greater(a, 1e9);
    const safe = tf.where(big, tf.onesLike(a), a);
    const sq = tf.square(safe);
    const moderate = tf.log1p(tf.add(safe, tf.div(sq, tf.add(1, tf.sqrt(tf.add(1, sq))))));
    return tf.mul(tf.sign(x), tf.where(big, tf.add(tf.log(a), Math.LN2), moderate));
  });
  save([x]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.div(dy, tf.sqrt(tf.add(1, tf.square(saved[0])))),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** `log(1 + x^2) / 2 = log m + log1p(q^2) / 2` with `m = max(|x|, 1)`, `q = min(|x|, 1) / m`: no overflow of x^2. */
export function halfLog1pSquare(x: tf.Tensor): tf.Tensor {
  const a = tf.abs(x);
  const m = tf.maximum(a, 1);
  const q = tf.div(tf.minimum(a, 1), m);
  return tf.add(tf.log(m), tf.mul(0.5, tf.log1p(tf.square(q))));
}

/**
 * The lower triangle (diagonal included) of [..., n, n], by a constant 0/1 mask. (tf.linalg.bandPart's
 * gradient fails in tfjs 4.22 when the flattened batch is 1: its Unpack gradient receives a single
 * tensor; the mask keeps trainable scaleTril parameters differentiable.)
 */
export function lowerTriangle(x: tf.Tensor): tf.Tensor {
  const n = x.shape[x.rank - 1];
  const mask = tf.buffer([n, n], 'float32');
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) mask.set(1, i, j);
  return tf.mul(x, mask.toTensor());
}

/**
 * Cumulative sum along `axis`, as a product with a triangular ones matrix. (tf.cumsum on the wasm
 * backend reads out of bounds for some shapes in tfjs 4.22, and its gradient transposes wrongly for
 * an axis other than the last.)
 */
export function cumsum(x: tf.Tensor, axis: number): tf.Tensor {
  const ax = axis < 0 ? x.rank + axis : axis;
  const perm = x.shape.map((_, i) => i);
  perm.splice(ax, 1);
  perm.push(ax);
  const moved = ax === x.rank - 1 ? x : tf.transpose(x, perm);
  const n = x.shape[ax];
  const upper = tf.buffer([n, n], 'float32');
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) upper.set(1, i, j);
  const summed = tf.reshape(tf.matMul(tf.reshape(moved, [-1, n]), upper.toTensor()), moved.shape);
  if (ax === x.rank - 1) return summed;
  const back = perm.map((_, i) => perm.indexOf(i));
  return tf.transpose(summed, back);
}
