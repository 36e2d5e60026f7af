import * as tf from '@tensorflow/tfjs';
import type {Bijector} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions} from './distribution';
import {asShape, sizeOf} from './internal/parameters';
import {sampleEventSpaceBijector} from './internal/sample_event_space';
import {SeedStream} from './internal/seed';
import {klDivergence, registerKL} from './kl_divergence';

export interface SampleOptions extends DistributionOptions {
  distribution: Distribution;
  /** Shape of the block of iid draws that forms one event. */
  sampleShape?: number | number[];
}

/**
 * An event made of iid draws of `distribution` (TFP's `tfd.Sample`): event shape
 * `sampleShape + distribution.eventShape`, log p(x) = sum over the draws of the inner log p.
 */
export class Sample extends Distribution {
  readonly distribution: Distribution;
  readonly sampleShape: number[];

  constructor(options: SampleOptions) {
    super({distribution: options.distribution, sampleShape: options.sampleShape}, {
      name: `Sample${options.distribution?.name ?? ''}`,
      ...options,
    });
    if (!(options.distribution instanceof Distribution)) {
      throw new Error(`Sample: 'distribution' must be a Distribution; received ${String(options.distribution)}`);
    }
    this.distribution = options.distribution;
    try {
      this.sampleShape = asShape(options.sampleShape ?? []);
    } catch (error) {
      throw new Error(`Sample: 'sampleShape' ${(error as Error).message.replace(/^sample shape /, '')}`);
    }
  }

  get reparameterizationType() {
    return this.distribution.reparameterizationType;
  }

  override get dtype() {
    return this.distribution.dtype;
  }

  get batchShape(): number[] {
    return this.distribution.batchShape;
  }

  get eventShape(): number[] {
    return [...this.sampleShape, ...this.distribution.eventShape];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    // Inner draws are [n, ...sampleShape, ...batch, ...event]; move the sample dims after the batch.
    const draws = this.distribution.sample([n, ...this.sampleShape], seed.next());
    const s = this.sampleShape.length;
    const b = this.batchShape.length;
    const e = this.distribution.eventShape.length;
    const perm = [0, ...range(1 + s, 1 + s + b), ...range(1, 1 + s), ...range(1 + s + b, 1 + s + b + e)];
    return tf.transpose(draws, perm);
  }

  /**
   * x broadcast against batchShape + eventShape, so that an x without the batch dims (one observed
   * event for a batch of parameters) is not misread as having its sample dims in the batch position.
   */
  private broadcastToBatch(x: tf.Tensor): tf.Tensor {
    const full = [...this.batchShape, ...this.eventShape];
    if (full.length === 0) return x;
    let shape: number[];
    try {
      shape = tf.broadcast_util.assertAndGetBroadcastShape(x.shape, full);
    } catch {
      throw new Error(`${this.name}: logProb input of shape [${x.shape}] does not broadcast with batch + event shape [${full}]`);
    }
    return shape.length === x.rank && shape.every((d, i) => d === x.shape[i]) ? x : tf.broadcastTo(x, shape);
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    // x is [...outer, ...batch, ...sampleShape, ...event]; move the sample dims to the front.
    const s = this.sampleShape.length;
    const e = this.distribution.eventShape.length;
    if (x.rank < s + e) {
      throw new Error(`${this.name}: logProb input of shape [${x.shape}] has fewer dims than the event shape [${this.eventShape}]`);
    }
    x = this.broadcastToBatch(x);
    const front = x.rank - s - e;
    const perm = [...range(front, front + s), ...range(0, front), ...range(front + s, x.rank)];
    const lp = this.distribution.logProb(tf.transpose(x, perm));
    return s === 0 ? lp : tf.sum(lp, range(0, s));
  }

  private tile(t: tf.Tensor): tf.Tensor {
    // Insert the sample dims between batch and event, broadcast.
    const b = this.batchShape.length;
    const e = this.distribution.eventShape.length;
    const withBatch = tf.broadcastTo(t, [...this.batchShape, ...this.distribution.eventShape]);
    const expanded = tf.reshape(withBatch, [...this.batchShape, ...this.sampleShape.map(() => 1), ...withBatch.shape.slice(b, b + e)]);
    return tf.broadcastTo(expanded, [...this.batchShape, ...this.eventShape]);
  }

  /** The inner bijector applied to every draw of the event, log-dets summed over the draws. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    const inner = this.distribution.experimentalDefaultEventSpaceBijector();
    return sampleEventSpaceBijector(inner, this.distribution.batchShape.length, this.sampleShape.length, this.distribution.eventShape);
  }

  protected override meanFn(): tf.Tensor {
    return this.tile(this.distribution.mean());
  }

  protected override varianceFn(): tf.Tensor {
    return this.tile(this.distribution.variance());
  }

  protected override modeFn(): tf.Tensor {
    return this.tile(this.distribution.mode());
  }

  protected override entropyFn(): tf.Tensor {
    return tf.mul(this.distribution.entropy(), sizeOf(this.sampleShape));
  }
}

function range(start: number, end: number): number[] {
  return Array.from({length: Math.max(end - start, 0)}, (_, i) => start + i);
}

/** KL of two Samples with the same sample shape: the inner KL times the number of draws. */
registerKL(Sample, Sample, (p, q) => {
  if (p.sampleShape.length !== q.sampleShape.length || p.sampleShape.some((d, i) => d !== q.sampleShape[i])) {
    throw new Error(`KL(Sample || Sample): sample shapes differ ([${p.sampleShape}] vs [${q.sampleShape}])`);
  }
  return tf.mul(klDivergence(p.distribution, q.distribution), sizeOf(p.sampleShape));
});
