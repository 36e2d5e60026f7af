import * as tf from '@tensorflow/tfjs';

/**
 * tfjs registers no gradient for comparison and logical kernels, so `tf.where(x < 0, a, b)` with x
 * on a differentiated path fails ("gradient function not found for Less") even though the
 * condition carries no gradient. TF treats these ops as non-differentiable (gradient None); this
 * registers the same: zero gradients for each input, only where no gradient is registered yet.
 */
const NON_DIFFERENTIABLE: Record<string, string[]> = {
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Equal: ['a', 'b'],
  NotEqual: ['a', 'b'],
  LogicalAnd: ['a', 'b'],
  LogicalOr: ['a', 'b'],
  LogicalNot: ['x'],
  IsNan: ['x'],
  IsInf: ['x'],
  IsFinite: ['x'],
};

export function registerNonDifferentiableGradients(): void {
  for (const [kernelName, inputs] of Object.entries(NON_DIFFERENTIABLE)) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: inputs,
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(saved[i]).cast('float32')])),
    });
  }
}

registerNonDifferentiableGradients();

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

/**
 * log(1 + x) accurate for tiny |x|. tfjs-backend-wasm computes Log1p as log(1 + x), which returns
 * 0 for |x| < 6e-8 and loses digits below 1e-3; this uses Goldberg's correction
 * log(u) * x / (u - 1) with u = 1 + x (exact up to rounding), with the gradient 1 / (1 + x).
 */
const log1pWithGrad = (x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  const value = tf.tidy(() => {
    const u = tf.add(1, x);
    const d = tf.sub(u, 1);
    const corrected = tf.mul(tf.log(u), tf.div(x, tf.where(tf.equal(d, 0), 1, d)));
    return tf.where(tf.equal(d, 0), x, tf.where(tf.isFinite(u), corrected, tf.log(u)));
  });
  return {value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.div(dy, tf.add(1, saved[0]))};
};
export const log1p = tf.customGrad(log1pWithGrad as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/** a log(x), taken as 0 where a = 0 (so 0 log 0 = 0), as TF's `xlogy`. */
export function xlogy(a: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const zero = tf.equal(a, 0);
  return tf.where(zero, 0, tf.mul(a, tf.log(tf.where(zero, 1, x))));
}

/** a log1p(x), taken as 0 where a = 0, as TF's `xlog1py`. */
export function xlog1py(a: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const zero = tf.equal(a, 0);
  return tf.where(zero, 0, tf.mul(a, log1p(tf.where(zero, 0, x))));
}

/**
 * x clipped to [lo, hi] with broadcasting. tfjs's Minimum/Maximum gradients do not reduce over
 * broadcast dimensions, so this is built from `tf.where` (whose inputs are broadcast first).
 */
export function clamp(x: tf.Tensor, lo: tf.Tensor, hi: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const above = tf.where(tf.less(x, lo), lo, x);
    return tf.where(tf.greater(above, hi), hi, above);
  });
}
