import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {VariationalLayer, VariationalLayerArgs} from './variational';

export interface VariationalDenseArgs extends VariationalLayerArgs {
  /** Output dimension. */
  units: number;
}

/**
 * A densely connected variational layer, out = activation(x W + b) with W (and b) drawn from their
 * posteriors by the subclass's estimator (TFP's `_DenseVariational`). Inputs of rank > 2 are
 * contracted on the last axis.
 */
export abstract class VariationalDense extends VariationalLayer {
  readonly units: number;

  constructor(args: VariationalDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) {
      throw new Error(`${this.owner()}: units must be a positive integer; received ${args.units}`);
    }
    this.units = args.units;
  }

  protected get outputChannels(): number {
    return this.units;
  }

  protected checkInputShape(inputShape: tf.Shape): void {
    const last = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || last === null || last === undefined) {
      throw new Error(
        `${this.owner()}: expected an input of rank >= 2 with a defined last dimension ([batch, ..., features]); ` +
          `received shape [${inputShape.map((d) => (d === null ? 'null' : d))}]`,
      );
    }
  }

  protected kernelShape(inputShape: tf.Shape): number[] {
    return [inputShape[inputShape.length - 1] as number, this.units];
  }

  protected applyKernel(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    if (x.rank === 2) return tf.matMul(x, kernel);
    const inner = x.shape[x.rank - 1];
    const flat = tf.matMul(tf.reshape(x, [-1, inner]), kernel);
    return tf.reshape(flat, [...x.shape.slice(0, -1), this.units]);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): LayerConfig {
    return {...super.getConfig(), units: this.units};
  }
}
