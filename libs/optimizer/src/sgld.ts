import * as tf from '@tensorflow/tfjs';

import {SlottedOptimizer} from './slotted_optimizer';
import {checkNumber} from './validation';

const NAME = 'StochasticGradientLangevinDynamics';

/** TFP's `StochasticGradientLangevinDynamics` arguments. */
export interface StochasticGradientLangevinDynamicsArgs {
  /** Step size, > 0. */
  learningRate: number;
  /** RMSProp decay of the squared-gradient average, in [0, 1]. Default 0.95. */
  preconditionerDecayRate?: number;
  /** Number of examples the (mean) loss stands for; the gradient is scaled by it. Default 1. */
  dataSize?: number;
  /** Iterations before noise is injected (the preconditioner warms up). Default 25. */
  burnin?: number;
  /** Added to the squared-gradient average before the inverse square root. Default 1e-8. */
  diagonalBias?: number;
  /** Seed of the injected noise; the same seed gives the same trajectory. */
  seed?: number;
}

/**
 * Preconditioned stochastic gradient Langevin dynamics (Li et al., 2016), TFP's
 * `tfp.optimizer.StochasticGradientLangevinDynamics`. With v <- d v + (1 - d) g^2 and
 * G = 1 / sqrt(v + diagonalBias), each step is
 *   theta <- theta - (lr / 2) G (dataSize g) + sqrt(lr G) eps,   eps ~ N(0, I),
 * the noise starting once `iterations > burnin`; then theta is (approximately) a draw from
 * exp(-dataSize * loss). Like Li et al.'s practical variant, the small correction term
 * Gamma(theta) = sum_j dG_ij/dtheta_j (which TFP computes by differentiating the
 * preconditioner) is left out: it needs second derivatives that applyGradients does not get.
 */
export class StochasticGradientLangevinDynamics extends SlottedOptimizer {
  static get className(): string {
    return NAME;
  }

  readonly learningRate: number;
  readonly preconditionerDecayRate: number;
  readonly dataSize: number;
  readonly burnin: number;
  readonly diagonalBias: number;
  readonly seed: number | undefined;

  constructor(args: StochasticGradientLangevinDynamicsArgs) {
    super([{name: 'rms', initializer: 'ones'}]);
    if (args == null || typeof args !== 'object') {
      throw new Error(`${NAME}: expected an options object {learningRate, ...}; received ${String(args)}.`);
    }
    this.learningRate = args.learningRate;
    this.preconditionerDecayRate = args.preconditionerDecayRate ?? 0.95;
    this.dataSize = args.dataSize ?? 1;
    this.burnin = args.burnin ?? 25;
    this.diagonalBias = args.diagonalBias ?? 1e-8;
    this.seed = args.seed ?? undefined;
    checkNumber(NAME, 'learningRate', this.learningRate, v => v > 0, 'a finite number > 0');
    checkNumber(NAME, 'preconditionerDecayRate', this.preconditionerDecayRate, v => v >= 0 && v <= 1, 'in [0, 1]');
    checkNumber(NAME, 'dataSize', this.dataSize, v => v > 0, 'a finite number > 0');
    checkNumber(NAME, 'burnin', this.burnin, v => Number.isInteger(v) && v >= 0, 'an integer >= 0');
    checkNumber(NAME, 'diagonalBias', this.diagonalBias, v => v >= 0, 'a finite number >= 0');
    if (this.seed !== undefined) checkNumber(NAME, 'seed', this.seed, Number.isInteger, 'an integer');
  }

  protected applyUpdate(value: tf.Variable, g: tf.Tensor, slots: Record<string, tf.Variable>, index: number): void {
    const d = this.preconditionerDecayRate;
    const rms = tf.add(tf.mul(d, slots.rms), tf.mul(1 - d, tf.square(g)));
    slots.rms.assign(rms);
    const preconditioner = tf.rsqrt(tf.add(rms, this.diagonalBias));
    let step = tf.mul(0.5 * this.learningRate * this.dataSize, tf.mul(preconditioner, g));
    if (this.iterations > this.burnin) {
      const seed = this.seed === undefined ? undefined : this.seed + 7919 * this.iterations + 104729 * index;
      const noise = tf.randomNormal(value.shape, 0, 1, 'float32', seed);
      step = tf.sub(step, tf.mul(tf.sqrt(tf.mul(this.learningRate, preconditioner)), noise));
    }
    value.assign(tf.sub(value, step));
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      preconditionerDecayRate: this.preconditionerDecayRate,
      dataSize: this.dataSize,
      burnin: this.burnin,
      diagonalBias: this.diagonalBias,
      seed: this.seed ?? null,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
      cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls({...config, seed: config.seed ?? undefined});
  }
}

tf.serialization.registerClass(StochasticGradientLangevinDynamics);
