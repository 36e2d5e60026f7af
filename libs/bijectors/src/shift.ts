import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {checkParameter, TensorInput, toFloat} from './internal/params';

export interface ShiftOptions extends BijectorOptions {
  shift: TensorInput;
}

/** TFP's `Shift`: `y = x + shift`, log-det 0. */
export class Shift extends Bijector {
  readonly shift: TensorInput;

  constructor(options: ShiftOptions) {
    if (options?.shift === undefined) throw new Error(`Shift: parameter 'shift' is required`);
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, isConstantJacobian: true, parameters: {shift: options.shift}, defaultName: 'shift'}, options);
    checkParameter('Shift', 'shift', options.shift, Number.isFinite, 'finite', this.validateArgs);
    this.shift = options.shift;
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.add(x, toFloat(this.shift));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.sub(y, toFloat(this.shift));
  }
  protected override _forwardLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
  protected override _inverseLogDetJacobian(): tf.Tensor {
    return tf.scalar(0);
  }
}
