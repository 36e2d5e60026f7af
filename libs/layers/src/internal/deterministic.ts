import * as tf from '@tensorflow/tfjs';
import {Distribution, FULLY_REPARAMETERIZED, SeedStream, TensorLike} from '@tfjs-probability/distributions';

/**
 * A point mass at `loc` over events of rank `eventNdims` (TFP's `tfd.Deterministic`, wrapped in
 * `Independent` as the singular mean-field posterior of `default_mean_field_normal_fn(is_singular=True)`):
 * samples are `loc`, log p(x) is 0 at `loc` and -inf elsewhere.
 */
export class Deterministic extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  private readonly eventNdims: number;

  constructor(options: {loc: TensorLike; eventNdims?: number}) {
    super({loc: options.loc, eventNdims: options.eventNdims}, {name: 'Deterministic'});
    this.eventNdims = options.eventNdims ?? 0;
    this.loc = this.param('loc', options.loc, {eventNdims: this.eventNdims});
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return this.loc.shape.slice(this.loc.rank - this.eventNdims);
  }

  protected sampleN(n: number, _seed: SeedStream): tf.Tensor {
    return tf.broadcastTo(tf.expandDims(this.loc, 0), [n, ...this.loc.shape]);
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    const logP = tf.log(tf.cast(tf.equal(x, this.loc), 'float32'));
    if (this.eventNdims === 0) return logP;
    return tf.sum(logP, Array.from({length: this.eventNdims}, (_, i) => logP.rank - this.eventNdims + i));
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  protected override varianceFn(): tf.Tensor {
    return tf.zerosLike(this.loc);
  }
}
