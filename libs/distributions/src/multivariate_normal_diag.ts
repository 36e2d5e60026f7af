import {Softplus} from '@tfjs-probability/bijectors';
import {LinearOperatorDiag} from '@tfjs-probability/math';
import * as tf from '@tensorflow/tfjs';
import {DistributionOptions, ParameterProperties} from './distribution';
import {TensorLike} from './internal/parameters';
import {MultivariateNormalLinearOperator} from './multivariate_normal_linear_operator';

export interface MultivariateNormalDiagOptions extends DistributionOptions {
  /** Mean, batchShape + [d]; zero when omitted. */
  loc?: TensorLike;
  /** Positive standard deviations, batchShape + [d]; ones when omitted. */
  scaleDiag?: TensorLike;
}

const FLOAT32_EPS = 2 ** -23;

/**
 * The multivariate normal with diagonal scale (TFP's `tfd.MultivariateNormalDiag`):
 * X = loc + diag(scaleDiag) Z; covariance diag(scaleDiag^2), solve and log-det in O(d).
 */
export class MultivariateNormalDiag extends MultivariateNormalLinearOperator {
  readonly scaleDiag: tf.Tensor;

  constructor(options: MultivariateNormalDiagOptions) {
    const name = options.name ?? 'MultivariateNormalDiag';
    if (options.loc === undefined && options.scaleDiag === undefined) {
      throw new Error(`${name}: give 'loc', 'scaleDiag' or both (the event size comes from them)`);
    }
    const scaleDiag = MultivariateNormalDiag.scaleDiagTensor(name, options);
    super({...options, name, scale: new LinearOperatorDiag({diag: scaleDiag, isPositiveDefinite: true})}, {
      loc: options.loc,
      scaleDiag: options.scaleDiag,
    });
    this.scaleDiag = scaleDiag;
    if (options.scaleDiag === undefined || !(options.scaleDiag instanceof tf.Tensor)) {
      this.own(scaleDiag);
    }
  }

  /** The scale diagonal as a tensor, validated; ones of the loc's event size when omitted. */
  private static scaleDiagTensor(name: string, options: MultivariateNormalDiagOptions): tf.Tensor {
    if (options.scaleDiag === undefined) {
      const loc = options.loc instanceof tf.Tensor ? options.loc : tf.tensor(options.loc as tf.TensorLike);
      const d = loc.shape[loc.rank - 1];
      if (loc !== options.loc) loc.dispose();
      return tf.ones([d]);
    }
    const diag = options.scaleDiag instanceof tf.Tensor ? options.scaleDiag : tf.tensor(options.scaleDiag as tf.TensorLike, undefined, 'float32');
    if (diag.rank < 1) {
      throw new Error(`${name}: 'scaleDiag' must have shape batchShape + [d]; received shape [${diag.shape}]`);
    }
    if (!(options.scaleDiag instanceof tf.Tensor) || options.validateArgs) {
      const values = diag.dataSync();
      const bad = values.findIndex((v) => !(v > 0));
      if (bad >= 0) {
        if (diag !== options.scaleDiag) diag.dispose();
        throw new Error(`${name}: parameter 'scaleDiag' must be positive; received ${values[bad]} at flat index ${bad}`);
      }
    }
    return diag;
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 1},
      scaleDiag: {eventNdims: 1, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
    };
  }

  protected override varianceFn(): tf.Tensor {
    return tf.broadcastTo(tf.square(this.scaleDiag), [...this.batchShape, ...this.eventShape]);
  }

  protected override stddevFn(): tf.Tensor {
    return tf.broadcastTo(this.scaleDiag, [...this.batchShape, ...this.eventShape]);
  }
}
