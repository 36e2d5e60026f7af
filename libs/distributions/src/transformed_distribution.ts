import * as tf from '@tensorflow/tfjs';
import {Bijector, Chain} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions} from './distribution';
import {SeedStream} from './internal/seed';
import {broadcastShapes} from './internal/parameters';

export interface TransformedDistributionOptions extends DistributionOptions {
  distribution: Distribution;
  bijector: Bijector;
}

/**
 * The distribution of Y = g(X) for X ~ `distribution` and a bijector g (TFP's
 * `tfd.TransformedDistribution`): log p_Y(y) = log p_X(g^-1(y)) + log|det J_{g^-1}(y)|, samples
 * g(x), and for bijectors with a constant Jacobian (affine maps) mean, mode and entropy
 * H[Y] = H[X] + log|det J_g|.
 */
export class TransformedDistribution extends Distribution {
  readonly distribution: Distribution;
  readonly bijector: Bijector;
  private cachedShapes: {batch: number[]; event: number[]} | undefined;

  constructor(options: TransformedDistributionOptions) {
    super(
      {distribution: options.distribution, bijector: options.bijector},
      {name: options.name ?? `${options.bijector?.name ?? ''}${options.distribution?.name ?? ''}`, ...options},
    );
    if (!(options.distribution instanceof Distribution)) {
      throw new Error(`${this.name}: 'distribution' must be a Distribution; received ${String(options.distribution)}`);
    }
    if (options.bijector === undefined || typeof options.bijector.forward !== 'function') {
      throw new Error(`${this.name}: 'bijector' must be a Bijector; received ${String(options.bijector)}`);
    }
    this.distribution = options.distribution;
    this.bijector = options.bijector;
    const minNdims = this.bijector.forwardMinEventNdims as number;
    const eventRank = this.distribution.eventShape.length;
    if (eventRank < minNdims) {
      throw new Error(
        `${this.name}: the bijector ${this.bijector.name} needs events of rank >= ${minNdims}, but ` +
          `${this.distribution.name} has event shape [${this.distribution.eventShape}]`,
      );
    }
  }

  get reparameterizationType() {
    return this.distribution.reparameterizationType;
  }

  private get xEventNdims(): number {
    return this.distribution.eventShape.length;
  }

  private get yEventNdims(): number {
    return this.bijector.forwardEventNdims(this.xEventNdims) as number;
  }

  /**
   * Batch shape: the base's, broadcast with the bijector's parameter batch, read off the shapes of
   * g(x) (less the event dims) and of its log-det at a point of the base's shape.
   */
  private shapes(): {batch: number[]; event: number[]} {
    if (this.cachedShapes === undefined) {
      const event = this.bijector.forwardEventShape(this.distribution.eventShape) as number[];
      const [yShape, ldjShape] = tf.tidy(() => {
        const x = tf.ones([...this.distribution.batchShape, ...this.distribution.eventShape]);
        const y = this.bijector.forward(x) as tf.Tensor;
        return [y.shape.slice(0, y.rank - event.length), this.bijector.forwardLogDetJacobian(x, this.xEventNdims).shape];
      });
      const batch = broadcastShapes(this.name, {distribution: this.distribution.batchShape, forward: yShape, logDet: ldjShape});
      this.cachedShapes = {batch, event};
    }
    return this.cachedShapes;
  }

  get batchShape(): number[] {
    return this.shapes().batch;
  }

  get eventShape(): number[] {
    return this.shapes().event;
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    // Base draws [n, ...baseBatch, ...baseEvent], broadcast to the full batch before the map, so
    // that a bijector with batched parameters maps one draw per batch member.
    const x = this.distribution.sample([n], seed.next());
    const baseBatch = this.distribution.batchShape;
    const baseEvent = this.distribution.eventShape;
    const pad = this.batchShape.length - baseBatch.length;
    const aligned = tf.reshape(x, [n, ...new Array(pad).fill(1), ...baseBatch, ...baseEvent]);
    const y = this.bijector.forward(tf.broadcastTo(aligned, [n, ...this.batchShape, ...baseEvent])) as tf.Tensor;
    const shape = [n, ...this.batchShape, ...this.eventShape];
    return y.shape.length === shape.length && y.shape.every((d, i) => d === shape[i]) ? y : tf.broadcastTo(y, shape);
  }

  protected logProbFn(y: tf.Tensor): tf.Tensor {
    const x = this.bijector.inverse(y);
    return tf.add(this.distribution.logProb(x), this.bijector.inverseLogDetJacobian(y, this.yEventNdims));
  }

  /** Chain([bijector, the base's]): onto the base's support, then through the bijector (as TFP). */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Chain([this.bijector, this.distribution.experimentalDefaultEventSpaceBijector()]);
  }

  private requireConstantJacobian(statistic: string): void {
    if (!this.bijector.isConstantJacobian) {
      this.notImplemented(`${statistic} (no closed form unless the bijector's Jacobian is constant)`);
    }
  }

  protected override meanFn(): tf.Tensor {
    this.requireConstantJacobian('mean');
    return this.bijector.forward(this.distribution.mean());
  }

  protected override modeFn(): tf.Tensor {
    this.requireConstantJacobian('mode');
    return this.bijector.forward(this.distribution.mode());
  }

  protected override entropyFn(): tf.Tensor {
    this.requireConstantJacobian('entropy');
    const x = tf.zeros([...this.distribution.batchShape, ...this.distribution.eventShape]);
    return tf.add(this.distribution.entropy(), this.bijector.forwardLogDetJacobian(x, this.xEventNdims));
  }
}
