import * as tf from '@tensorflow/tfjs';
import {Distribution, klDivergence} from '@tfjs-probability/distributions';
import {LayerConfig} from './internal/layer_args';
import {resolveLayerFunction, serializeLayerFunction} from './internal/registry';
import {TensorFn} from './util';

/** A prior `b` given as a distribution, a maker called on every evaluation, or a registered maker's name. */
export type DistributionSpec = Distribution | (() => Distribution) | string;

export interface KLDivergenceRegularizerArgs {
  /** `b` in KL[a || b]; `a` is the distribution the layer outputs. */
  distributionB: DistributionSpec;
  /** Closed-form KL (`klDivergence`) instead of the Monte Carlo estimate. Default false, as TFP. */
  useExactKl?: boolean;
  /**
   * Axes of the test points' log-ratio to average over (Monte Carlo only); null means all, [] none.
   * Default [] (TFP's `KLDivergenceRegularizer`).
   */
  testPointsReduceAxis?: number[] | null;
  /** Test points from `a`; default the layer's output tensor (TFP's `tf.convert_to_tensor`). Registered name or function. */
  testPointsFn?: TensorFn | string;
  /** Multiplies the KL; default 1 (TFP's None). */
  weight?: number;
}

/**
 * A KL penalty on a layer's output distribution (TFP's `tfp.layers.KLDivergenceRegularizer`):
 * weight * sum(KL[a || b]), with KL exact or estimated at test points z ~ a as
 * mean over testPointsReduceAxis of log a(z) - log b(z). Pass it as a distribution layer's
 * `activityRegularizer`; the penalty joins the losses `fit` minimises.
 */
export class KLDivergenceRegularizer {
  readonly useExactKl: boolean;
  readonly testPointsReduceAxis: number[] | null;
  readonly testPointsFn: TensorFn | undefined;
  readonly weight: number;
  private readonly distributionB: Distribution | (() => Distribution);

  constructor(args: KLDivergenceRegularizerArgs, owner = 'KLDivergenceRegularizer') {
    if (args === undefined || args.distributionB === undefined || args.distributionB === null) {
      throw new Error(`${owner}: distributionB (the prior b of KL[a || b]) is required`);
    }
    this.distributionB =
      typeof args.distributionB === 'string'
        ? resolveLayerFunction<() => Distribution>(owner, 'distributionB', args.distributionB)
        : args.distributionB;
    if (!(this.distributionB instanceof Distribution) && typeof this.distributionB !== 'function') {
      throw new Error(`${owner}: distributionB must be a Distribution, a function returning one, or a registered name`);
    }
    this.useExactKl = args.useExactKl ?? false;
    this.testPointsReduceAxis = args.testPointsReduceAxis === undefined ? [] : args.testPointsReduceAxis;
    this.testPointsFn = args.testPointsFn === undefined || args.testPointsFn === null
      ? undefined
      : resolveLayerFunction<TensorFn>(owner, 'testPointsFn', args.testPointsFn);
    this.weight = args.weight ?? 1;
    if (!Number.isFinite(this.weight)) {
      throw new Error(`${owner}: weight must be a finite number; received ${args.weight}`);
    }
  }

  /** weight * sum(KL[a || b]); `value` is a's tensor coercion (the default Monte Carlo test points). */
  apply(a: Distribution, value: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const b = this.distributionB instanceof Distribution ? this.distributionB : this.distributionB();
      let kl: tf.Tensor;
      if (this.useExactKl) {
        kl = klDivergence(a, b);
      } else {
        const z = this.testPointsFn === undefined ? value : this.testPointsFn(a);
        const ratio = tf.sub(a.logProb(z), b.logProb(z));
        const axes = this.testPointsReduceAxis;
        kl = axes === null ? tf.mean(ratio) : axes.length === 0 ? ratio : tf.mean(ratio, axes);
      }
      return tf.sum(tf.mul(this.weight, kl)) as tf.Scalar;
    });
  }

  /** The serialisable arguments (distributionB and testPointsFn must be registered functions). */
  getConfig(owner = 'KLDivergenceRegularizer'): LayerConfig {
    if (this.distributionB instanceof Distribution) {
      throw new Error(
        `${owner}: cannot serialize distributionB given as a Distribution instance; ` +
          'register a function returning it with registerLayerFunction(name, () => prior) and pass the name',
      );
    }
    return {
      distributionB: serializeLayerFunction(owner, 'distributionB', this.distributionB),
      useExactKl: this.useExactKl,
      testPointsReduceAxis: this.testPointsReduceAxis,
      testPointsFn: this.testPointsFn === undefined ? null : serializeLayerFunction(owner, 'testPointsFn', this.testPointsFn),
      weight: this.weight,
    };
  }

  /** Rebuilds a regularizer from `getConfig()` output. */
  static fromConfig(config: LayerConfig, owner = 'KLDivergenceRegularizer'): KLDivergenceRegularizer {
    return new KLDivergenceRegularizer(
      {
        distributionB: config.distributionB as string,
        useExactKl: config.useExactKl as boolean,
        testPointsReduceAxis: config.testPointsReduceAxis as number[] | null,
        testPointsFn: (config.testPointsFn as string | null) ?? undefined,
        weight: config.weight as number,
      },
      owner,
    );
  }
}

/** Factory of {@link KLDivergenceRegularizer}. */
export function klDivergenceRegularizer(args: KLDivergenceRegularizerArgs): KLDivergenceRegularizer {
  return new KLDivergenceRegularizer(args);
}
