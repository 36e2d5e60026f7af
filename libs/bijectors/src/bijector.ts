import * as tf from '@tensorflow/tfjs';
import {isNonNegativeInteger, TensorInput, toFloat} from './internal/params';

export type {TensorInput} from './internal/params';

/** A nested structure (arrays or string-keyed objects) with leaves of type T, as TFP's nests. */
export type Structure<T> = T | Structure<T>[] | {[key: string]: Structure<T>};

/**
 * What a bijector's domain (or range) holds: the value type, what callers may pass for it, the type of
 * its event ndims and of its event shape. Most bijectors act on one tensor (`TensorKind`); `JointMap`
 * acts on structures of tensors (`StructureKind`).
 */
export interface Kind {
  value: unknown;
  input: unknown;
  ndims: unknown;
  shape: unknown;
}
export interface TensorKind extends Kind {
  value: tf.Tensor;
  input: TensorInput;
  ndims: number;
  shape: number[];
}
export interface StructureKind extends Kind {
  value: Structure<tf.Tensor>;
  input: Structure<TensorInput>;
  ndims: Structure<number>;
  shape: Structure<number[]>;
}

export interface BijectorOptions {
  /** Check tensor parameters (reads them back) and, where cheap, inputs. JS numbers are always checked. */
  validateArgs?: boolean;
  name?: string;
}

/** What a subclass tells the base class about itself. */
export interface BijectorSpec<X extends Kind, Y extends Kind> {
  forwardMinEventNdims: X['ndims'];
  inverseMinEventNdims: Y['ndims'];
  isConstantJacobian?: boolean;
  parameters: Record<string, unknown>;
  defaultName: string;
}

/**
 * The base of every bijector (TFP's `tfb.Bijector`): an invertible, differentiable map `y = f(x)`.
 * It carries the shared machinery once: input conversion, tidy-wrapped public methods, derivation of
 * one log-det-Jacobian from the other (`ildj(y) = -fldj(f^-1(y))`), and the reduction of the
 * per-part log-det over the event dims beyond `forwardMinEventNdims` (TFP's
 * `reduce_jacobian_det_over_event`: the part is broadcast against those dims of the input and summed).
 *
 * A subclass implements `_forward`, `_inverse` and at least one of `_forwardLogDetJacobian` /
 * `_inverseLogDetJacobian`, each at the minimal event rank; shape-changing bijectors also implement
 * `_forwardEventShape` / `_inverseEventShape`. Hooks run inside `tf.tidy`.
 */
export abstract class Bijector<X extends Kind = TensorKind, Y extends Kind = X> {
  readonly name: string;
  readonly validateArgs: boolean;
  /** The constructor arguments, as TFP's `parameters`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Smallest event rank of `x` the map is defined on (TFP's `forward_min_event_ndims`). */
  readonly forwardMinEventNdims: X['ndims'];
  /** Smallest event rank of `y` (TFP's `inverse_min_event_ndims`). */
  readonly inverseMinEventNdims: Y['ndims'];
  /** True when the Jacobian does not depend on `x` (Shift, Scale, Permute, ...). */
  readonly isConstantJacobian: boolean;
  /** Type-level only (never set): lets TypeScript infer a bijector's domain and range kinds. */
  declare readonly kinds?: {domain: X; range: Y};

  protected constructor(spec: BijectorSpec<X, Y>, options: BijectorOptions = {}) {
    this.name = options.name ?? spec.defaultName;
    this.validateArgs = options.validateArgs ?? false;
    this.parameters = Object.freeze({...spec.parameters, validateArgs: this.validateArgs, name: this.name});
    this.forwardMinEventNdims = spec.forwardMinEventNdims;
    this.inverseMinEventNdims = spec.inverseMinEventNdims;
    this.isConstantJacobian = spec.isConstantJacobian ?? false;
  }

  /** `y = f(x)`. */
  forward(x: X['input']): Y['value'] {
    return tf.tidy(() => this.forwardRaw(this.convertX(x)) as tf.TensorContainer) as Y['value'];
  }

  /** `x = f^-1(y)`. */
  inverse(y: Y['input']): X['value'] {
    return tf.tidy(() => this.inverseRaw(this.convertY(y)) as tf.TensorContainer) as X['value'];
  }

  /**
   * `log|det df/dx|` over the rightmost `eventNdims` dims of `x` (default `forwardMinEventNdims`);
   * the result has the shape of the remaining (batch) dims, broadcast with the parameters' batch.
   */
  forwardLogDetJacobian(x: X['input'], eventNdims?: X['ndims']): tf.Tensor {
    return tf.tidy(() => this.fldjAt(this.convertX(x), eventNdims ?? this.forwardMinEventNdims));
  }

  /** `log|det df^-1/dy|` over the rightmost `eventNdims` dims of `y` (default `inverseMinEventNdims`). */
  inverseLogDetJacobian(y: Y['input'], eventNdims?: Y['ndims']): tf.Tensor {
    return tf.tidy(() => this.ildjAt(this.convertY(y), eventNdims ?? this.inverseMinEventNdims));
  }

  /** Event shape of `y` for an `x` event shape (TFP's `forward_event_shape`). */
  forwardEventShape(shape: X['shape']): Y['shape'] {
    return this._forwardEventShape(shape);
  }

  /** Event shape of `x` for a `y` event shape (TFP's `inverse_event_shape`). */
  inverseEventShape(shape: Y['shape']): X['shape'] {
    return this._inverseEventShape(shape);
  }

  /** Event ndims of `y` when `x` has `eventNdims` event dims (TFP's `forward_event_ndims`). */
  forwardEventNdims(eventNdims: X['ndims']): Y['ndims'] {
    const n = eventNdims as number;
    this.checkNdims('forwardEventNdims', n, this.forwardMinEventNdims as number, undefined);
    return (n - (this.forwardMinEventNdims as number) + (this.inverseMinEventNdims as number)) as Y['ndims'];
  }

  /** Event ndims of `x` when `y` has `eventNdims` event dims (TFP's `inverse_event_ndims`). */
  inverseEventNdims(eventNdims: Y['ndims']): X['ndims'] {
    const n = eventNdims as number;
    this.checkNdims('inverseEventNdims', n, this.inverseMinEventNdims as number, undefined);
    return (n - (this.inverseMinEventNdims as number) + (this.forwardMinEventNdims as number)) as X['ndims'];
  }

  protected abstract _forward(x: X['value']): Y['value'];
  protected abstract _inverse(y: Y['value']): X['value'];

  /** Per-part `log|det J|` at `forwardMinEventNdims`; defaults to `-ildj(f(x))`. */
  protected _forwardLogDetJacobian(x: X['value']): tf.Tensor {
    if (this._inverseLogDetJacobian === Bijector.prototype._inverseLogDetJacobian) {
      throw new Error(`${this.name}: neither log-det-Jacobian is implemented`);
    }
    return tf.neg(this._inverseLogDetJacobian(this._forward(x)));
  }

  /** Per-part `log|det J^-1|` at `inverseMinEventNdims`; defaults to `-fldj(f^-1(y))`. */
  protected _inverseLogDetJacobian(y: Y['value']): tf.Tensor {
    if (this._forwardLogDetJacobian === Bijector.prototype._forwardLogDetJacobian) {
      throw new Error(`${this.name}: neither log-det-Jacobian is implemented`);
    }
    return tf.neg(this._forwardLogDetJacobian(this._inverse(y)));
  }

  protected _forwardEventShape(shape: X['shape']): Y['shape'] {
    return shape as unknown as Y['shape'];
  }

  protected _inverseEventShape(shape: Y['shape']): X['shape'] {
    return shape as unknown as X['shape'];
  }

  /** Converts a caller's `x` (numbers, arrays, tensors) to the domain's value type (float32 tensors). */
  convertX(x: X['input']): X['value'] {
    return toFloat(x as TensorInput) as X['value'];
  }

  /** Converts a caller's `y` to the range's value type. */
  convertY(y: Y['input']): Y['value'] {
    return toFloat(y as TensorInput) as Y['value'];
  }

  /** fldj of an already-converted `x` with `eventNdims` (used by composites); runs inside a tidy. */
  fldjAt(x: X['value'], eventNdims: X['ndims']): tf.Tensor {
    const xt = x as tf.Tensor;
    const n = eventNdims as number;
    this.checkNdims('forwardLogDetJacobian', n, this.forwardMinEventNdims as number, xt.shape);
    if (this.validateArgs) this._checkX(x, 'forwardLogDetJacobian');
    const min = this.forwardMinEventNdims as number;
    return reduceOverEvent(this._forwardLogDetJacobian(x), xt.shape.slice(0, xt.rank - min), n - min);
  }

  /** ildj of an already-converted `y` with `eventNdims` (used by composites); runs inside a tidy. */
  ildjAt(y: Y['value'], eventNdims: Y['ndims']): tf.Tensor {
    const yt = y as tf.Tensor;
    const n = eventNdims as number;
    this.checkNdims('inverseLogDetJacobian', n, this.inverseMinEventNdims as number, yt.shape);
    if (this.validateArgs) this._checkY(y, 'inverseLogDetJacobian');
    const min = this.inverseMinEventNdims as number;
    return reduceOverEvent(this._inverseLogDetJacobian(y), yt.shape.slice(0, yt.rank - min), n - min);
  }

  /** The map on an already-converted value, without tidy (for composites: Chain, Invert, ...). */
  forwardRaw(x: X['value']): Y['value'] {
    if (this.validateArgs) this._checkX(x, 'forward');
    return this._forward(x);
  }

  inverseRaw(y: Y['value']): X['value'] {
    if (this.validateArgs) this._checkY(y, 'inverse');
    return this._inverse(y);
  }

  /** With `validateArgs`: throws when `x` is outside the domain (reads it back). Default: any x. */
  protected _checkX(_x: X['value'], _method: string): void {}

  /** With `validateArgs`: throws when `y` is outside the range (reads it back). Default: any y. */
  protected _checkY(_y: Y['value'], _method: string): void {}

  protected checkNdims(method: string, eventNdims: number, min: number, shape: readonly number[] | undefined): void {
    if (!isNonNegativeInteger(eventNdims)) {
      throw new Error(`${this.name}.${method}: eventNdims must be a non-negative integer, got ${eventNdims}`);
    }
    if (eventNdims < min) {
      throw new Error(`${this.name}.${method}: eventNdims=${eventNdims} is below the bijector's minimum event ndims ${min}`);
    }
    if (shape !== undefined && shape.length < eventNdims) {
      throw new Error(
        `${this.name}.${method}: input of shape [${shape}] has rank ${shape.length}, less than eventNdims=${eventNdims}`,
      );
    }
  }
}

/**
 * Sums a per-part log-det over the `k` rightmost dims of `outerShape` (the input's shape without its
 * minimal event dims), after broadcasting it against those dims so that a constant part counts once
 * per event part, as TFP's `reduce_jacobian_det_over_event` does.
 */
export function reduceOverEvent(ldj: tf.Tensor, outerShape: readonly number[], k: number): tf.Tensor {
  if (k === 0) return ldj;
  const reduceShape = outerShape.slice(outerShape.length - k);
  const rank = Math.max(ldj.rank, k);
  const target: number[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const dl = ldj.shape[ldj.rank - rank + i] ?? 1;
    const dr = reduceShape[reduceShape.length - rank + i] ?? 1;
    target[i] = dl === 1 ? dr : dl;
  }
  const full = tf.broadcastTo(ldj, target);
  const axes = Array.from({length: k}, (_, i) => rank - k + i);
  return tf.sum(full, axes);
}
