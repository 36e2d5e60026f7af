import * as tf from '@tensorflow/tfjs';
import {Categorical} from './categorical';
import {Distribution, DistributionOptions} from './distribution';
import {sampleBroadcastBatch} from './internal/broadcast_sample';
import {MixtureBase} from './internal/mixture_base';
import {SeedStream} from './internal/seed';

export interface MixtureSameFamilyOptions extends DistributionOptions {
  /** The mixture weights: a Categorical over K components, batch shape broadcasting with the mixture's. */
  mixtureDistribution: Categorical;
  /** The K components as the last batch dim of one distribution: batch shape [..., K]. */
  componentsDistribution: Distribution;
}

/**
 * A mixture of K distributions of one family (TFP's `tfd.MixtureSameFamily`): the components are
 * the last batch dim of `componentsDistribution` and the weights the probabilities of
 * `mixtureDistribution`, p(x) = sum_k w_k p_k(x). Batch shape: the broadcast of the mixture's batch
 * shape and the components' batch shape less K; event shape: the components'. Samples are not
 * reparameterized.
 */
export class MixtureSameFamily extends MixtureBase {
  readonly mixtureDistribution: Categorical;
  readonly componentsDistribution: Distribution;

  constructor(options: MixtureSameFamilyOptions) {
    super(
      {mixtureDistribution: options.mixtureDistribution, componentsDistribution: options.componentsDistribution},
      {name: 'MixtureSameFamily', ...options},
    );
    const {mixtureDistribution: mixture, componentsDistribution: components} = options;
    if (!(mixture instanceof Categorical)) {
      throw new Error(`${this.name}: 'mixtureDistribution' must be a Categorical; received ${String(mixture)}`);
    }
    if (!(components instanceof Distribution)) {
      throw new Error(`${this.name}: 'componentsDistribution' must be a Distribution; received ${String(components)}`);
    }
    const componentBatch = components.batchShape;
    if (componentBatch.length === 0) {
      throw new Error(
        `${this.name}: 'componentsDistribution' must have the components as its last batch dim (batch shape [..., K]); ` +
          `received ${components.name} with batch shape []`,
      );
    }
    const k = componentBatch[componentBatch.length - 1];
    if (mixture.numCategories !== k) {
      throw new Error(
        `${this.name}: 'mixtureDistribution' has ${mixture.numCategories} mixture weights but 'componentsDistribution' ` +
          `has ${k} components (batch shape [${componentBatch}]); expected equal numbers`,
      );
    }
    this.mixtureDistribution = mixture;
    this.componentsDistribution = components;
    this.recordBatchShape('mixtureDistribution', mixture.batchShape);
    this.recordBatchShape('componentsDistribution', componentBatch.slice(0, -1));
  }

  protected get selector(): Categorical {
    return this.mixtureDistribution;
  }

  get numComponents(): number {
    return this.mixtureDistribution.numCategories;
  }

  override get dtype() {
    return this.componentsDistribution.dtype;
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return this.componentsDistribution.eventShape;
  }

  protected componentStatistic(f: (d: Distribution) => tf.Tensor): tf.Tensor {
    return f(this.componentsDistribution);
  }

  /** Inserts the component axis in x (shape [..., event] -> [..., 1, event]) so it broadcasts against K. */
  protected componentFunction(x: tf.Tensor, f: (d: Distribution, x: tf.Tensor) => tf.Tensor): tf.Tensor {
    const axis = x.rank - this.eventRank;
    if (axis < 0) {
      throw new Error(`${this.name}: input of shape [${x.shape}] has fewer dims than the event shape [${this.eventShape}]`);
    }
    return f(this.componentsDistribution, tf.expandDims(x, axis));
  }

  protected componentSamples(n: number, seed: SeedStream): tf.Tensor {
    return sampleBroadcastBatch(this.componentsDistribution, n, [...this.batchShape, this.numComponents], seed.next());
  }
}
