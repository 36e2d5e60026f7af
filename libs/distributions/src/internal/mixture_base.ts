import * as tf from '@tensorflow/tfjs';
import {reduceLogSumExp} from '@tfjs-probability/math';
import type {Categorical} from '../categorical';
import {Distribution, DistributionOptions, NOT_REPARAMETERIZED, ReparameterizationType} from '../distribution';
import {sampleBroadcastBatch} from './broadcast_sample';
// Registers zero gradients for the comparison kernels on the sampling path (the component mask).
import './ops';
import {SeedStream} from './seed';

/**
 * The shared machinery of the finite mixtures p(x) = sum_k w_k p_k(x) (MixtureSameFamily and
 * Mixture): log-density by log-sum-exp over the components, moments by the law of total variance,
 * cdf for scalar events, sampling by drawing every component and keeping the one a Categorical
 * picks. A subclass says how to evaluate something for all K components at once, with the
 * component axis just left of the event dims.
 *
 * The mixture borrows its distributions: `dispose()` does not free them.
 */
export abstract class MixtureBase extends Distribution {
  get reparameterizationType(): ReparameterizationType {
    return NOT_REPARAMETERIZED;
  }

  protected constructor(parameters: Record<string, unknown>, options: DistributionOptions) {
    super(parameters, options);
  }

  /** The Categorical choosing the component (batch shape broadcasting against the mixture's). */
  protected abstract get selector(): Categorical;

  /** K, the number of components. */
  abstract get numComponents(): number;

  /**
   * A statistic of every component stacked on the component axis: the result of `f` has
   * `eventNdims` trailing event dims and the component axis just before them.
   */
  protected abstract componentStatistic(f: (d: Distribution) => tf.Tensor, eventNdims: number): tf.Tensor;

  /** f(component, x) for every component at the points x (shape [..., event]): shape [..., batch, K]. */
  protected abstract componentFunction(x: tf.Tensor, f: (d: Distribution, x: tf.Tensor) => tf.Tensor): tf.Tensor;

  /** n draws of every component: [n, ...batchShape, K, ...eventShape], independent across the batch. */
  protected abstract componentSamples(n: number, seed: SeedStream): tf.Tensor;

  protected get eventRank(): number {
    return this.eventShape.length;
  }

  /** log w_k, normalised, shape [...mixture batch, K]. */
  protected logWeights(): tf.Tensor {
    return this.selector.normalizedLogProbs();
  }

  /** w_k with `trailing` size-1 dims appended, to broadcast against per-component statistics. */
  private paddedWeights(trailing: number): tf.Tensor {
    const w = this.selector.probsParameter();
    return tf.reshape(w, [...w.shape, ...new Array(trailing).fill(1)]);
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const draws = this.componentSamples(n, seed); // [n, B, K, E]
    const choice = sampleBroadcastBatch(this.selector, n, this.batchShape, seed.next()); // [n, B]
    const mask = tf.equal(
      tf.reshape(choice, [...choice.shape, 1, ...new Array(this.eventRank).fill(1)]),
      tf.reshape(tf.range(0, this.numComponents, 1, 'int32'), [this.numComponents, ...new Array(this.eventRank).fill(1)]),
    ); // [n, B, K, 1...]
    const kept = tf.where(tf.broadcastTo(mask, draws.shape), draws, tf.zerosLike(draws));
    return tf.sum(kept, draws.rank - 1 - this.eventRank);
  }

  /** log p(x) = logsumexp_k(log w_k + log p_k(x)). */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return reduceLogSumExp(tf.add(this.componentFunction(x, (d, xk) => d.logProb(xk)), this.logWeights()), -1);
  }

  private assertScalarEvent(method: string): void {
    if (this.eventRank !== 0) {
      throw new Error(`${this.name}: ${method} is defined for scalar events only; the event shape is [${this.eventShape}]`);
    }
  }

  /** F(x) = sum_k w_k F_k(x) (scalar events). */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    this.assertScalarEvent('cdf');
    return tf.sum(tf.mul(this.componentFunction(x, (d, xk) => d.cdf(xk)), this.selector.probsParameter()), -1);
  }

  /** log F(x) = logsumexp_k(log w_k + log F_k(x)) (scalar events), accurate in the left tail. */
  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    this.assertScalarEvent('logCdf');
    return reduceLogSumExp(tf.add(this.componentFunction(x, (d, xk) => d.logCdf(xk)), this.logWeights()), -1);
  }

  /** S(x) = sum_k w_k S_k(x) (scalar events). */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    this.assertScalarEvent('survivalFunction');
    return tf.sum(
      tf.mul(this.componentFunction(x, (d, xk) => d.survivalFunction(xk)), this.selector.probsParameter()),
      -1,
    );
  }

  /** log S(x) = logsumexp_k(log w_k + log S_k(x)) (scalar events), accurate in the right tail. */
  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    this.assertScalarEvent('logSurvivalFunction');
    return reduceLogSumExp(
      tf.add(this.componentFunction(x, (d, xk) => d.logSurvivalFunction(xk)), this.logWeights()),
      -1,
    );
  }

  /**
   * sum_k w_k s_k for per-component statistics s (component axis left of `eventNdims` trailing
   * dims); the weights and the statistics broadcast, so the sum runs over the product's axis.
   */
  private weightedSum(s: tf.Tensor, eventNdims: number, keepDims = false): tf.Tensor {
    const product = tf.mul(this.paddedWeights(eventNdims), s);
    return tf.sum(product, product.rank - 1 - eventNdims, keepDims);
  }

  /** E[X] = sum_k w_k E[X_k]. */
  protected override meanFn(): tf.Tensor {
    return this.weightedSum(this.componentStatistic((d) => d.mean(), this.eventRank), this.eventRank);
  }

  /** Law of total variance: Var[X] = sum_k w_k Var[X_k] + sum_k w_k (E[X_k] - E[X])^2. */
  protected override varianceFn(): tf.Tensor {
    const e = this.eventRank;
    const means = this.componentStatistic((d) => d.mean(), e);
    const mean = this.weightedSum(means, e, true);
    const meanOfVariances = this.weightedSum(this.componentStatistic((d) => d.variance(), e), e);
    const varianceOfMeans = this.weightedSum(tf.square(tf.sub(means, mean)), e);
    return tf.add(meanOfVariances, varianceOfMeans);
  }

  /**
   * Law of total covariance for vector events: Cov[X] = sum_k w_k Cov[X_k]
   * + sum_k w_k (E[X_k] - E[X])(E[X_k] - E[X])^T; the variance for scalar events.
   */
  protected override covarianceFn(): tf.Tensor {
    if (this.eventRank === 0) return this.variance();
    if (this.eventRank !== 1) {
      throw new Error(`${this.name}: covariance is defined for scalar and vector events; the event shape is [${this.eventShape}]`);
    }
    const means = this.componentStatistic((d) => d.mean(), 1); // [B, K, d]
    const covariances = this.componentStatistic((d) => d.covariance(), 2); // [B, K, d, d]
    const centred = tf.sub(means, this.weightedSum(means, 1, true));
    const outer = tf.mul(tf.expandDims(centred, -1), tf.expandDims(centred, -2));
    const total = tf.add(this.weightedSum(covariances, 2), this.weightedSum(outer, 2));
    const d = this.eventShape[0];
    return tf.broadcastTo(total, [...this.batchShape, d, d]);
  }
}
