import * as tf from '@tensorflow/tfjs';

import {SlottedOptimizer} from './slotted_optimizer';
import {checkNumber} from './validation';

const NAME = 'VariationalSGD';

/** TFP's `VariationalSGD` arguments. */
export interface VariationalSGDArgs {
  /** Examples per minibatch (the loss is their mean); 1 if the loss is a sum. */
  batchSize: number;
  /** Examples in the whole data set. */
  totalNumExamples: number;
  /** Upper bound on every coordinate's effective learning rate. Default 1. */
  maxLearningRate?: number;
  /** Decay of the gradient mean/variance averages. Default 0.95. */
  preconditionerDecayRate?: number;
  /** Iterations that use burninMaxLearningRate as the bound. Default 25. */
  burnin?: number;
  /** Bound on the learning rates during burn-in. Default 1e-6. */
  burninMaxLearningRate?: number;
  /** One learning rate per variable (the mean preconditioner) instead of one per coordinate. Default false. */
  useSingleLearningRate?: boolean;
}

/**
 * Constant-rate SGD as approximate posterior sampling (Mandt, Hoffman & Blei, 2017), TFP's
 * `tfp.optimizer.VariationalSGD`. It tracks exponentially weighted estimates of the mean m and
 * variance s of the minibatch gradient,
 *   delta = g - m,  m <- m + (1 - d) delta,  s <- d (s + (1 - d) delta^2),
 * and steps theta <- theta - eta g with the optimal coordinate-wise rate of their Theorem 2,
 *   eta = 2 batchSize / (totalNumExamples * batchSize * s),
 * clipped to [0, maxLearningRate] (to burninMaxLearningRate during burn-in).
 */
export class VariationalSGD extends SlottedOptimizer {
  static get className(): string {
    return NAME;
  }

  readonly batchSize: number;
  readonly totalNumExamples: number;
  readonly maxLearningRate: number;
  readonly preconditionerDecayRate: number;
  readonly burnin: number;
  readonly burninMaxLearningRate: number;
  readonly useSingleLearningRate: boolean;

  constructor(args: VariationalSGDArgs) {
    super([{name: 'first_moment', initializer: 'zeros'}, {name: 'second_moment', initializer: 'zeros'}]);
    if (args == null || typeof args !== 'object') {
      throw new Error(`${NAME}: expected an options object {batchSize, totalNumExamples, ...}; received ${String(args)}.`);
    }
    this.batchSize = args.batchSize;
    this.totalNumExamples = args.totalNumExamples;
    this.maxLearningRate = args.maxLearningRate ?? 1;
    this.preconditionerDecayRate = args.preconditionerDecayRate ?? 0.95;
    this.burnin = args.burnin ?? 25;
    this.burninMaxLearningRate = args.burninMaxLearningRate ?? 1e-6;
    this.useSingleLearningRate = args.useSingleLearningRate ?? false;
    checkNumber(NAME, 'batchSize', this.batchSize, v => v > 0, 'a finite number > 0');
    checkNumber(NAME, 'totalNumExamples', this.totalNumExamples, v => v > 0, 'a finite number > 0');
    checkNumber(NAME, 'maxLearningRate', this.maxLearningRate, v => v >= 0, 'a finite number >= 0');
    checkNumber(NAME, 'preconditionerDecayRate', this.preconditionerDecayRate, v => v >= 0 && v <= 1, 'in [0, 1]');
    checkNumber(NAME, 'burnin', this.burnin, v => Number.isInteger(v) && v >= 0, 'an integer >= 0');
    checkNumber(NAME, 'burninMaxLearningRate', this.burninMaxLearningRate, v => v >= 0, 'a finite number >= 0');
  }

  protected applyUpdate(value: tf.Variable, g: tf.Tensor, slots: Record<string, tf.Variable>): void {
    const d = this.preconditionerDecayRate;
    const first = slots.first_moment;
    const second = slots.second_moment;
    const delta = tf.sub(g, first);
    if (this.iterations < 1) {
      first.assign(g.clone());
    } else {
      first.assign(tf.add(first, tf.mul(1 - d, delta)));
      second.assign(tf.mul(d, tf.add(second, tf.mul(1 - d, tf.square(delta)))));
    }
    let preconditioner = tf.mul(tf.clipByValue(second, 1e-12, 1e12), this.batchSize);
    if (this.useSingleLearningRate) preconditioner = tf.mean(preconditioner);
    const bound = this.iterations < this.burnin ? this.burninMaxLearningRate : this.maxLearningRate;
    const rates = tf.clipByValue(tf.div(2 * this.batchSize / this.totalNumExamples, preconditioner), 0, bound);
    value.assign(tf.sub(value, tf.mul(g, rates)));
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      batchSize: this.batchSize,
      totalNumExamples: this.totalNumExamples,
      maxLearningRate: this.maxLearningRate,
      preconditionerDecayRate: this.preconditionerDecayRate,
      burnin: this.burnin,
      burninMaxLearningRate: this.burninMaxLearningRate,
      useSingleLearningRate: this.useSingleLearningRate,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
      cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}

tf.serialization.registerClass(VariationalSGD);
