import * as tf from '@tensorflow/tfjs';

/** Nested JS arrays of numbers, as accepted by `tf.tensor`. */
export type NestedNumbers = number | readonly NestedNumbers[];
/** A bijector parameter or input: a number, a nested array of numbers, or a `tf.Tensor` (variables included). */
export type TensorInput = NestedNumbers | Float32Array | tf.Tensor;

/** Converts to a float32 tensor; tensors of that dtype (and variables) are returned as they are. */
export function toFloat(value: TensorInput): tf.Tensor {
  if (value instanceof tf.Tensor) return value.dtype === 'float32' ? value : tf.cast(value, 'float32');
  return tf.tensor(value as number | number[] | Float32Array, undefined, 'float32');
}

/** Every number in a JS parameter, flattened (empty for tensors). */
function jsNumbers(value: TensorInput): number[] {
  if (value instanceof tf.Tensor) return [];
  if (typeof value === 'number') return [value];
  if (value instanceof Float32Array) return Array.from(value);
  const out: number[] = [];
  const walk = (v: NestedNumbers): void => {
    if (typeof v === 'number') out.push(v);
    else if (Array.isArray(v)) for (const e of v) walk(e);
    else throw new Error(`expected numbers, got ${JSON.stringify(v)}`);
  };
  walk(value as NestedNumbers);
  return out;
}

function describe(value: TensorInput): string {
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape}]`;
  return JSON.stringify(value instanceof Float32Array ? Array.from(value) : value);
}

/**
 * Checks every element of a parameter against `ok`. JS values are always checked; tensors only when
 * `validateArgs` is set (the check reads them back). The error names bijector, parameter, value and
 * what was expected.
 */
export function checkParameter(
  owner: string,
  name: string,
  value: TensorInput,
  ok: (v: number) => boolean,
  expected: string,
  validateArgs: boolean,
): void {
  let values: ArrayLike<number>;
  if (value instanceof tf.Tensor) {
    if (!validateArgs) return;
    values = value.dataSync() as Float32Array;
  } else {
    try {
      values = jsNumbers(value);
    } catch (e) {
      throw new Error(`${owner}: parameter '${name}' ${(e as Error).message}; expected ${expected}`);
    }
  }
  for (let i = 0; i < values.length; i++) {
    if (!ok(values[i])) {
      throw new Error(
        `${owner}: parameter '${name}' must be ${expected}, got ${values[i]}` +
          (values.length > 1 ? ` (element ${i} of ${describe(value)})` : ''),
      );
    }
  }
}

/** Shape of a parameter without creating a tensor. */
export function shapeOf(value: TensorInput): number[] {
  if (value instanceof tf.Tensor) return value.shape.slice();
  if (typeof value === 'number') return [];
  if (value instanceof Float32Array) return [value.length];
  const shape: number[] = [];
  let v: NestedNumbers = value as NestedNumbers;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = (v as readonly NestedNumbers[])[0];
  }
  return shape;
}

export function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/**
 * Throws unless `ok(v)` holds for every element of `v` (read back), naming the bijector, method,
 * argument, first offending value and the expectation. For `validateArgs` input checks.
 */
export function assertElements(
  owner: string,
  method: string,
  argument: string,
  v: tf.Tensor,
  ok: (v: tf.Tensor) => tf.Tensor,
  expected: string,
): void {
  let found: {i: number; value: number; shape: number[]} | null = null;
  tf.tidy(() => {
    const good = ok(v);
    const i = tf.logicalNot(good).dataSync().findIndex((b) => b !== 0);
    // ok() may broadcast v against parameters; report the value at the broadcast position.
    if (i >= 0) found = {i, value: tf.broadcastTo(v, good.shape).dataSync()[i], shape: good.shape};
  });
  if (found !== null) {
    const f: {i: number; value: number; shape: number[]} = found;
    throw new Error(`${owner}.${method}: ${argument} must be ${expected}, got ${f.value} (element ${f.i} of shape [${f.shape}])`);
  }
}
