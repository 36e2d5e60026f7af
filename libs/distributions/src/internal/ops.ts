import * as tf from '@tensorflow/tfjs';
import {select} from './select';

/**
 * `f(x)` where `inside` holds and `alt` elsewhere, evaluating `f` only at in-support points (x is
 * replaced by `safe` outside) so that neither values nor gradients see NaN from the other branch.
 */
export function extendSupport(
  inside: tf.Tensor,
  x: tf.Tensor,
  safe: tf.Tensor | number,
  f: (x: tf.Tensor) => tf.Tensor,
  alt: number,
): tf.Tensor {
  const y = f(tf.where(inside, x, safe));
  return tf.where(inside, y, alt);
}

/** a log(x), taken as 0 where a = 0 (so 0 log 0 = 0), as TF's `xlogy`. */
export function xlogy(a: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const zero = tf.equal(a, 0);
  return select(zero, 0, tf.mul(a, tf.log(select(zero, 1, x))));
}

/** a log1p(x), taken as 0 where a = 0, as TF's `xlog1py`. */
export function xlog1py(a: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const zero = tf.equal(a, 0);
  return select(zero, 0, tf.mul(a, tf.log1p(select(zero, 0, x))));
}

/**
 * x clipped to [lo, hi] with broadcasting, as nested `tf.where`s (the gradient is 0 where x is
 * clipped, 1 elsewhere, and flows to lo and hi where they are taken).
 */
export function clamp(x: tf.Tensor, lo: tf.Tensor, hi: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const above = tf.where(tf.less(x, lo), lo, x);
    return tf.where(tf.greater(above, hi), hi, above);
  });
}
