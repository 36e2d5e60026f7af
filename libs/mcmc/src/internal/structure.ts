/** Maps over the tensor leaves of nested objects/arrays (kernel results, traces). */
import * as tf from '@tensorflow/tfjs';

/** Applies fn to every tensor leaf of a nested object/array; other leaves are copied. */
export function mapTensors<T extends tf.TensorContainer>(value: T, fn: (t: tf.Tensor) => tf.Tensor): T {
  if (value instanceof tf.Tensor) return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapTensors(v as tf.TensorContainer, fn)) as T;
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, tf.TensorContainer> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapTensors(v as tf.TensorContainer, fn);
    return out as T;
  }
  return value;
}

/** Every tensor leaf of a nested object/array (a walk that builds no copies: it runs for every sampler step). */
export function tensorLeaves(value: tf.TensorContainer, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) tensorLeaves(v as tf.TensorContainer, out);
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const k of Object.keys(value)) tensorLeaves((value as Record<string, tf.TensorContainer>)[k], out);
  }
  return out;
}

/**
 * Stacks a list of equally structured containers leaf by leaf along a new leading axis
 * (tf.stack of the tensors; plain numbers and other leaves are collected into arrays).
 */
export function stackStructures(items: tf.TensorContainer[]): tf.TensorContainer {
  const first = items[0];
  if (first instanceof tf.Tensor) return tf.stack(items as tf.Tensor[]);
  if (Array.isArray(first)) {
    return first.map((_, i) => stackStructures(items.map((it) => (it as tf.TensorContainer[])[i])));
  }
  if (first !== null && typeof first === 'object' && !ArrayBuffer.isView(first)) {
    const out: Record<string, tf.TensorContainer> = {};
    for (const k of Object.keys(first)) {
      out[k] = stackStructures(items.map((it) => (it as Record<string, tf.TensorContainer>)[k]));
    }
    return out;
  }
  return items as unknown as tf.TensorContainer;
}
