import * as tf from '@tensorflow/tfjs';
import type {Bijector} from '@tfjs-probability/bijectors';
import {Distribution, DistributionOptions} from './distribution';
import {SeedStream} from './internal/seed';
import {registerKL, klDivergence} from './kl_divergence';

export interface IndependentOptions extends DistributionOptions {
  distribution: Distribution;
  /** How many of the rightmost batch dims become event dims; default all of them (TFP's None). */
  reinterpretedBatchNdims?: number;
}

/**
 * Reinterprets the rightmost batch dims of a distribution as event dims (TFP's `tfd.Independent`):
 * log p(x) = sum over the reinterpreted dims of the inner log p.
 */
export class Independent extends Distribution {
  readonly distribution: Distribution;
  readonly reinterpretedBatchNdims: number;

  constructor(options: IndependentOptions) {
    super({distribution: options.distribution, reinterpretedBatchNdims: options.reinterpretedBatchNdims}, {
      name: `Independent${options.distribution.name}`,
      ...options,
    });
    if (!(options.distribution instanceof Distribution)) {
      throw new Error(`Independent: 'distribution' must be a Distribution; received ${String(options.distribution)}`);
    }
    this.distribution = options.distribution;
    const innerRank = this.distribution.batchShape.length;
    const k = options.reinterpretedBatchNdims ?? innerRank;
    if (!Number.isInteger(k) || k < 0 || k > innerRank) {
      throw new Error(
        `Independent: 'reinterpretedBatchNdims' must be an integer in [0, ${innerRank}] ` +
          `(the batch rank of ${this.distribution.name}, batch shape [${this.distribution.batchShape}]); received ${k}`,
      );
    }
    this.reinterpretedBatchNdims = k;
  }

  get reparameterizationType() {
    return this.distribution.reparameterizationType;
  }

  override get dtype() {
    return this.distribution.dtype;
  }

  get batchShape(): number[] {
    const inner = this.distribution.batchShape;
    return inner.slice(0, inner.length - this.reinterpretedBatchNdims);
  }

  get eventShape(): number[] {
    const inner = this.distribution.batchShape;
    return [...inner.slice(inner.length - this.reinterpretedBatchNdims), ...this.distribution.eventShape];
  }

  /** Sums the trailing reinterpreted dims of an inner per-batch-member quantity. */
  private reduce(t: tf.Tensor): tf.Tensor {
    const k = this.reinterpretedBatchNdims;
    if (k === 0) return t;
    const axes = Array.from({length: k}, (_, i) => t.rank - k + i);
    return tf.sum(t, axes);
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.distribution.sample([n], seed.next());
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return this.reduce(this.distribution.logProb(x));
  }

  protected override meanFn(): tf.Tensor {
    return this.distribution.mean();
  }

  protected override varianceFn(): tf.Tensor {
    return this.distribution.variance();
  }

  protected override stddevFn(): tf.Tensor {
    return this.distribution.stddev();
  }

  protected override modeFn(): tf.Tensor {
    return this.distribution.mode();
  }

  /** The inner distribution's: reinterpreting batch dims as event dims does not move any axis. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return this.distribution.experimentalDefaultEventSpaceBijector();
  }

  protected override entropyFn(): tf.Tensor {
    return this.reduce(this.distribution.entropy());
  }
}

/** KL of Independents with the same event structure is the sum of the inner KLs. */
registerKL(Independent, Independent, (p, q) => {
  if (
    p.eventShape.length !== q.eventShape.length ||
    p.eventShape.some((d, i) => d !== q.eventShape[i])
  ) {
    throw new Error(
      `KL(Independent || Independent): event shapes differ ([${p.eventShape}] vs [${q.eventShape}])`,
    );
  }
  // With equal event shapes, p's reinterpreted dims are the trailing dims of the inner KL's batch.
  const inner = klDivergence(p.distribution, q.distribution);
  const k = p.reinterpretedBatchNdims;
  return k === 0 ? inner : tf.sum(inner, Array.from({length: k}, (_, i) => inner.rank - k + i));
});
