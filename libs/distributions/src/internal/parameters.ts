import * as tf from '@tensorflow/tfjs';

/** A parameter or value: a JS number, a (nested) array of numbers, a typed array or a tf.Tensor. */
export type TensorLike = tf.Tensor | tf.TensorLike;

/** The support a parameter must lie in. */
export type Constraint =
  | 'real'
  | 'finite'
  | 'positive'
  | 'nonNegative'
  | 'unitInterval'
  | 'openUnitInterval'
  | 'nonNegativeInteger'
  | 'positiveInteger';

const CONSTRAINT_TEXT: Record<Constraint, string> = {
  real: 'a real number (not NaN)',
  finite: 'finite',
  positive: 'positive',
  nonNegative: 'non-negative',
  unitInterval: 'in [0, 1]',
  openUnitInterval: 'in (0, 1)',
  nonNegativeInteger: 'a non-negative integer',
  positiveInteger: 'a positive integer',
};

function satisfies(value: number, constraint: Constraint): boolean {
  switch (constraint) {
    case 'real':
      return !Number.isNaN(value);
    case 'finite':
      return Number.isFinite(value);
    case 'positive':
      return value > 0;
    case 'nonNegative':
      return value >= 0;
    case 'unitInterval':
      return value >= 0 && value <= 1;
    case 'openUnitInterval':
      return value > 0 && value < 1;
    case 'nonNegativeInteger':
      return value >= 0 && Number.isInteger(value);
    case 'positiveInteger':
      return value > 0 && Number.isInteger(value);
  }
}

/** `[1, 2]` for arrays, the value itself for scalars, truncated for long inputs. */
export function describeValues(values: ArrayLike<number>, shape: number[]): string {
  if (shape.length === 0) {
    return String(values[0]);
  }
  const shown = Array.from(values).slice(0, 6).join(', ');
  return `[${shown}${values.length > 6 ? ', ...' : ''}] (shape [${shape}])`;
}

/**
 * Checks that every entry of `values` satisfies `constraint`; throws an Error naming the owner,
 * the parameter, the first offending value and what was expected.
 */
export function assertConstraint(
  owner: string,
  name: string,
  values: ArrayLike<number>,
  shape: number[],
  constraint: Constraint,
): void {
  for (let i = 0; i < values.length; i++) {
    if (!satisfies(values[i], constraint)) {
      const where = shape.length === 0 ? '' : ` at flat index ${i}`;
      throw new Error(
        `${owner}: parameter '${name}' must be ${CONSTRAINT_TEXT[constraint]}; received ${values[i]}${where}` +
          (shape.length === 0 ? '' : ` in ${describeValues(values, shape)}`),
      );
    }
  }
}

/** True when `value` is given as JS numbers rather than a tensor. */
export function isJsValue(value: TensorLike): boolean {
  return !(value instanceof tf.Tensor);
}

/** Broadcast shape of several shapes (numpy rules), with an error naming the owner and the shapes. */
export function broadcastShapes(owner: string, named: Record<string, number[]>): number[] {
  let shape: number[] = [];
  for (const [name, s] of Object.entries(named)) {
    try {
      shape = tf.backend_util.assertAndGetBroadcastShape(shape, s);
    } catch {
      const all = Object.entries(named)
        .map(([n, sh]) => `${n}: [${sh}]`)
        .join(', ');
      throw new Error(`${owner}: parameter shapes do not broadcast (${all}); '${name}' is incompatible`);
    }
  }
  return shape;
}

/** Number of elements of a shape. */
export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `shape` as a normalised sample shape: a number n means [n]. */
export function asShape(sampleShape: number | number[]): number[] {
  const shape = typeof sampleShape === 'number' ? [sampleShape] : sampleShape;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(`sample shape must hold non-negative integers, got [${shape}]`);
    }
  }
  return shape;
}
