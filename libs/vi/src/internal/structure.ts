import * as tf from '@tensorflow/tfjs';

/** A value of a (joint) distribution: one tensor, an array of tensors, or an object of tensors. */
export type TensorStructure = tf.Tensor | tf.Tensor[] | {[key: string]: tf.Tensor};

/** The tensor leaves of a structure, in order (array order, or the object's key order). */
export function leaves(value: TensorStructure): tf.Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  return Array.isArray(value) ? value : Object.values(value);
}

/** Applies fn to every leaf, keeping the layout. */
export function mapStructure<S extends TensorStructure>(value: S, fn: (t: tf.Tensor) => tf.Tensor): S {
  if (value instanceof tf.Tensor) return fn(value) as S;
  if (Array.isArray(value)) return value.map(fn) as S;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)])) as S;
}

/** A pinned joint distribution as a target: its `unnormalizedLogProb` takes the whole structure. */
export interface UnnormalizedTarget {
  unnormalizedLogProb(values: never): tf.Tensor;
}

/**
 * Calls a target log density as TFP does: `fn(x)` for one tensor, `fn(...parts)` for an array
 * (TFP's `fn(*parts)`), and `fn(values)` for an object (TFP's `fn(**values)`; destructure in JS).
 */
export function callTarget<S extends TensorStructure>(fn: ((...args: never[]) => tf.Tensor) | UnnormalizedTarget, value: S): tf.Tensor {
  if (typeof fn === 'object' && fn !== null && typeof fn.unnormalizedLogProb === 'function') {
    return (fn.unnormalizedLogProb as unknown as (v: S) => tf.Tensor)(value);
  }
  const call = fn as unknown as (...args: unknown[]) => tf.Tensor;
  return Array.isArray(value) ? call(...value) : call(value);
}

/** Shape as a string for error messages. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
