import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {shapeString} from './internal/shapes';

export interface BlockwiseOptions extends BijectorOptions {
  /** One bijector per block of the last axis; each acts on scalars or vectors (min event ndims <= 1). */
  bijectors: Bijector[];
  /** Sizes of the blocks of `x`; default all 1. */
  blockSizes?: number[];
}

/**
 * TFP's `Blockwise`: splits the last axis of `x` into blocks, applies `bijectors[i]` to block i and
 * concatenates. Log-dets add over blocks (each taken with event ndims 1). Blocks may change size
 * (e.g. SoftmaxCentered), following each bijector's `forwardEventShape`.
 */
export class Blockwise extends Bijector {
  readonly bijectors: readonly Bijector[];
  readonly blockSizes: readonly number[];
  private readonly outSizes: readonly number[];

  constructor(options: BlockwiseOptions) {
    const bijectors = options?.bijectors;
    if (!Array.isArray(bijectors) || bijectors.length === 0) {
      throw new Error(`Blockwise: 'bijectors' must be a non-empty array of Bijectors, got ${String(bijectors)}`);
    }
    bijectors.forEach((b, i) => {
      if (!(b instanceof Bijector)) throw new Error(`Blockwise: bijectors[${i}] is not a Bijector, got ${String(b)}`);
      if (b.forwardMinEventNdims > 1 || b.inverseMinEventNdims > 1) {
        throw new Error(
          `Blockwise: bijectors[${i}] (${b.name}) must act on scalars or vectors (min event ndims <= 1), ` +
            `got forward ${b.forwardMinEventNdims}, inverse ${b.inverseMinEventNdims}`,
        );
      }
    });
    const blockSizes = options.blockSizes ?? bijectors.map(() => 1);
    if (blockSizes.length !== bijectors.length || !blockSizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new Error(
        `Blockwise: 'blockSizes' must be ${bijectors.length} positive integers (one per bijector), got [${blockSizes.join(', ')}]`,
      );
    }
    super(
      {forwardMinEventNdims: 1, inverseMinEventNdims: 1, isConstantJacobian: bijectors.every((b) => b.isConstantJacobian), parameters: {bijectors, blockSizes}, defaultName: 'blockwise_of_' + bijectors.map((b) => b.name).join('_and_')},
      options,
    );
    this.bijectors = bijectors.slice();
    this.blockSizes = blockSizes.slice();
    this.outSizes = bijectors.map((b, i) => {
      const out = b.forwardEventShape([blockSizes[i]]);
      return out[out.length - 1];
    });
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    const parts = this.split(x, this.blockSizes, 'forward');
    return tf.concat(parts.map((p, i) => this.bijectors[i].forwardRaw(p)), -1);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    const parts = this.split(y, this.outSizes, 'inverse');
    return tf.concat(parts.map((p, i) => this.bijectors[i].inverseRaw(p)), -1);
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const parts = this.split(x, this.blockSizes, 'forwardLogDetJacobian');
    return parts.map((p, i) => this.bijectors[i].fldjAt(p, 1)).reduce((a, b) => tf.add(a, b));
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    const parts = this.split(y, this.outSizes, 'inverseLogDetJacobian');
    return parts.map((p, i) => this.bijectors[i].ildjAt(p, 1)).reduce((a, b) => tf.add(a, b));
  }
  protected override _forwardEventShape(shape: number[]): number[] {
    this.checkSize(shape, this.blockSizes, 'forwardEventShape');
    return [...shape.slice(0, -1), this.outSizes.reduce((a, b) => a + b, 0)];
  }
  protected override _inverseEventShape(shape: number[]): number[] {
    this.checkSize(shape, this.outSizes, 'inverseEventShape');
    return [...shape.slice(0, -1), this.blockSizes.reduce((a, b) => a + b, 0)];
  }

  private split(v: tf.Tensor, sizes: readonly number[], method: string): tf.Tensor[] {
    this.checkSize(v.shape, sizes, method);
    return tf.split(v, sizes as number[], -1);
  }

  private checkSize(shape: readonly number[], sizes: readonly number[], method: string): void {
    const total = sizes.reduce((a, b) => a + b, 0);
    if (shape.length < 1 || shape[shape.length - 1] !== total) {
      throw new Error(`${this.name}.${method}: the last axis must have size ${total} (blocks [${sizes.join(', ')}]), got shape ${shapeString(shape)}`);
    }
  }
}
