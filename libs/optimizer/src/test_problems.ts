import * as tf from '@tensorflow/tfjs';

import type {ValueAndGradientsFunction} from './quasi_newton';

/**
 * Classic minimisation test functions on batches of points [..., n] (used by the tests and
 * benchmarks), with their known minimisers.
 */

/** Columns start..start+size of the last axis of x. */
function lastAxis(x: tf.Tensor, start: number, size: number): tf.Tensor {
  const begin = x.shape.map((_, i) => (i === x.rank - 1 ? start : 0));
  const sizes = x.shape.map((d, i) => (i === x.rank - 1 ? size : d));
  return tf.slice(x, begin, sizes);
}

/** Rosenbrock: sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2; minimum 0 at (1, ..., 1). */
export function rosenbrock(x: tf.Tensor): tf.Tensor {
  const n = x.shape[x.rank - 1];
  const head = lastAxis(x, 0, n - 1);
  const tail = lastAxis(x, 1, n - 1);
  return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(tail, tf.square(head)))), tf.square(tf.sub(1, head))), -1);
}

/** Himmelblau: (x^2 + y - 11)^2 + (x + y^2 - 7)^2; four minima of value 0. */
export function himmelblau(p: tf.Tensor): tf.Tensor {
  const x = lastAxis(p, 0, 1).squeeze([-1]);
  const y = lastAxis(p, 1, 1).squeeze([-1]);
  return tf.add(tf.square(tf.add(tf.square(x), tf.sub(y, 11))), tf.square(tf.add(x, tf.sub(tf.square(y), 7))));
}

/** Himmelblau's minimisers (to 6 decimals). */
export const HIMMELBLAU_MINIMA: Array<[number, number]> =
    [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]];

/** Beale: (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2; minimum 0 at (3, 0.5). */
export function beale(p: tf.Tensor): tf.Tensor {
  const x = lastAxis(p, 0, 1).squeeze([-1]);
  const y = lastAxis(p, 1, 1).squeeze([-1]);
  const term = (c: number, k: number) => tf.square(tf.add(tf.sub(c, x), tf.mul(x, tf.pow(y, k))));
  return tf.add(tf.add(term(1.5, 1), term(2.25, 2)), term(2.625, 3));
}

/** 0.5 (x - c)^T A (x - c) for a fixed SPD matrix A (row-major, n x n); minimiser c. */
export function quadratic(a: number[][], c: number[]): (x: tf.Tensor) => tf.Tensor {
  return (x: tf.Tensor) => tf.tidy(() => {
    const d = tf.sub(x, c);
    const ad = tf.matMul(d.reshape([-1, c.length]), tf.tensor2d(a), false, true).reshape(d.shape);
    return tf.mul(0.5, tf.sum(tf.mul(d, ad), -1));
  });
}

/** Wraps f into [f(x), grad f(x)] using tf.grad of the batch sum (members are independent). */
export function withGradient(f: (x: tf.Tensor) => tf.Tensor): ValueAndGradientsFunction {
  return (x: tf.Tensor) => {
    const {value, grad} = tf.valueAndGrad((z: tf.Tensor) => tf.sum(f(z)))(x);
    value.dispose();
    return [f(x), grad];
  };
}
