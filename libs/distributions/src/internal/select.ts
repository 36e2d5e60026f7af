import * as tf from '@tensorflow/tfjs';

/**
 * `cond ? a : b` elementwise with broadcasting, like `tf.where`, but broadcasting each operand with
 * a fill or a broadcasting float Add instead of `tf.where`'s `broadcastTo`: that is a Tile, and
 * tfjs-backend-wasm 4.22's Tile kernel takes ~100 ms per 1e6 elements (40x an Add), which made a
 * scalar-parameter logProb over 1e6 points spend most of its time tiling. Gradients are those of
 * `tf.where` (the broadcast operands' gradients are summed back by the Add's gradient).
 */
export function select(cond: tf.Tensor, a: tf.Tensor | number, b: tf.Tensor | number): tf.Tensor {
  return tf.tidy(() => {
    const shapeOf = (v: tf.Tensor | number) => (typeof v === 'number' ? [] : v.shape);
    const shape = tf.backend_util.assertAndGetBroadcastShape(
      tf.backend_util.assertAndGetBroadcastShape(cond.shape, shapeOf(a)),
      shapeOf(b),
    );
    const full = (v: tf.Tensor | number): tf.Tensor => {
      if (typeof v === 'number') return tf.fill(shape, v);
      return sameShape(v.shape, shape) ? v : tf.add(v, tf.zeros(shape));
    };
    // (wasm's broadcasting LogicalAnd is as slow as its Tile; a float Add is not.)
    const c = sameShape(cond.shape, shape) ? cond : tf.notEqual(tf.add(tf.cast(cond, 'float32'), tf.zeros(shape)), 0);
    return tf.where(c, full(a), full(b));
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
