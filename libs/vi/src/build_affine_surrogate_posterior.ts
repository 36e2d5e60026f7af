import * as tf from '@tensorflow/tfjs';
import {Bijector, Chain, Reshape} from '@tfjs-probability/bijectors';
import {TransformedDistribution} from '@tfjs-probability/distributions';
import {DeferredDistribution} from './deferred_distribution';
import {Operators, trainableFlatNormal} from './internal/flat_normal';
import {checkBatchShape, checkInitialScale, EventShapeStructure, initialLocs, parseLayout} from './internal/layout';
import {JointSurrogatePosterior} from './joint_surrogate_posterior';
import {FactoredSurrogateOptions, TrainableSurrogate} from './build_factored_surrogate_posterior';

export interface AffineSurrogateOptions<E extends EventShapeStructure> extends FactoredSurrogateOptions<E> {
  /** 'diag' (mean field) or 'tril' (full covariance across all variables); default 'diag'. */
  operators?: Operators;
}

/**
 * An affine surrogate posterior (TFP's `tfp.experimental.vi.build_affine_surrogate_posterior`):
 * z = loc + L e with e standard normal over the concatenated unconstrained variables, L diagonal
 * ('diag') or lower-triangular ('tril', a full-rank Gaussian: MultivariateNormalTriL), then split,
 * reshaped and mapped onto each variable's support by its bijector. loc starts at Uniform(-2, 2)
 * draws, L at 1e-2 I. Returns a distribution whose `trainableVariables` are loc and L's
 * unconstrained entries; call `dispose()` to free them.
 */
export function buildAffineSurrogatePosterior<E extends EventShapeStructure>(options: AffineSurrogateOptions<E>): TrainableSurrogate<E> {
  const owner = 'buildAffineSurrogatePosterior';
  if (options === null || typeof options !== 'object') throw new Error(`${owner}: expected an options object; received ${String(options)}`);
  const operators = options.operators ?? 'diag';
  if (operators !== 'diag' && operators !== 'tril') {
    throw new Error(`${owner}: operators must be 'diag' or 'tril'; received ${String(operators)}`);
  }
  const layout = parseLayout(owner, options.eventShape, options.bijector);
  const batchShape = checkBatchShape(owner, options.batchShape);
  const scale0 = checkInitialScale(owner, options.initialUnconstrainedScale ?? 1e-2);
  const locs = initialLocs(owner, layout, batchShape, options.initialUnconstrainedLoc, options.seed);
  const flatLoc = tf.tidy(() => tf.concat(locs.map((l) => tf.reshape(l, [...batchShape, -1])), -1));
  tf.dispose(locs);
  const name = options.name ?? 'AffineSurrogatePosterior';
  const base = trainableFlatNormal(operators, flatLoc, scale0, `${name}/base`);
  if (layout.kind !== 'single') {
    return new JointSurrogatePosterior(base, layout, name) as TrainableSurrogate<E>;
  }
  const part = layout.parts[0];
  const steps: Bijector[] = [];
  if (part.bijector !== undefined) steps.push(part.bijector as Bijector);
  if (part.unconstrainedShape.length !== 1) steps.push(new Reshape({eventShapeOut: part.unconstrainedShape, eventShapeIn: [part.size]}));
  if (steps.length === 0) {
    return new DeferredDistribution({build: () => base.current(), trainableVariables: [...base.trainableVariables], name}) as TrainableSurrogate<E>;
  }
  const bijector = steps.length === 1 ? steps[0] : new Chain({bijectors: steps});
  return new DeferredDistribution({
    build: () => new TransformedDistribution({distribution: base.current(), bijector}),
    trainableVariables: [...base.trainableVariables],
    name,
  }) as TrainableSurrogate<E>;
}
