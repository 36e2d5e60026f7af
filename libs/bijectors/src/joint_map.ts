import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions, Kind, Structure, StructureKind} from './bijector';

/** Any bijector, whatever its domain: the leaves a JointMap may hold. */
export type AnyBijector = Bijector<Kind, Kind>;

export interface JointMapOptions extends BijectorOptions {
  /** An array or an object of bijectors; values are arrays / objects of the same layout. */
  bijectors: AnyBijector[] | {[key: string]: AnyBijector};
}

/**
 * TFP's `JointMap`: applies a structure (array or object) of bijectors to a structure of values of
 * the same layout, part by part. Event ndims are structures of the same layout, and the log-det is
 * the sum of the parts' log-dets (broadcast over their batch shapes). Leaves may themselves be
 * JointMaps.
 */
export class JointMap extends Bijector<StructureKind, StructureKind> {
  readonly bijectors: AnyBijector[] | {[key: string]: AnyBijector};
  private readonly keys: string[];
  private readonly isArray: boolean;

  constructor(options: JointMapOptions | AnyBijector[]) {
    const opts: JointMapOptions = Array.isArray(options) ? {bijectors: options} : options;
    const bijectors = opts.bijectors;
    if (bijectors === null || typeof bijectors !== 'object') {
      throw new Error(`JointMap: 'bijectors' must be an array or object of Bijectors, got ${String(bijectors)}`);
    }
    const keys = Object.keys(bijectors);
    const get = (k: string) => (bijectors as Record<string, AnyBijector>)[k];
    for (const k of keys) {
      if (!(get(k) instanceof Bijector)) throw new Error(`JointMap: bijectors[${JSON.stringify(k)}] is not a Bijector, got ${String(get(k))}`);
    }
    const isArray = Array.isArray(bijectors);
    const collect = <T>(f: (b: AnyBijector) => T): Structure<T> => {
      const values = keys.map((k) => f(get(k)));
      return (isArray ? values : Object.fromEntries(keys.map((k, i) => [k, values[i]]))) as Structure<T>;
    };
    super(
      {
        forwardMinEventNdims: collect((b) => b.forwardMinEventNdims as Structure<number>) as Structure<number>,
        inverseMinEventNdims: collect((b) => b.inverseMinEventNdims as Structure<number>) as Structure<number>,
        isConstantJacobian: keys.every((k) => get(k).isConstantJacobian),
        parameters: {bijectors},
        defaultName: 'jointmap_of_' + keys.map((k) => get(k).name).join('_and_'),
      },
      opts,
    );
    this.bijectors = bijectors;
    this.keys = keys;
    this.isArray = isArray;
  }

  override convertX(x: Structure<unknown>): Structure<tf.Tensor> {
    return this.map(x, 'x', (b, v) => b.convertX(v) as Structure<tf.Tensor>);
  }
  override convertY(y: Structure<unknown>): Structure<tf.Tensor> {
    return this.map(y, 'y', (b, v) => b.convertY(v) as Structure<tf.Tensor>);
  }
  protected _forward(x: Structure<tf.Tensor>): Structure<tf.Tensor> {
    return this.map(x, 'x', (b, v) => b.forwardRaw(v) as Structure<tf.Tensor>);
  }
  protected _inverse(y: Structure<tf.Tensor>): Structure<tf.Tensor> {
    return this.map(y, 'y', (b, v) => b.inverseRaw(v) as Structure<tf.Tensor>);
  }
  override fldjAt(x: Structure<tf.Tensor>, eventNdims: Structure<number>): tf.Tensor {
    const xs = this.parts(x, 'x');
    const ns = this.parts(eventNdims, 'eventNdims');
    return this.keys.map((k, i) => this.leaf(k).fldjAt(xs[i], ns[i])).reduce((a, b) => tf.add(a, b), tf.scalar(0));
  }
  override ildjAt(y: Structure<tf.Tensor>, eventNdims: Structure<number>): tf.Tensor {
    const ys = this.parts(y, 'y');
    const ns = this.parts(eventNdims, 'eventNdims');
    return this.keys.map((k, i) => this.leaf(k).ildjAt(ys[i], ns[i])).reduce((a, b) => tf.add(a, b), tf.scalar(0));
  }
  override forwardEventNdims(eventNdims: Structure<number>): Structure<number> {
    return this.map(eventNdims, 'eventNdims', (b, n) => b.forwardEventNdims(n) as Structure<number>);
  }
  override inverseEventNdims(eventNdims: Structure<number>): Structure<number> {
    return this.map(eventNdims, 'eventNdims', (b, n) => b.inverseEventNdims(n) as Structure<number>);
  }
  protected override _forwardEventShape(shape: Structure<number[]>): Structure<number[]> {
    return this.map(shape, 'shape', (b, s) => b.forwardEventShape(s) as Structure<number[]>);
  }
  protected override _inverseEventShape(shape: Structure<number[]>): Structure<number[]> {
    return this.map(shape, 'shape', (b, s) => b.inverseEventShape(s) as Structure<number[]>);
  }

  private leaf(k: string): AnyBijector {
    return (this.bijectors as Record<string, AnyBijector>)[k];
  }

  /** The parts of a structure in key order, checking its layout matches the bijectors'. */
  private parts<T>(value: Structure<T> | unknown, what: string): T[] {
    if (value === null || typeof value !== 'object' || Array.isArray(value) !== this.isArray || value instanceof tf.Tensor) {
      throw new Error(`${this.name}: ${what} must be ${this.isArray ? 'an array' : 'an object'} laid out like the bijectors (${this.layout()}), got ${describe(value)}`);
    }
    const rec = value as Record<string, T>;
    const got = Object.keys(rec);
    if (got.length !== this.keys.length || this.keys.some((k) => !(k in rec))) {
      throw new Error(`${this.name}: ${what} must have the parts ${this.layout()}, got ${this.isArray ? `${got.length} parts` : `keys [${got.join(', ')}]`}`);
    }
    return this.keys.map((k) => rec[k]);
  }

  private map<T, U>(value: Structure<T> | unknown, what: string, f: (b: AnyBijector, v: T) => U): Structure<U> {
    const parts = this.parts<T>(value, what);
    const out = this.keys.map((k, i) => f(this.leaf(k), parts[i]));
    return (this.isArray ? out : Object.fromEntries(this.keys.map((k, i) => [k, out[i]]))) as Structure<U>;
  }

  private layout(): string {
    return this.isArray ? `${this.keys.length} parts` : `keys [${this.keys.join(', ')}]`;
  }
}

function describe(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape}]`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' && v !== null ? `an object with keys [${Object.keys(v).join(', ')}]` : String(v);
}
