import * as tf from '@tensorflow/tfjs';
import {Categorical} from './categorical';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  NOT_REPARAMETERIZED,
  ReparameterizationType,
} from './distribution';
import {sampleBroadcastBatch} from './internal/broadcast_sample';
import {MixtureBase} from './internal/mixture_base';
import {SeedStream} from './internal/seed';

export interface MixtureSameFamilyOptions extends DistributionOptions {
  /** The mixture weights: a Categorical over K components, batch shape broadcasting with the mixture's. */
  mixtureDistribution: Categorical;
  /** The K components as the last batch dim of one distribution: batch shape [..., K]. */
  componentsDistribution: Distribution;
  /**
   * Make samples differentiable in the parameters by implicit reparameterisation (the
   * distributional transform): dx/dtheta = -(dF(x)/dtheta) / p(x). Scalar events only, and the
   * components must have a differentiable cdf. Default false.
   */
  reparameterize?: boolean;
}

/** Identity with a zero gradient (TF's `stop_gradient`). */
const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as (x: tf.Tensor) => tf.Tensor;

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
  readonly reparameterize: boolean;

  constructor(options: MixtureSameFamilyOptions) {
    super(
      {
        mixtureDistribution: options.mixtureDistribution,
        componentsDistribution: options.componentsDistribution,
        reparameterize: options.reparameterize,
      },
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
    this.reparameterize = options.reparameterize ?? false;
    if (this.reparameterize && components.eventShape.length !== 0) {
      throw new Error(
        `${this.name}: 'reparameterize' is supported for scalar events only; the components have event shape [${components.eventShape}]`,
      );
    }
    this.recordBatchShape('mixtureDistribution', mixture.batchShape);
    this.recordBatchShape('componentsDistribution', componentBatch.slice(0, -1));
  }

  override get reparameterizationType(): ReparameterizationType {
    return this.reparameterize ? FULLY_REPARAMETERIZED : NOT_REPARAMETERIZED;
  }

  /**
   * Draws as the base class does; with `reparameterize`, returns x + (stop(F(x)) - F(x)) / stop(p(x))
   * at the stopped draw x: the value is x, the gradient -(dF/dtheta) / p (TFP's distributional transform).
   */
  protected override sampleN(n: number, seed: SeedStream): tf.Tensor {
    const draws = super.sampleN(n, seed);
    if (!this.reparameterize) return draws;
    const x = stopGradient(draws);
    const cdf = this.cdfFn(x);
    const density = stopGradient(tf.exp(this.logProbFn(x)));
    return tf.add(x, tf.div(tf.sub(stopGradient(cdf), cdf), density));
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
