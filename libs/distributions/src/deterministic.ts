import * as tf from '@tensorflow/tfjs';
import {
  Distribution,
  DistributionClass,
  DistributionOptions,
  NOT_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import './internal/ops';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface DeterministicOptions extends DistributionOptions {
  loc: TensorLike;
  /** Absolute tolerance for comparing x to loc (default 0). */
  atol?: TensorLike;
  /** Relative tolerance, times |loc| (default 0). */
  rtol?: TensorLike;
}

/**
 * The point mass at `loc` (TFP's scalar `tfd.Deterministic`): prob(x) = 1 when
 * |x - loc| <= atol + rtol |loc|, else 0; cdf(x) = 1 when x >= loc - (atol + rtol |loc|).
 */
export class Deterministic extends Distribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly atol: tf.Tensor;
  readonly rtol: tf.Tensor;

  constructor(options: DeterministicOptions) {
    super({loc: options.loc, atol: options.atol ?? 0, rtol: options.rtol ?? 0}, options);
    this.loc = this.param('loc', options.loc);
    this.atol = this.param('atol', options.atol ?? 0, {constraint: 'nonNegative'});
    this.rtol = this.param('rtol', options.rtol ?? 0, {constraint: 'nonNegative'});
    this.inferredBatchShape();
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {loc: {eventNdims: 0}, atol: {eventNdims: 0}, rtol: {eventNdims: 0}};
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** atol + rtol |loc|. */
  slack(): tf.Tensor {
    return tf.tidy(() => tf.add(this.atol, tf.mul(this.rtol, tf.abs(this.loc))));
  }

  protected sampleN(n: number, _seed: SeedStream): tf.Tensor {
    return tf.broadcastTo(this.loc, [n, ...this.batchShape]);
  }

  protected override probFn(x: tf.Tensor): tf.Tensor {
    return tf.cast(tf.lessEqual(tf.abs(tf.sub(x, this.loc)), this.slack()), 'float32');
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.probFn(x));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return tf.cast(tf.greaterEqual(x, tf.sub(this.loc, this.slack())), 'float32');
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  protected override varianceFn(): tf.Tensor {
    return tf.zeros(this.batchShape);
  }

  protected override entropyFn(): tf.Tensor {
    return tf.zeros(this.batchShape);
  }
}

/** KL(Deterministic(loc) || q) = -log q(loc), for any q (TFP registers it against Distribution). */
// Distribution's constructor is protected, hence the cast to the registry's class type.
registerKL(Deterministic, Distribution as unknown as DistributionClass, (p, q) => tf.neg(q.logProb(p.loc)));
