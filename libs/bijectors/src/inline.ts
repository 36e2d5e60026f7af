import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';

export interface InlineOptions extends BijectorOptions {
  forwardFn: (x: tf.Tensor) => tf.Tensor;
  inverseFn: (y: tf.Tensor) => tf.Tensor;
  /** Per-part log-det at forwardMinEventNdims; give this or `inverseLogDetJacobianFn` (or both). */
  forwardLogDetJacobianFn?: (x: tf.Tensor) => tf.Tensor;
  inverseLogDetJacobianFn?: (y: tf.Tensor) => tf.Tensor;
  forwardMinEventNdims: number;
  inverseMinEventNdims?: number;
  isConstantJacobian?: boolean;
  forwardEventShapeFn?: (shape: number[]) => number[];
  inverseEventShapeFn?: (shape: number[]) => number[];
}

/** TFP's `Inline`: a bijector from user functions; the missing log-det is derived by the base class. */
export class Inline extends Bijector {
  private readonly fns: InlineOptions;

  constructor(options: InlineOptions) {
    const o = options ?? ({} as InlineOptions);
    if (typeof o.forwardFn !== 'function' || typeof o.inverseFn !== 'function') {
      throw new Error(`Inline: 'forwardFn' and 'inverseFn' must be functions`);
    }
    if (o.forwardLogDetJacobianFn === undefined && o.inverseLogDetJacobianFn === undefined) {
      throw new Error(`Inline: give 'forwardLogDetJacobianFn' or 'inverseLogDetJacobianFn'`);
    }
    if (!Number.isInteger(o.forwardMinEventNdims) || o.forwardMinEventNdims < 0) {
      throw new Error(`Inline: 'forwardMinEventNdims' must be a non-negative integer, got ${o.forwardMinEventNdims}`);
    }
    super(
      {forwardMinEventNdims: o.forwardMinEventNdims, inverseMinEventNdims: o.inverseMinEventNdims ?? o.forwardMinEventNdims, isConstantJacobian: o.isConstantJacobian, parameters: {...o}, defaultName: 'inline'},
      o,
    );
    this.fns = o;
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.fns.forwardFn(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.fns.inverseFn(y);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const f = this.fns.forwardLogDetJacobianFn;
    return f ? f(x) : tf.neg((this.fns.inverseLogDetJacobianFn as (y: tf.Tensor) => tf.Tensor)(this._forward(x)));
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    const f = this.fns.inverseLogDetJacobianFn;
    return f ? f(y) : tf.neg((this.fns.forwardLogDetJacobianFn as (x: tf.Tensor) => tf.Tensor)(this._inverse(y)));
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    return this.fns.forwardEventShapeFn ? this.fns.forwardEventShapeFn(shape) : shape;
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    return this.fns.inverseEventShapeFn ? this.fns.inverseEventShapeFn(shape) : shape;
  }
}
