import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions, Kind, TensorKind} from './bijector';

export interface InvertOptions<X extends Kind, Y extends Kind> extends BijectorOptions {
  bijector: Bijector<X, Y>;
}

/** TFP's `Invert`: swaps forward and inverse (and the two log-dets) of a bijector. */
export class Invert<X extends Kind = TensorKind, Y extends Kind = X> extends Bijector<Y, X> {
  readonly bijector: Bijector<X, Y>;

  constructor(options: Bijector<X, Y> | InvertOptions<X, Y>) {
    const opts: InvertOptions<X, Y> = options instanceof Bijector ? {bijector: options} : options;
    const b = opts.bijector;
    if (!(b instanceof Bijector)) throw new Error(`Invert: 'bijector' must be a Bijector, got ${String(b)}`);
    super(
      {
        forwardMinEventNdims: b.inverseMinEventNdims,
        inverseMinEventNdims: b.forwardMinEventNdims,
        isConstantJacobian: b.isConstantJacobian,
        parameters: {bijector: b},
        defaultName: 'invert_' + b.name,
      },
      opts,
    );
    this.bijector = b;
  }

  protected _forward(x: Y['value']): X['value'] {
    return this.bijector.inverseRaw(x);
  }
  protected _inverse(y: X['value']): Y['value'] {
    return this.bijector.forwardRaw(y);
  }
  override fldjAt(x: Y['value'], eventNdims: Y['ndims']): tf.Tensor {
    return this.bijector.ildjAt(x, eventNdims);
  }
  override ildjAt(y: X['value'], eventNdims: X['ndims']): tf.Tensor {
    return this.bijector.fldjAt(y, eventNdims);
  }
  override forwardEventNdims(eventNdims: Y['ndims']): X['ndims'] {
    return this.bijector.inverseEventNdims(eventNdims);
  }
  override inverseEventNdims(eventNdims: X['ndims']): Y['ndims'] {
    return this.bijector.forwardEventNdims(eventNdims);
  }
  override convertX(x: Y['input']): Y['value'] {
    return this.bijector.convertY(x);
  }
  override convertY(y: X['input']): X['value'] {
    return this.bijector.convertX(y);
  }
  protected override _forwardEventShape(shape: Y['shape']): X['shape'] {
    return this.bijector.inverseEventShape(shape);
  }
  protected override _inverseEventShape(shape: X['shape']): Y['shape'] {
    return this.bijector.forwardEventShape(shape);
  }
}
