import {Ascending} from './ascending';
import {BijectorOptions} from './bijector';
import {Invert} from './invert';

/**
 * TFP's `Ordered` (the inverse of `Ascending`): strictly increasing vectors -> R^n,
 * `x_0 = y_0`, `x_i = log(y_i - y_(i-1))`.
 */
export class Ordered extends Invert {
  constructor(options: BijectorOptions = {}) {
    super({bijector: new Ascending({validateArgs: options.validateArgs}), name: options.name ?? 'ordered', validateArgs: options.validateArgs});
  }
}
