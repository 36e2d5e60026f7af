import * as tf from '@tensorflow/tfjs';
import type {Distribution} from './distribution';
import type {TensorLike} from './internal/parameters';
import type {SeedStream} from './internal/seed';

/** What a run of a joint model reports for one part. */
export interface JointPartVisit {
  key: string;
  /** What error messages call the part: `model[2]`, `model.scale`, `yield #1`. */
  label: string;
  distribution: Distribution;
  value: tf.Tensor;
  /** A Distribution given as is in the model (borrowed), not built during the run. */
  fixed: boolean;
}

/** Gives a part's value during a run (a given, pinned or transformed value), or undefined to sample it. */
export type ValueChooser = (key: string, distribution: Distribution, label: string) => tf.Tensor | undefined;

/** The structure of the free (unpinned) parts: an array of them in model order, or an object by key. */
export type FreeStructure<V, T> = V extends readonly unknown[] ? T[] : Record<string, T>;

/**
 * Values to pin: for an array model, an array like its values with `undefined` (or `null`) for the
 * free parts, or an object by the parts' distribution names; for a named model, an object by key.
 */
export type PinStructure<V> = V extends readonly unknown[]
  ? (TensorLike | undefined | null)[] | Record<string, TensorLike>
  : Record<string, TensorLike>;

/** A joint distribution's model as pinning and the joint event-space bijector use it. */
export interface JointModelInternals {
  name: string;
  /** True when values are arrays, false when objects. */
  arrayLike: boolean;
  /** Part keys in the order of the structure. */
  keys: string[];
  /** Part names (a named model's keys; array parts' distribution names). */
  names: Map<string, string>;
  label(key: string): string;
  dtype(key: string): 'float32' | 'int32';
  run(
    sampleShape: number[],
    seed: SeedStream,
    choose: ValueChooser,
    visit: (part: JointPartVisit) => void,
  ): Map<string, tf.Tensor>;
}

function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape}]`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return `an object with keys [${Object.keys(v).join(', ')}]`;
  return String(v);
}

/** Converts a value to a tensor (borrowing tensors); callers run inside tidy. */
export function toTensor(v: TensorLike, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  if (v instanceof tf.Tensor) return v.dtype === dtype ? v : tf.cast(v, dtype);
  return tf.tensor(v as tf.TensorLike, undefined, dtype);
}

/**
 * Reads a structure of the free parts (an array in key order, or an object by key) into a map by key,
 * naming the expected layout in errors. Leaves are converted to float tensors by `convert`.
 */
export function readFreeParts<T>(
  owner: string,
  what: string,
  model: JointModelInternals,
  freeKeys: string[],
  values: unknown,
  convert: (v: unknown, key: string) => T,
): Map<string, T> {
  const layout = model.arrayLike
    ? `an array of the ${freeKeys.length} free parts (${freeKeys.map((k) => model.label(k)).join(', ')})`
    : `an object with exactly the free parts {${freeKeys.join(', ')}}`;
  if (values === null || typeof values !== 'object' || values instanceof tf.Tensor || Array.isArray(values) !== model.arrayLike) {
    throw new Error(`${owner}: ${what} must be ${layout}; received ${describe(values)}`);
  }
  if (model.arrayLike) {
    const list = values as unknown[];
    if (list.length !== freeKeys.length) {
      throw new Error(`${owner}: ${what} must be ${layout}; received ${describe(values)}`);
    }
    return new Map(freeKeys.map((key, i) => [key, convert(list[i], key)]));
  }
  const record = values as Record<string, unknown>;
  const given = Object.keys(record);
  const missing = freeKeys.filter((k) => record[k] === undefined);
  const extra = given.filter((k) => !freeKeys.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${owner}: ${what} must be ${layout}; received keys [${given.join(', ')}]` +
        (missing.length > 0 ? ` (missing ${missing.join(', ')})` : '') +
        (extra.length > 0 ? ` (not free parts: ${extra.join(', ')})` : ''),
    );
  }
  return new Map(freeKeys.map((key) => [key, convert(record[key], key)]));
}

/** Arranges per-free-part values into the free structure (array in key order, or object by key). */
export function packFreeParts<T>(model: JointModelInternals, freeKeys: string[], byKey: Map<string, T>): T[] | Record<string, T> {
  return model.arrayLike
    ? freeKeys.map((k) => byKey.get(k) as T)
    : Object.fromEntries(freeKeys.map((k) => [k, byKey.get(k) as T]));
}
