import * as tf from '@tensorflow/tfjs';
import {Softplus} from '@tfjs-probability/bijectors';
import {lgamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, NOT_REPARAMETERIZED, ParameterProperties} from '../distribution';
import {logRandomGamma} from './log_random_gamma';
import {TensorLike} from './parameters';
import {SeedStream} from './seed';

export interface LKJBaseOptions extends DistributionOptions {
  /** d, the size of the d x d correlation matrices: a positive integer. */
  dimension: number;
  /** c > 0; the density of a correlation matrix R is proportional to det(R)^(c - 1). */
  concentration: TensorLike;
}

/** float32 machine epsilon. */
const FLOAT32_EPS = 2 ** -23;
const LOG_PI = Math.log(Math.PI);

/**
 * The shared part of LKJ and CholeskyLKJ: parameters, shapes, the normaliser and the onion sampler
 * of Lewandowski, Kurowicka and Joe (2009) run in Cholesky space, as TFP does.
 */
export abstract class LKJBase extends Distribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  readonly dimension: number;
  readonly concentration: tf.Tensor;

  protected constructor(parameters: Record<string, unknown>, options: LKJBaseOptions) {
    super(parameters, options);
    const d = options.dimension;
    if (!(typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
      throw new Error(`${this.name}: 'dimension' must be a positive integer; received ${String(d)}`);
    }
    this.dimension = d;
    this.concentration = this.param('concentration', options.concentration, {constraint: 'positive'});
  }

  /** TFP constrains the concentration to (1, inf) by default. */
  static override parameterProperties(): Record<string, ParameterProperties> {
    return {concentration: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: 1 + FLOAT32_EPS})}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [this.dimension, this.dimension];
  }

  /**
   * log of the integral of det(R)^(c-1) over correlation matrices (LKJ 2009, p. 1999):
   * sum_{k=1}^{d-1} [k log(pi) / 2 + lgamma(c + (d-1-k)/2) - lgamma(c + (d-1)/2)].
   */
  protected logNormalization(): tf.Tensor {
    const d = this.dimension;
    let total: tf.Tensor = tf.zerosLike(this.concentration);
    for (let k = 1; k < d; k++) {
      const term = tf.sub(lgamma(tf.add(this.concentration, (d - 1 - k) / 2)), lgamma(tf.add(this.concentration, (d - 1) / 2)));
      total = tf.add(total, tf.add(term, (k / 2) * LOG_PI));
    }
    return total;
  }

  /** Checks that x ends in [d, d]. */
  protected assertMatrixShape(x: tf.Tensor): void {
    const d = this.dimension;
    if (x.rank < 2 || x.shape[x.rank - 1] !== d || x.shape[x.rank - 2] !== d) {
      throw new Error(`${this.name}: input must have shape [..., ${d}, ${d}]; received [${x.shape}]`);
    }
  }

  /**
   * With validateArgs, throws unless every matrix of x passes `ok(value, row, column)` (x is read
   * back), naming the first offending entry and `expected`.
   */
  protected assertEntries(x: tf.Tensor, ok: (value: number, i: number, j: number, at: (i: number, j: number) => number) => boolean, expected: string): void {
    if (!this.validateArgs) return;
    const d = this.dimension;
    const values = x.dataSync();
    for (let m = 0; m < values.length / (d * d); m++) {
      const at = (i: number, j: number) => values[m * d * d + i * d + j];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          if (!ok(at(i, j), i, j, at)) {
            throw new Error(
              `${this.name}: input must be ${expected} (validateArgs); received ${at(i, j)} at [${i}, ${j}] of matrix ${m}`,
            );
          }
        }
      }
    }
  }

  /**
   * n Cholesky factors of LKJ(c) correlation matrices, [n, ...batch, d, d], by the onion method:
   * row 1 is [r, sqrt(1 - r^2)] with r = 2B - 1, B ~ Beta(c + (d-2)/2, same); row m >= 2 is
   * [sqrt(y) u, sqrt(1 - y)] with y ~ Beta(m/2, c + (d-2)/2 - (m-1)/2) and u uniform on the unit
   * sphere in R^m. Betas come from log-Gamma draws (no underflow at small c) with 1 - B computed
   * directly, so the square roots stay accurate near 1.
   */
  protected sampleCholesky(n: number, seed: SeedStream): tf.Tensor {
    const d = this.dimension;
    const shape = [n, ...this.batchShape];
    if (d === 1) return tf.ones([...shape, 1, 1]);
    const c = tf.broadcastTo(this.concentration, shape);
    /** B ~ Beta(a, b) and 1 - B as sigmoids of the difference of two log-Gamma draws. */
    const beta = (a: tf.Tensor | number, b: tf.Tensor | number) => {
      const t = tf.sub(logRandomGamma(shape, a, seed), logRandomGamma(shape, b, seed));
      return [tf.sigmoid(t), tf.sigmoid(tf.neg(t))];
    };
    const pad = (t: tf.Tensor, width: number) => (width === 0 ? t : tf.concat([t, tf.zeros([...shape, width])], -1));
    const first = tf.concat([tf.ones([...shape, 1]), tf.zeros([...shape, d - 1])], -1);
    let concentration = tf.add(c, (d - 2) / 2);
    const [b, oneMinusB] = beta(concentration, concentration);
    const r = tf.sub(tf.mul(2, b), 1);
    const rest = tf.mul(2, tf.sqrt(tf.mul(b, oneMinusB))); // sqrt(1 - r^2)
    const rows = [first, pad(tf.stack([r, rest], -1), d - 2)];
    for (let m = 2; m < d; m++) {
      concentration = tf.sub(concentration, 0.5);
      const [y, oneMinusY] = beta(m / 2, concentration);
      const z = tf.randomNormal([...shape, m], 0, 1, 'float32', seed.next());
      const direction = tf.div(z, tf.norm(z, 'euclidean', -1, true));
      const w = tf.mul(tf.expandDims(tf.sqrt(y), -1), direction);
      rows.push(pad(tf.concat([w, tf.expandDims(tf.sqrt(oneMinusY), -1)], -1), d - m - 1));
    }
    return tf.stack(rows, -2);
  }
}
