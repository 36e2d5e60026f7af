import * as tf from '@tensorflow/tfjs';
import type {Bijector} from '@tfjs-probability/bijectors';
import {SeedStream} from '@tfjs-probability/distributions';
import {shapeString} from './structure';

/** The event shape of a surrogate: one shape, an array of shapes, or an object of shapes. */
export type EventShapeStructure = number[] | number[][] | {[key: string]: number[]};

/** Constraining bijectors laid out like the event shapes; null/undefined entries mean the identity. */
export type BijectorStructure =
  | Bijector
  | (Bijector | null | undefined)[]
  | {[key: string]: Bijector | null | undefined};

/** Initial unconstrained locations: a sampler (shape, seed) -> tensor, or values laid out like the event shapes. */
export type InitialLoc =
  | ((shape: number[], seed: number | undefined) => tf.Tensor)
  | tf.Tensor
  | number
  | number[]
  | (tf.Tensor | number | number[])[]
  | {[key: string]: tf.Tensor | number | number[]};

/** One part of a surrogate's value: its (constrained) event shape, the shape before the bijector, and the bijector. */
export interface LayoutPart {
  key: string;
  eventShape: number[];
  unconstrainedShape: number[];
  size: number;
  bijector: Bijector | undefined;
}

/** A bijector from a whole structure of unconstrained values onto a structure of constrained ones. */
export interface StructureBijector {
  forward(x: tf.Tensor[] | {[key: string]: tf.Tensor}): unknown;
  inverse(y: tf.Tensor[] | {[key: string]: tf.Tensor}): unknown;
  /** log|det d inverse / dy| over each part's whole event. */
  inverseLogDetJacobian(y: tf.Tensor[] | {[key: string]: tf.Tensor}): tf.Tensor;
}

export interface Layout {
  kind: 'single' | 'array' | 'object';
  parts: LayoutPart[];
  /**
   * One bijector over the whole structure (a joint distribution's default event-space bijector,
   * whose parts' supports may depend on each other), used instead of the parts' own bijectors.
   */
  jointBijector?: StructureBijector;
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => typeof d === 'number');
}

function checkShape(owner: string, label: string, shape: unknown): number[] {
  if (!isShape(shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${owner}: ${label} must be an array of positive integers (a shape); received ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

function isBijector(b: unknown): b is Bijector {
  return b !== null && typeof b === 'object' && typeof (b as Bijector).forward === 'function' && typeof (b as Bijector).inverse === 'function';
}

/** Reads the event-shape structure and the bijector structure into parts, checking that they match. */
export function parseLayout(owner: string, eventShape: EventShapeStructure, bijector: BijectorStructure | undefined): Layout {
  let kind: Layout['kind'];
  let entries: [string, unknown][];
  if (isShape(eventShape)) {
    kind = 'single';
    entries = [['0', eventShape]];
  } else if (Array.isArray(eventShape)) {
    kind = 'array';
    entries = eventShape.map((s, i) => [String(i), s]);
  } else if (eventShape !== null && typeof eventShape === 'object') {
    kind = 'object';
    entries = Object.entries(eventShape);
  } else {
    throw new Error(`${owner}: eventShape must be a shape, an array of shapes or an object of shapes; received ${String(eventShape)}`);
  }
  if (entries.length === 0) throw new Error(`${owner}: eventShape has no parts`);
  const bijectorOf = (key: string): Bijector | undefined => {
    if (bijector === undefined || bijector === null) return undefined;
    let b: unknown;
    if (kind === 'single') {
      b = bijector;
    } else {
      if (isBijector(bijector)) {
        throw new Error(`${owner}: eventShape is a structure, so bijector must be a structure of the same layout (null for none); received one Bijector`);
      }
      b = (bijector as Record<string, unknown>)[key];
    }
    if (b === null || b === undefined) return undefined;
    if (!isBijector(b)) throw new Error(`${owner}: bijector${kind === 'single' ? '' : `[${JSON.stringify(key)}]`} is not a Bijector; received ${String(b)}`);
    return b;
  };
  if (kind !== 'single' && bijector !== undefined && bijector !== null && !isBijector(bijector)) {
    const extra = Object.keys(bijector).filter((k) => !entries.some(([key]) => key === k));
    if (extra.length > 0) throw new Error(`${owner}: bijector has parts ${JSON.stringify(extra)} that eventShape has not`);
  }
  const parts = entries.map(([key, s]): LayoutPart => {
    const label = kind === 'single' ? 'eventShape' : `eventShape[${JSON.stringify(key)}]`;
    const shape = checkScalarOrShape(owner, label, s);
    const b = bijectorOf(key);
    const unconstrainedShape = b === undefined ? shape : (b.inverseEventShape(shape) as number[]);
    return {key, eventShape: shape, unconstrainedShape, size: unconstrainedShape.reduce((a, d) => a * d, 1), bijector: b};
  });
  return {kind, parts};
}

function checkScalarOrShape(owner: string, label: string, s: unknown): number[] {
  return isShape(s) && s.length === 0 ? [] : checkShape(owner, label, s);
}

/** Checks a batch shape. */
export function checkBatchShape(owner: string, batchShape: unknown): number[] {
  if (batchShape === undefined) return [];
  if (isShape(batchShape) && batchShape.length === 0) return [];
  return checkShape(owner, 'batchShape', batchShape);
}

/**
 * Initial unconstrained locations, one tensor per part of shape batchShape + unconstrainedShape:
 * drawn by the sampler (default Uniform(-2, 2), as TFP) with seeds from `seed`, or the given values broadcast.
 */
export function initialLocs(owner: string, layout: Layout, batchShape: number[], init: InitialLoc | undefined, seed: number | undefined): tf.Tensor[] {
  const stream = new SeedStream(seed, owner);
  return tf.tidy(() => layout.parts.map((part) => {
    const shape = [...batchShape, ...part.unconstrainedShape];
    const s = stream.next();
    if (init === undefined) return tf.randomUniform(shape, -2, 2, 'float32', s);
    if (typeof init === 'function') return checkedLoc(owner, part, shape, init(shape, s));
    const value = layout.kind === 'single' ? init : (init as Record<string, unknown>)[part.key];
    if (value === undefined) throw new Error(`${owner}: initialUnconstrainedLoc has no value for part ${JSON.stringify(part.key)}`);
    return checkedLoc(owner, part, shape, value instanceof tf.Tensor ? value : tf.tensor(value as number | number[]));
  }));
}

function checkedLoc(owner: string, part: LayoutPart, shape: number[], value: unknown): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new Error(`${owner}: initialUnconstrainedLoc gave ${String(value)} for part ${JSON.stringify(part.key)}; expected a tensor`);
  try {
    return tf.broadcastTo(tf.cast(value, 'float32'), shape);
  } catch {
    throw new Error(
      `${owner}: initialUnconstrainedLoc for part ${JSON.stringify(part.key)} has shape ${shapeString(value.shape)}; ` +
        `expected a shape broadcastable to ${shapeString(shape)}`,
    );
  }
}

/** Throws unless the initial scale is a finite positive number. */
export function checkInitialScale(owner: string, scale: unknown): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new Error(`${owner}: initialUnconstrainedScale must be a finite positive number; received ${String(scale)}`);
  }
  return scale;
}
