import * as tf from '@tensorflow/tfjs';
import {Identity, Softplus} from '@tfjs-probability/bijectors';
import {igamma, igammac, lgamma} from '@tfjs-probability/math';
import {Distribution, DistributionOptions, NOT_REPARAMETERIZED, ParameterProperties} from './distribution';
import {SeededRandom} from '@tfjs-probability/math';
import {samplePoisson} from './internal/discrete_samplers';
import {assertIntegerSupport, exactlyOneOf, multiplyNoNan} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';

export interface PoissonOptions extends DistributionOptions {
  /** The rate (mean) lambda >= 0; give exactly one of `rate` and `logRate`. */
  rate?: TensorLike;
  /** log(lambda). */
  logRate?: TensorLike;
  /**
   * When true, logProb is -inf at non-integer x (and cdf steps at integers); when false (TFP's
   * default) logProb evaluates the continuous x log(lambda) - lgamma(x + 1) - lambda there.
   * Negative x always give -inf.
   */
  forceProbsToZeroOutsideSupport?: boolean;
}

/**
 * The Poisson distribution (TFP's `tfd.Poisson`) on {0, 1, 2, ...}:
 * log p(k) = k log(lambda) - lambda - lgamma(k + 1). Samples are float32 counts.
 */
export class Poisson extends Distribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;
  /** The rate as given (undefined when built from `logRate`). */
  readonly rate: tf.Tensor | undefined;
  /** The log-rate as given (undefined when built from `rate`). */
  readonly logRate: tf.Tensor | undefined;
  readonly forceProbsToZeroOutsideSupport: boolean;

  constructor(options: PoissonOptions) {
    super({rate: options.rate, logRate: options.logRate, forceProbsToZeroOutsideSupport: options.forceProbsToZeroOutsideSupport}, options);
    if (exactlyOneOf(this.name, options, 'rate', 'logRate') === 'rate') {
      this.rate = this.param('rate', options.rate as TensorLike, {constraint: 'nonNegative'});
    } else {
      this.logRate = this.param('logRate', options.logRate as TensorLike, {constraint: 'real'});
    }
    this.forceProbsToZeroOutsideSupport = options.forceProbsToZeroOutsideSupport ?? false;
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      rate: {eventNdims: 0, isPreferred: false, defaultConstrainingBijector: () => new Softplus({low: 2 ** -23})},
      logRate: {eventNdims: 0, defaultConstrainingBijector: () => new Identity()},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  /** lambda, exp(logRate) when built from the log (TFP's `rate_parameter()`). */
  rateParameter(): tf.Tensor {
    return tf.tidy(() => (this.rate !== undefined ? tf.clone(this.rate) : tf.exp(this.logRate as tf.Tensor)));
  }

  /** log(lambda) (TFP's `log_rate_parameter()`). */
  logRateParameter(): tf.Tensor {
    return tf.tidy(() => (this.logRate !== undefined ? tf.clone(this.logRate) : tf.log(this.rate as tf.Tensor)));
  }

  /** Exact draws: inversion for lambda < 10, Hormann's PTRS rejection above (float64, seeded). */
  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const rates = tf.broadcastTo(this.rateParameter(), this.batchShape).dataSync();
    const uniforms = new SeededRandom(seed.next(), 'Poisson');
    const out = new Float32Array(n * rates.length);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < rates.length; j++) out[i * rates.length + j] = samplePoisson(rates[j], uniforms);
    }
    return tf.tensor(out, [n, ...this.batchShape], 'float32');
  }

  /** The evaluation point: max(x, 0), floored first when forcing zero mass off the integers. */
  private safeX(x: tf.Tensor): tf.Tensor {
    return tf.maximum(this.forceProbsToZeroOutsideSupport ? tf.floor(x) : x, 0);
  }

  /** k log(lambda) - lgamma(k + 1) - lambda; -inf at negative x (and non-integers when forced). */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    if (this.validateArgs) assertIntegerSupport(this.name, x);
    const safe = this.safeX(x);
    const logProb = tf.sub(tf.sub(multiplyNoNan(this.logRateParameter(), safe), lgamma(tf.add(safe, 1))), this.rateParameter());
    return tf.where(tf.equal(x, safe), logProb, tf.fill(logProb.shape, -Infinity));
  }

  /**
   * P(X <= x) = igammac(1 + x, lambda) (the regularised upper incomplete gamma Q), 0 for x < 0; like
   * logProb, continuous between integers unless forceProbsToZeroOutsideSupport floors x.
   */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const cdf = igammac(tf.add(this.safeX(x), 1), this.rateParameter());
    return tf.where(tf.less(x, 0), tf.zerosLike(cdf), cdf);
  }

  /** P(X > x) = igamma(1 + x, lambda), 1 for x < 0 (accurate in the upper tail). */
  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    const sf = igamma(tf.add(this.safeX(x), 1), this.rateParameter());
    return tf.where(tf.less(x, 0), tf.onesLike(sf), sf);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.cdfFn(x));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return tf.log(this.survivalFn(x));
  }

  protected override meanFn(): tf.Tensor {
    return this.rateParameter();
  }

  protected override varianceFn(): tf.Tensor {
    return this.rateParameter();
  }

  /** floor(lambda) (for integer lambda both lambda and lambda - 1 are modes; TFP returns lambda). */
  protected override modeFn(): tf.Tensor {
    return tf.floor(this.rateParameter());
  }
}
