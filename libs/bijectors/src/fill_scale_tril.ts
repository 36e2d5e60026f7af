import {Bijector, BijectorOptions} from './bijector';
import {Chain} from './chain';
import {FillTriangular} from './fill_triangular';
import {checkParameter, TensorInput} from './internal/params';
import {Shift} from './shift';
import {Softplus} from './softplus';
import {TransformDiagonal} from './transform_diagonal';

export interface FillScaleTriLOptions extends BijectorOptions {
  /** Maps the diagonal to positive values; default `Softplus`. */
  diagBijector?: Bijector;
  /** Added to the diagonal after `diagBijector` (keeps it away from 0); default 1e-5, `null` for none. */
  diagShift?: TensorInput | null;
}

/**
 * TFP's `FillScaleTriL`: R^(n(n+1)/2) -> lower-triangular matrices with positive diagonal, as
 * `Chain([TransformDiagonal(Shift(diagShift)), TransformDiagonal(diagBijector), FillTriangular])`.
 */
export class FillScaleTriL extends Chain {
  readonly diagBijector: Bijector;
  readonly diagShift: TensorInput | null;

  constructor(options: FillScaleTriLOptions = {}) {
    const diagBijector = options.diagBijector ?? new Softplus({validateArgs: options.validateArgs});
    const diagShift = options.diagShift === undefined ? 1e-5 : options.diagShift;
    if (diagShift !== null) {
      checkParameter('FillScaleTriL', 'diagShift', diagShift, Number.isFinite, 'finite', options.validateArgs ?? false);
    }
    const parts: Bijector[] = [];
    if (diagShift !== null) parts.push(new TransformDiagonal({diagBijector: new Shift({shift: diagShift})}));
    parts.push(new TransformDiagonal({diagBijector}), new FillTriangular());
    super({bijectors: parts, validateArgs: options.validateArgs, name: options.name ?? 'fill_scale_tril'});
    this.diagBijector = diagBijector;
    this.diagShift = diagShift;
  }
}
