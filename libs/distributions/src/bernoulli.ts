import * as tf from '@tensorflow/tfjs';
import {DistributionOptions, NOT_REPARAMETERIZED} from './distribution';
import {assertIntegerSupport, logSigmoid, multiplyNoNan, probsAndComplement} from './internal/logits_probs';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {BinaryLogitsProbsDistribution} from './internal/binary_logits_probs';
import {registerKL} from './kl_divergence';

export interface BernoulliOptions extends DistributionOptions {
  /** log(p / (1 - p)); give exactly one of `logits` and `probs`. */
  logits?: TensorLike;
  /** P(X = 1), in [0, 1]. */
  probs?: TensorLike;
}

/**
 * The Bernoulli distribution (TFP's `tfd.Bernoulli`) on {0, 1} with P(X = 1) = p = sigmoid(logits):
 * log p(x) = x log p + (1 - x) log(1 - p). Samples are int32, as TFP's default dtype.
 */
export class Bernoulli extends BinaryLogitsProbsDistribution {
  readonly reparameterizationType = NOT_REPARAMETERIZED;

  constructor(options: BernoulliOptions) {
    super({logits: options.logits, probs: options.probs}, options);
  }

  override get dtype(): 'int32' {
    return 'int32';
  }

  /** [log P(X = 0), log P(X = 1)], stable in either parameterisation. */
  private outcomeLogProbs(): [tf.Tensor, tf.Tensor] {
    if (this.logits !== undefined) {
      return [logSigmoid(tf.neg(this.logits)), logSigmoid(this.logits)];
    }
    const p = this.probs as tf.Tensor;
    return [tf.log1p(tf.neg(p)), tf.log(p)];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const p = this.probsParameter();
    const u = tf.randomUniform([n, ...this.batchShape], 0, 1, 'float32', seed.next());
    return tf.cast(tf.less(u, p), 'int32');
  }

  /** x log p + (1 - x) log(1 - p), with 0 * (-inf) = 0 at p in {0, 1}; as TFP, not -inf off {0, 1}. */
  protected logProbFn(x: tf.Tensor): tf.Tensor {
    if (this.validateArgs) assertIntegerSupport(this.name, x, 1);
    const [log0, log1] = this.outcomeLogProbs();
    return tf.add(multiplyNoNan(log0, tf.sub(1, x)), multiplyNoNan(log1, x));
  }

  /** P(X <= x): 0 for x < 0, 1 - p for 0 <= x < 1, 1 for x >= 1. */
  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    const [, q] = probsAndComplement(this.logits, this.probs);
    const shape = tf.backend_util.assertAndGetBroadcastShape(x.shape, q.shape);
    const below = tf.zeros(shape);
    const above = tf.ones(shape);
    return tf.where(tf.less(x, 0), below, tf.where(tf.less(x, 1), tf.broadcastTo(q, shape), above));
  }

  protected override meanFn(): tf.Tensor {
    return this.probsParameter();
  }

  /** p (1 - p). */
  protected override varianceFn(): tf.Tensor {
    const [p, q] = probsAndComplement(this.logits, this.probs);
    return tf.mul(p, q);
  }

  /** 1 if p > 1/2 else 0 (int32, TFP's convention for p = 1/2). */
  protected override modeFn(): tf.Tensor {
    return tf.cast(tf.greater(this.probsParameter(), 0.5), 'int32');
  }

  /** H = -(1 - p) log(1 - p) - p log p; from logits, softplus(l) - p l. */
  protected override entropyFn(): tf.Tensor {
    if (this.logits !== undefined) {
      return tf.sub(tf.softplus(this.logits), tf.mul(tf.sigmoid(this.logits), this.logits));
    }
    const p = this.probs as tf.Tensor;
    const [log0, log1] = this.outcomeLogProbs();
    return tf.neg(tf.add(multiplyNoNan(log0, tf.sub(1, p)), multiplyNoNan(log1, p)));
  }
}

/**
 * KL(a || b) = sum over {0, 1} of P_a(x) (log P_a(x) - log P_b(x)), with 0 log 0 = 0 (TFP computes it
 * from the logits: sigmoid(a) (softplus(-b) - softplus(-a)) + sigmoid(-a) (softplus(b) - softplus(a))).
 */
registerKL(Bernoulli, Bernoulli, (a, b) => {
  const la = a.logitsParameter();
  const lb = b.logitsParameter();
  const pa = a.probsParameter();
  const one = multiplyNoNan(tf.sub(logSigmoid(la), logSigmoid(lb)), pa);
  const zero = multiplyNoNan(tf.sub(logSigmoid(tf.neg(la)), logSigmoid(tf.neg(lb))), tf.sub(1, pa));
  return tf.add(one, zero);
});
