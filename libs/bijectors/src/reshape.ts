import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {product, shapeString} from './internal/shapes';

export interface ReshapeOptions extends BijectorOptions {
  /** The event shape of `y`; one entry may be -1 (inferred). */
  eventShapeOut: number[];
  /** The event shape of `x`; default [-1] (any vector). */
  eventShapeIn?: number[];
}

/**
 * TFP's `Reshape`: reshapes the rightmost `eventShapeIn.length` dims of `x` to `eventShapeOut`,
 * keeping the batch dims. Volume-preserving: log-det 0. forwardMinEventNdims = eventShapeIn.length,
 * inverseMinEventNdims = eventShapeOut.length.
 */
export class Reshape extends Bijector {
  readonly eventShapeOut: readonly number[];
  readonly eventShapeIn: readonly number[];

  constructor(options: ReshapeOptions) {
    const eventShapeOut = options?.eventShapeOut;
    const eventShapeIn = options?.eventShapeIn ?? [-1];
    checkShapeArg('eventShapeOut', eventShapeOut);
    checkShapeArg('eventShapeIn', eventShapeIn);
    const known = (s: number[]) => !s.includes(-1);
    if (known(eventShapeOut) && known(eventShapeIn) && product(eventShapeOut) !== product(eventShapeIn)) {
      throw new Error(
        `Reshape: eventShapeIn ${shapeString(eventShapeIn)} (${product(eventShapeIn)} elements) and eventShapeOut ` +
          `${shapeString(eventShapeOut)} (${product(eventShapeOut)} elements) must have the same number of elements`,
      );
    }
    super(
      {
        forwardMinEventNdims: eventShapeIn.length,
        inverseMinEventNdims: eventShapeOut.length,
        isConstantJacobian: true,
        parameters: {eventShapeOut, eventShapeIn},
        defaultName: 'reshape',
      },
      options,
    );
    this.eventShapeOut = eventShapeOut.slice();
    this.eventShapeIn = eventShapeIn.slice();
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.reshapeEvent(x, this.eventShapeIn, this.eventShapeOut, 'forward');
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.reshapeEvent(y, this.eventShapeOut, this.eventShapeIn, 'inverse');
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    return this.resolve(shape, this.eventShapeIn, this.eventShapeOut, 'forwardEventShape');
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    return this.resolve(shape, this.eventShapeOut, this.eventShapeIn, 'inverseEventShape');
  }

  private reshapeEvent(v: tf.Tensor, from: readonly number[], to: readonly number[], method: string): tf.Tensor {
    const k = from.length;
    if (v.rank < k) {
      throw new Error(`${this.name}.${method}: input of shape ${shapeString(v.shape)} has fewer than ${k} event dims ${shapeString(from)}`);
    }
    const batch = v.shape.slice(0, v.rank - k);
    const event = v.shape.slice(v.rank - k);
    return tf.reshape(v, [...batch, ...this.resolve(event, from, to, method)]);
  }

  /** The output event shape for an input event shape `event` that must match the pattern `from`. */
  private resolve(event: readonly number[], from: readonly number[], to: readonly number[], method: string): number[] {
    const matches = event.length === from.length && event.every((d, i) => from[i] === -1 || from[i] === d);
    if (!matches) {
      throw new Error(`${this.name}.${method}: event shape ${shapeString(event)} does not match the expected ${shapeString(from)}`);
    }
    const size = product(event);
    const unknown = to.indexOf(-1);
    if (unknown < 0) {
      if (product(to) !== size) {
        throw new Error(`${this.name}.${method}: cannot reshape event shape ${shapeString(event)} (${size} elements) to ${shapeString(to)}`);
      }
      return to.slice();
    }
    const rest = product(to.filter((d) => d !== -1));
    if (rest === 0 || size % rest !== 0) {
      throw new Error(`${this.name}.${method}: cannot reshape event shape ${shapeString(event)} (${size} elements) to ${shapeString(to)}`);
    }
    return to.map((d) => (d === -1 ? size / rest : d));
  }
}

function checkShapeArg(name: string, shape: unknown): asserts shape is number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new Error(`Reshape: parameter '${name}' must be an array of non-negative integers or -1, got ${JSON.stringify(shape)}`);
  }
  if (shape.filter((d) => d === -1).length > 1) {
    throw new Error(`Reshape: parameter '${name}' may contain at most one -1, got ${shapeString(shape)}`);
  }
}
