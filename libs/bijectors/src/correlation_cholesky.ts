import * as tf from '@tensorflow/tfjs';
import {fillTriangular, fillTriangularInverse, matrixDiagPart, setDiag} from '@tfjs-probability/math';
import {Bijector, BijectorOptions} from './bijector';
import {shapeString, triangularSide} from './internal/shapes';

/**
 * TFP's `CorrelationCholesky`: R^(n(n-1)/2) -> Cholesky factors of n x n correlation matrices.
 * x fills the strictly-lower triangle (fill_triangular order), the diagonal is set to 1 and each
 * row is normalised to unit length. Row i (0-based) maps its i free entries v to v / sqrt(1 + |v|^2),
 * whose Jacobian determinant is (1 + |v|^2)^-(i/2 + 1) = y_ii^(i + 2), so
 * `log|det| = sum_i (i + 2) log y_ii` on the strictly-lower coordinates of y.
 */
export class CorrelationCholesky extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 1, inverseMinEventNdims: 2, parameters: {}, defaultName: 'correlation_cholesky'}, options);
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    this._forwardEventShape(x.shape.slice(-1));
    const batch = x.shape.slice(0, -1).map((): [number, number] => [0, 0]);
    const filled = tf.pad(fillTriangular(x), [...batch, [1, 0], [0, 1]]);
    const n = filled.shape[filled.rank - 1];
    const unnormalised = setDiag(filled, tf.ones([n]));
    return tf.div(unnormalised, tf.norm(unnormalised, 'euclidean', -1, true));
  }

  protected _inverse(y: tf.Tensor): tf.Tensor {
    const n = y.shape[y.rank - 1];
    if (y.rank < 2 || y.shape[y.rank - 2] !== n || n < 2) {
      throw new Error(`${this.name}.inverse: y must be a (batch of) n x n matrices with n >= 2, got shape ${shapeString(y.shape)}`);
    }
    const scaled = tf.div(y, tf.expandDims(matrixDiagPart(y), -1));
    const inner = tf.slice(scaled, [...y.shape.slice(0, -2).map(() => 0), 1, 0], [...y.shape.slice(0, -2), n - 1, n - 1]);
    return fillTriangularInverse(inner);
  }

  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    const n = y.shape[y.rank - 1];
    const weights = tf.tensor1d(Array.from({length: n}, (_, i) => i + 2));
    return tf.neg(tf.sum(tf.mul(weights, tf.log(matrixDiagPart(y))), -1));
  }

  protected override _forwardEventShape(shape: number[]): number[] {
    const m = shape[shape.length - 1];
    const k = shape.length >= 1 ? triangularSide(m) : undefined;
    if (k === undefined) {
      throw new Error(`${this.name}: the event must be a vector of length n(n-1)/2, got shape ${shapeString(shape)}`);
    }
    return [...shape.slice(0, -1), k + 1, k + 1];
  }

  protected override _inverseEventShape(shape: number[]): number[] {
    const n = shape[shape.length - 1];
    if (shape.length < 2 || shape[shape.length - 2] !== n) {
      throw new Error(`${this.name}: the event must be a square matrix [n, n], got shape ${shapeString(shape)}`);
    }
    return [...shape.slice(0, -2), (n * (n - 1)) / 2];
  }
}
