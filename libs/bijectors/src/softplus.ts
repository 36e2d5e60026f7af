import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {log1mexp, softplusInverse} from '@tfjs-probability/math';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface SoftplusOptions extends BijectorOptions {
  /** Nonzero `c` in `y = c * log(1 + e^(x/c))`; default 1. */
  hingeSoftness?: TensorInput;
  /** Lower bound of the output: `y = low + c * softplus(x / c)`; default 0. */
  low?: TensorInput;
}

/** TFP's `Softplus`: `y = low + c log(1 + e^(x/c))`, `log|dy/dx| = -softplus(-x/c)`. */
export class Softplus extends Bijector {
  readonly hingeSoftness: TensorInput | undefined;
  readonly low: TensorInput | undefined;

  constructor(options: SoftplusOptions = {}) {
    const {hingeSoftness, low} = options;
    super(
      {forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {hingeSoftness, low}, defaultName: 'softplus'},
      options,
    );
    if (hingeSoftness !== undefined) {
      checkParameter('Softplus', 'hingeSoftness', hingeSoftness, (v) => v !== 0 && Number.isFinite(v), 'finite and nonzero', this.validateArgs);
    }
    if (low !== undefined) {
      checkParameter('Softplus', 'low', low, Number.isFinite, 'finite', this.validateArgs);
    }
    this.hingeSoftness = hingeSoftness;
    this.low = low;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    let y = this.hingeSoftness === undefined ? tf.softplus(x) : tf.mul(this.c(), tf.softplus(tf.div(x, this.c())));
    if (this.low !== undefined) y = tf.add(y, toFloat(this.low));
    return y;
  }

  protected _inverse(y: tf.Tensor): tf.Tensor {
    const z = this.low === undefined ? y : tf.sub(y, toFloat(this.low));
    if (this.hingeSoftness === undefined) return softplusInverse(z);
    return tf.mul(this.c(), softplusInverse(tf.div(z, this.c())));
  }

  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const u = this.hingeSoftness === undefined ? x : tf.div(x, this.c());
    return tf.neg(tf.softplus(tf.neg(u)));
  }

  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    const z = this.low === undefined ? y : tf.sub(y, toFloat(this.low));
    const u = this.hingeSoftness === undefined ? z : tf.div(z, this.c());
    return tf.neg(log1mexp(u));
  }

  private c(): tf.Tensor {
    return toFloat(this.hingeSoftness as TensorInput);
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    const low = this.low === undefined ? 0 : toFloat(this.low);
    const c = this.hingeSoftness === undefined ? 1 : toFloat(this.hingeSoftness);
    // The range is (low, inf) for c > 0 and (-inf, low) for c < 0.
    assertElements(this.name, method, 'y', y, (v) => tf.greater(tf.mul(tf.sub(v, low), tf.sign(c)), 0), 'on the side of low given by the sign of hingeSoftness');
  }
}
