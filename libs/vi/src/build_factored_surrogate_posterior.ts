import * as tf from '@tensorflow/tfjs';
import type {Bijector} from '@tfjs-probability/bijectors';
import {Independent, Normal, TransformedDistribution} from '@tfjs-probability/distributions';
import {DeferredDistribution} from './deferred_distribution';
import {softplusInverse, trainableFlatNormal} from './internal/flat_normal';
import {BijectorStructure, checkBatchShape, checkInitialScale, EventShapeStructure, InitialLoc, initialLocs, parseLayout} from './internal/layout';
import {JointSurrogatePosterior} from './joint_surrogate_posterior';

export interface FactoredSurrogateOptions<E extends EventShapeStructure> {
  /** The posterior's event shape: one shape, an array of shapes or an object of shapes. */
  eventShape: E;
  /** Maps R^n onto each variable's support (e.g. Softplus for a scale); laid out like eventShape, null for none. */
  bijector?: BijectorStructure;
  /** Initial locations in unconstrained space; default draws from Uniform(-2, 2). */
  initialUnconstrainedLoc?: InitialLoc;
  /** Initial scale in unconstrained space; default 1e-2. */
  initialUnconstrainedScale?: number;
  /** Independent surrogates in parallel (e.g. several initialisations); default []. */
  batchShape?: number[];
  /** Seeds the initial locations. */
  seed?: number;
  name?: string;
}

/** The value structure of a surrogate over event shapes E. */
export type SurrogateValues<E> = E extends number[] ? tf.Tensor : E extends number[][] ? tf.Tensor[] : {[K in keyof E]: tf.Tensor};

/** A trainable surrogate over event shapes E: a Distribution for one shape, a joint surrogate for a structure. */
export type TrainableSurrogate<E> = E extends number[] ? DeferredDistribution : JointSurrogatePosterior<SurrogateValues<E> & (tf.Tensor[] | {[key: string]: tf.Tensor})>;

/**
 * A mean-field surrogate posterior (TFP's `tfp.experimental.vi.build_factored_surrogate_posterior`):
 * every variable an independent Normal(loc, softplus(raw)) in unconstrained space, mapped onto its
 * support by its bijector. loc starts at Uniform(-2, 2) draws and the scale at 1e-2 (TFP's
 * defaults). Returns a distribution whose `trainableVariables` are the locs and raw scales; call
 * `dispose()` to free them.
 */
export function buildFactoredSurrogatePosterior<E extends EventShapeStructure>(options: FactoredSurrogateOptions<E>): TrainableSurrogate<E> {
  const owner = 'buildFactoredSurrogatePosterior';
  if (options === null || typeof options !== 'object') throw new Error(`${owner}: expected an options object; received ${String(options)}`);
  const layout = parseLayout(owner, options.eventShape, options.bijector);
  const batchShape = checkBatchShape(owner, options.batchShape);
  const scale0 = checkInitialScale(owner, options.initialUnconstrainedScale ?? 1e-2);
  const locs = initialLocs(owner, layout, batchShape, options.initialUnconstrainedLoc, options.seed);
  const name = options.name ?? 'FactoredSurrogatePosterior';
  if (layout.kind === 'single') {
    const part = layout.parts[0];
    const loc = tf.variable(locs[0], true);
    locs[0].dispose();
    const raw = tf.tidy(() => tf.variable(tf.fill(loc.shape, softplusInverse(scale0)), true, `${loc.name}/rawScale`));
    const rank = part.unconstrainedShape.length;
    const bijector = part.bijector as Bijector | undefined;
    return new DeferredDistribution({
      build: () => {
        const base = new Independent({distribution: new Normal({loc, scale: tf.softplus(raw)}), reinterpretedBatchNdims: rank});
        return bijector === undefined ? base : new TransformedDistribution({distribution: base, bijector});
      },
      trainableVariables: [loc, raw],
      name,
    }) as TrainableSurrogate<E>;
  }
  const flatLoc = tf.tidy(() => tf.concat(locs.map((l) => tf.reshape(l, [...batchShape, -1])), -1));
  tf.dispose(locs);
  return new JointSurrogatePosterior(trainableFlatNormal('diag', flatLoc, scale0, `${name}/base`), layout, name) as TrainableSurrogate<E>;
}
