import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {shapeString, product} from './internal/shapes';

/** What a shift-and-log-scale function returns: `[shift, logScale]` (logScale null: shift only) or one tensor [..., 2]. */
export type ShiftAndLogScale = [tf.Tensor, tf.Tensor | null] | tf.Tensor;

/** Anything with a `call(x)` returning [..., D, 2], e.g. an AutoregressiveNetwork with `params: 2`. */
export interface CallableNetwork {
  call(x: tf.Tensor): tf.Tensor;
}

export interface MaskedAutoregressiveFlowOptions extends BijectorOptions {
  /** Autoregressive map y -> (shift, logScale): output i may depend only on y's entries before i. */
  shiftAndLogScaleFn?: ((y: tf.Tensor) => ShiftAndLogScale) | CallableNetwork;
  /** Alternatively, an autoregressive map y -> a bijector applied elementwise (TFP's bijector_fn). */
  bijectorFn?: (y: tf.Tensor) => Bijector;
  /** Declare the Jacobian constant (shift-only flows). */
  isConstantJacobian?: boolean;
  /** Event rank; default 1. */
  eventNdims?: number;
}

/**
 * TFP's `MaskedAutoregressiveFlow` (Papamakarios et al. 2017): `y = x * exp(logScale(y)) + shift(y)`
 * with an autoregressive (shift, logScale). The inverse is one pass,
 * `x = (y - shift(y)) * exp(-logScale(y))`, with `ildj(y) = -sum logScale(y)`; the forward map needs
 * D passes (each fixes one more coordinate), starting from y = 0.
 */
export class MaskedAutoregressiveFlow extends Bijector {
  private readonly stepFn: (y: tf.Tensor) => Bijector | [tf.Tensor, tf.Tensor | null];
  private readonly eventNdims: number;

  constructor(options: MaskedAutoregressiveFlowOptions) {
    const {shiftAndLogScaleFn, bijectorFn} = options ?? ({} as MaskedAutoregressiveFlowOptions);
    if ((shiftAndLogScaleFn === undefined) === (bijectorFn === undefined)) {
      throw new Error(`MaskedAutoregressiveFlow: give exactly one of 'shiftAndLogScaleFn' and 'bijectorFn', got ${shiftAndLogScaleFn === undefined ? 'neither' : 'both'}`);
    }
    const eventNdims = options.eventNdims ?? 1;
    if (!Number.isInteger(eventNdims) || eventNdims < 1) {
      throw new Error(`MaskedAutoregressiveFlow: parameter 'eventNdims' must be a positive integer, got ${eventNdims}`);
    }
    super(
      {forwardMinEventNdims: eventNdims, inverseMinEventNdims: eventNdims, isConstantJacobian: options.isConstantJacobian ?? false, parameters: {shiftAndLogScaleFn, bijectorFn, eventNdims}, defaultName: 'masked_autoregressive_flow'},
      options,
    );
    this.eventNdims = eventNdims;
    if (bijectorFn !== undefined) {
      this.stepFn = bijectorFn;
    } else {
      const fn = shiftAndLogScaleFn as NonNullable<typeof shiftAndLogScaleFn>;
      const call = typeof fn === 'function' ? fn : (y: tf.Tensor) => fn.call(y);
      this.stepFn = (y) => unpackShiftAndLogScale(call(y), this.name);
    }
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    const steps = product(x.shape.slice(x.rank - this.eventNdims));
    // Intermediates stay in the caller's tidy (they are needed when differentiating through forward).
    let y = tf.zerosLike(x);
    for (let i = 0; i < steps; i++) y = this.applyStep(this.stepFn(y), x);
    return y;
  }

  protected _inverse(y: tf.Tensor): tf.Tensor {
    const step = this.stepFn(y);
    if (step instanceof Bijector) return step.inverseRaw(y);
    const [shift, logScale] = step;
    const centred = tf.sub(y, shift);
    return logScale === null ? centred : tf.mul(centred, tf.exp(tf.neg(logScale)));
  }

  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    const step = this.stepFn(y);
    if (step instanceof Bijector) return step.ildjAt(y, this.eventNdims);
    const logScale = step[1];
    if (logScale === null) return tf.zeros(y.shape.slice(0, y.rank - this.eventNdims));
    return tf.neg(tf.sum(logScale, Array.from({length: this.eventNdims}, (_, i) => y.rank - 1 - i)));
  }

  private applyStep(step: Bijector | [tf.Tensor, tf.Tensor | null], x: tf.Tensor): tf.Tensor {
    if (step instanceof Bijector) return step.forwardRaw(x);
    const [shift, logScale] = step;
    return tf.add(logScale === null ? x : tf.mul(x, tf.exp(logScale)), shift);
  }
}

/** Splits a network output [..., 2] into (shift, logScale), or checks a returned pair. */
export function unpackShiftAndLogScale(out: ShiftAndLogScale, owner: string): [tf.Tensor, tf.Tensor | null] {
  if (Array.isArray(out)) {
    if (out.length !== 2 || !(out[0] instanceof tf.Tensor)) {
      throw new Error(`${owner}: the shift-and-log-scale function must return [shift, logScale] or a tensor [..., 2], got an array of ${out.length}`);
    }
    return out;
  }
  if (!(out instanceof tf.Tensor) || out.shape[out.rank - 1] !== 2) {
    throw new Error(`${owner}: the shift-and-log-scale function must return [shift, logScale] or a tensor [..., 2], got ${out instanceof tf.Tensor ? `shape ${shapeString(out.shape)}` : String(out)}`);
  }
  const [shift, logScale] = tf.unstack(out, out.rank - 1);
  return [shift, logScale];
}
