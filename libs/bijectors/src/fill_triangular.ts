import * as tf from '@tensorflow/tfjs';
import {fillTriangular, fillTriangularInverse} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';
import {shapeString, triangularSide} from './internal/shapes';

export interface FillTriangularOptions extends BijectorOptions {
  /** Fill the upper triangle instead of the lower; default false. */
  upper?: boolean;
}

/**
 * TFP's `FillTriangular`: packs a vector [..., n(n+1)/2] into a triangular matrix [..., n, n] in
 * `tfp.math.fill_triangular`'s order. A relabelling of coordinates: log-det 0.
 */
export class FillTriangular extends Bijector {
  readonly upper: boolean;

  constructor(options: FillTriangularOptions = {}) {
    const upper = options.upper ?? false;
    super({forwardMinEventNdims: 1, inverseMinEventNdims: 2, isConstantJacobian: true, parameters: {upper}, defaultName: 'fill_triangular'}, options);
    this.upper = upper;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    this._forwardEventShape(x.shape.slice(-1));
    return fillTriangular(x, this.upper);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    this._inverseEventShape(y.shape.slice(-2));
    return fillTriangularInverse(y, this.upper);
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    const m = shape[shape.length - 1];
    const n = shape.length >= 1 ? triangularSide(m) : undefined;
    if (n === undefined) {
      throw new Error(`${this.name}: the event must be a vector of triangular-number length n(n+1)/2, got shape ${shapeString(shape)}`);
    }
    return [...shape.slice(0, -1), n, n];
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    const n = shape[shape.length - 1];
    if (shape.length < 2 || shape[shape.length - 2] !== n) {
      throw new Error(`${this.name}: the event must be a square matrix [n, n], got shape ${shapeString(shape)}`);
    }
    return [...shape.slice(0, -2), (n * (n + 1)) / 2];
  }
}
