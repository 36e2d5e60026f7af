import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';

export interface ChainOptions extends BijectorOptions {
  /** Applied right to left: `Chain([f, g]).forward(x) = f(g(x))`. */
  bijectors: Bijector[];
}

/**
 * TFP's `Chain`: the composition `f_1 ∘ f_2 ∘ ... ∘ f_n` (the last bijector is applied first).
 * Log-dets add up, each constituent receiving the event ndims its input has at that point; the
 * chain's minimum event ndims are the smallest that satisfy every constituent, tracking the rank
 * changes of shape-changing bijectors (Reshape, FillTriangular, ...).
 */
export class Chain extends Bijector {
  readonly bijectors: readonly Bijector[];

  constructor(options: ChainOptions | Bijector[]) {
    const opts: ChainOptions = Array.isArray(options) ? {bijectors: options} : options;
    const bijectors = opts.bijectors ?? [];
    bijectors.forEach((b, i) => {
      if (!(b instanceof Bijector)) throw new Error(`Chain: bijectors[${i}] is not a Bijector, got ${String(b)}`);
    });
    const {forwardMin, inverseMin} = chainMinEventNdims(bijectors);
    super(
      {
        forwardMinEventNdims: forwardMin,
        inverseMinEventNdims: inverseMin,
        isConstantJacobian: bijectors.every((b) => b.isConstantJacobian),
        parameters: {bijectors},
        defaultName: bijectors.length === 0 ? 'identity' : 'chain_of_' + bijectors.map((b) => b.name).join('_of_'),
      },
      opts,
    );
    this.bijectors = bijectors.slice();
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    let v = x;
    for (let i = this.bijectors.length - 1; i >= 0; i--) v = this.bijectors[i].forwardRaw(v);
    return v === x ? tf.clone(x) : v;
  }

  protected _inverse(y: tf.Tensor): tf.Tensor {
    let v = y;
    for (const b of this.bijectors) v = b.inverseRaw(v);
    return v === y ? tf.clone(y) : v;
  }

  override fldjAt(x: tf.Tensor, eventNdims: number): tf.Tensor {
    this.checkNdims('forwardLogDetJacobian', eventNdims, this.forwardMinEventNdims, x.shape);
    let total: tf.Tensor = tf.scalar(0);
    let v = x;
    let n = eventNdims;
    for (let i = this.bijectors.length - 1; i >= 0; i--) {
      const b = this.bijectors[i];
      total = tf.add(total, b.fldjAt(v, n));
      n = b.forwardEventNdims(n);
      if (i > 0) v = b.forwardRaw(v);
    }
    return total;
  }

  override ildjAt(y: tf.Tensor, eventNdims: number): tf.Tensor {
    this.checkNdims('inverseLogDetJacobian', eventNdims, this.inverseMinEventNdims, y.shape);
    let total: tf.Tensor = tf.scalar(0);
    let v = y;
    let n = eventNdims;
    this.bijectors.forEach((b, i) => {
      total = tf.add(total, b.ildjAt(v, n));
      n = b.inverseEventNdims(n);
      if (i < this.bijectors.length - 1) v = b.inverseRaw(v);
    });
    return total;
  }

  protected override _forwardEventShape(shape: number[]): number[] {
    return this.bijectors.reduceRight((s, b) => b.forwardEventShape(s), shape);
  }

  protected override _inverseEventShape(shape: number[]): number[] {
    return this.bijectors.reduce((s, b) => b.inverseEventShape(s), shape);
  }
}

/**
 * The smallest input event rank m such that, applying the bijectors right to left, each sees at
 * least its forwardMinEventNdims (each changes the rank by inverseMin - forwardMin).
 */
function chainMinEventNdims(bijectors: readonly Bijector[]): {forwardMin: number; inverseMin: number} {
  let forwardMin = 0;
  let change = 0;
  for (let i = bijectors.length - 1; i >= 0; i--) {
    const b = bijectors[i];
    forwardMin = Math.max(forwardMin, b.forwardMinEventNdims - change);
    change += b.inverseMinEventNdims - b.forwardMinEventNdims;
  }
  return {forwardMin, inverseMin: forwardMin + change};
}
