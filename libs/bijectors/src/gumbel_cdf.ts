import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {assertElements, checkParameter, TensorInput, toFloat} from './internal/params';

export interface GumbelCDFOptions extends BijectorOptions {
  /** Default 0. */
  loc?: TensorInput;
  /** `> 0`; default 1. */
  scale?: TensorInput;
}

/**
 * TFP's `GumbelCDF`: `y = exp(-exp(-z))`, `z = (x - loc) / scale`;
 * `log|dy/dx| = -z - exp(-z) - log scale`.
 */
export class GumbelCDF extends Bijector {
  readonly loc: TensorInput;
  readonly scale: TensorInput;

  constructor(options: GumbelCDFOptions = {}) {
    const {loc = 0, scale = 1} = options;
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {loc, scale}, defaultName: 'gumbel_cdf'}, options);
    checkParameter('GumbelCDF', 'loc', loc, Number.isFinite, 'finite', this.validateArgs);
    checkParameter('GumbelCDF', 'scale', scale, (v) => v > 0 && Number.isFinite(v), 'positive and finite', this.validateArgs);
    this.loc = loc;
    this.scale = scale;
  }

  private z(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, toFloat(this.loc)), toFloat(this.scale));
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.exp(tf.neg(tf.exp(tf.neg(this.z(x)))));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    // -log y = -log1p(y - 1): y - 1 is exact near 1, where log(y) would lose digits.
    return tf.sub(toFloat(this.loc), tf.mul(toFloat(this.scale), tf.log(tf.neg(tf.log1p(tf.sub(y, 1))))));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    const z = this.z(x);
    return tf.sub(tf.sub(tf.neg(z), tf.exp(tf.neg(z))), tf.log(toFloat(this.scale)));
  }
  protected override _checkY(y: tf.Tensor, method: string): void {
    assertElements(this.name, method, 'y', y, (v) => tf.logicalAnd(tf.greater(v, 0), tf.less(v, 1)), 'in (0, 1)');
  }
}
