import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {checkParameter, TensorInput, toFloat} from './internal/params';

export interface ScaleOptions extends BijectorOptions {
  /** Nonzero multiplier; give exactly one of `scale` and `logScale`. */
  scale?: TensorInput;
  /** Log of a positive multiplier. */
  logScale?: TensorInput;
}

/** TFP's `Scale`: `y = scale * x` (or `exp(logScale) * x`), `log|dy/dx| = log|scale|`. */
export class Scale extends Bijector {
  readonly scale: TensorInput | undefined;
  readonly logScale: TensorInput | undefined;

  constructor(options: ScaleOptions) {
    const {scale, logScale} = options ?? {};
    if ((scale === undefined) === (logScale === undefined)) {
      throw new Error(`Scale: give exactly one of 'scale' and 'logScale', got ${scale === undefined ? 'neither' : 'both'}`);
    }
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, isConstantJacobian: true, parameters: {scale, logScale}, defaultName: 'scale'}, options);
    if (scale !== undefined) {
      checkParameter('Scale', 'scale', scale, (v) => v !== 0 && Number.isFinite(v), 'finite and nonzero', this.validateArgs);
    } else {
      checkParameter('Scale', 'logScale', logScale as TensorInput, Number.isFinite, 'finite', this.validateArgs);
    }
    this.scale = scale;
    this.logScale = logScale;
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.scale !== undefined ? tf.mul(x, toFloat(this.scale)) : tf.mul(x, tf.exp(toFloat(this.logScale as TensorInput)));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.scale !== undefined ? tf.div(y, toFloat(this.scale)) : tf.mul(y, tf.exp(tf.neg(toFloat(this.logScale as TensorInput))));
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return this.scale !== undefined ? tf.log(tf.abs(toFloat(this.scale))) : tf.clone(toFloat(this.logScale as TensorInput));
  }
}
