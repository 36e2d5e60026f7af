import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {VariationalLayer, VariationalLayerArgs} from './variational';

export type ConvPadding = 'valid' | 'same';
export type ConvDataFormat = 'channelsLast' | 'channelsFirst';

export interface VariationalConvArgs extends VariationalLayerArgs {
  filters: number;
  /** Window size, one number for every spatial dim or one per dim. */
  kernelSize: number | number[];
  /** Default 1. */
  strides?: number | number[];
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Default 'channelsLast' ([batch, ...spatial, channels]). */
  dataFormat?: ConvDataFormat;
  /** Default 1. */
  dilationRate?: number | number[];
}


function tuple(owner: string, what: string, value: number | number[], rank: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(rank).fill(value) : value;
  if (!Array.isArray(values) || values.length !== rank || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`${owner}: ${what} must be a positive integer or ${rank} positive integers; received ${JSON.stringify(value)}`);
  }
  return values;
}

/** The output length of one spatial dim, as tfjs-layers' `convOutputLength`. */
function outputLength(length: number | null, kernel: number, padding: ConvPadding, stride: number, dilation: number): number | null {
  if (length === null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const valid = padding === 'same' ? length : length - dilated + 1;
  return Math.floor((valid + stride - 1) / stride);
}

/**
 * An N-d (N = 1, 2, 3) convolution with a weight posterior (TFP's `_ConvVariational`): the kernel
 * has shape `kernelSize + [inChannels, filters]` and the output `[batch, ...outSpatial, filters]`
 * (channels-first inputs are transposed around the channels-last convolution). Flipout signs are
 * per example and channel, shared over space, as TFP's `_ConvFlipout`.
 */
export abstract class VariationalConv extends VariationalLayer {
  readonly rank: 1 | 2 | 3;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: ConvPadding;
  readonly dataFormat: ConvDataFormat;
  readonly dilationRate: number[];

  constructor(rank: 1 | 2 | 3, args: VariationalConvArgs) {
    super(args);
    const owner = this.owner();
    this.rank = rank;
    if (!Number.isInteger(args.filters) || args.filters < 1) {
      throw new Error(`${owner}: filters must be a positive integer; received ${args.filters}`);
    }
    this.filters = args.filters;
    if (args.kernelSize === undefined) throw new Error(`${owner}: kernelSize is required`);
    this.kernelSize = tuple(owner, 'kernelSize', args.kernelSize, rank);
    this.strides = tuple(owner, 'strides', args.strides ?? 1, rank);
    this.dilationRate = tuple(owner, 'dilationRate', args.dilationRate ?? 1, rank);
    this.padding = args.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') {
      throw new Error(`${owner}: padding must be 'valid' or 'same'; received ${String(args.padding)}`);
    }
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    if (this.dataFormat !== 'channelsLast' && this.dataFormat !== 'channelsFirst') {
      throw new Error(`${owner}: dataFormat must be 'channelsLast' or 'channelsFirst'; received ${String(args.dataFormat)}`);
    }
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new Error(`${owner}: strides > 1 together with dilationRate > 1 is not supported (as tf.layers)`);
    }
  }

  private channelAxis(rank: number): number {
    return this.dataFormat === 'channelsLast' ? rank - 1 : 1;
  }

  protected get outputChannels(): number {
    return this.filters;
  }

  protected checkInputShape(inputShape: tf.Shape): void {
    const expectedRank = this.rank + 2;
    const layout = ['batch', ...['depth', 'height', 'width'].slice(3 - this.rank), 'channels'];
    if (this.dataFormat === 'channelsFirst') layout.splice(1, 0, layout.pop() as string);
    const channels = inputShape.length === expectedRank ? inputShape[this.channelAxis(expectedRank)] : undefined;
    if (inputShape.length !== expectedRank || channels === null || channels === undefined) {
      throw new Error(
        `${this.owner()}: expected an input of rank ${expectedRank} ([${layout.join(', ')}]) with a defined channel dim; ` +
          `received shape [${inputShape.map((d) => (d === null ? 'null' : d))}]`,
      );
    }
  }

  protected kernelShape(inputShape: tf.Shape): number[] {
    return [...this.kernelSize, inputShape[this.channelAxis(inputShape.length)] as number, this.filters];
  }

  protected override signShape(t: tf.Tensor): number[] {
    return [t.shape[0], ...new Array<number>(this.rank).fill(1), t.shape[t.rank - 1]];
  }

  private get toLastPerm(): number[] {
    return [0, ...Array.from({length: this.rank}, (_, i) => i + 2), 1];
  }

  protected override toChannelsLast(x: tf.Tensor): tf.Tensor {
    return this.dataFormat === 'channelsLast' ? x : tf.transpose(x, this.toLastPerm);
  }

  protected override fromChannelsLast(y: tf.Tensor): tf.Tensor {
    return this.dataFormat === 'channelsLast' ? y : tf.transpose(y, [0, this.rank + 1, ...Array.from({length: this.rank}, (_, i) => i + 1)]);
  }

  protected applyKernel(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    switch (this.rank) {
      case 1:
        return tf.conv1d(x as tf.Tensor3D, kernel as tf.Tensor3D, this.strides[0], this.padding, 'NWC', this.dilationRate[0]);
      case 2:
        return tf.conv2d(
          x as tf.Tensor4D,
          kernel as tf.Tensor4D,
          this.strides as [number, number],
          this.padding,
          'NHWC',
          this.dilationRate as [number, number],
        );
      case 3:
        return tf.conv3d(
          x as tf.Tensor5D,
          kernel as tf.Tensor5D,
          this.strides as [number, number, number],
          this.padding,
          'NDHWC',
          this.dilationRate as [number, number, number],
        );
    }
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const first = this.dataFormat === 'channelsLast' ? 1 : 2;
    const spatial = shape
      .slice(first, first + this.rank)
      .map((d, i) => outputLength(d, this.kernelSize[i], this.padding, this.strides[i], this.dilationRate[i]));
    return this.dataFormat === 'channelsLast' ? [shape[0], ...spatial, this.filters] : [shape[0], this.filters, ...spatial];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
    };
  }
}
