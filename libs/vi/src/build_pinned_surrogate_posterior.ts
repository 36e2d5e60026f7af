import * as tf from '@tensorflow/tfjs';
import {Operators, trainableFlatNormal} from './internal/flat_normal';
import {checkBatchShape, checkInitialScale, InitialLoc, initialLocs, Layout, StructureBijector} from './internal/layout';
import {JointSurrogatePosterior, JointValues} from './joint_surrogate_posterior';

/** What the builder needs of a pinned joint distribution (`model.experimentalPin(...)`). */
export interface PinnedJointDistribution<F extends JointValues> {
  readonly name: string;
  /** Draws of the free parts from the prior given the pins; read once for their event shapes. */
  sampleUnpinned(sampleShape?: number | number[], seed?: number): F;
  /** Maps unconstrained values of the free parts onto their support (TFP's default event-space bijector). */
  experimentalDefaultEventSpaceBijector(): {inverseEventShape(shape: never): unknown} & StructureBijector;
  unnormalizedLogProb(free: never): tf.Tensor;
}

export interface PinnedSurrogateOptions {
  /** 'diag' (mean field, default) or 'tril' (full covariance across all free parts). */
  operators?: Operators;
  /** Initial unconstrained locations; default draws from Uniform(-2, 2). */
  initialUnconstrainedLoc?: InitialLoc;
  /** Initial unconstrained scale; default 1e-2. */
  initialUnconstrainedScale?: number;
  batchShape?: number[];
  seed?: number;
  name?: string;
}

/**
 * A trainable surrogate posterior over the free parts of a pinned joint distribution, in one call:
 * TFP's `build_affine_surrogate_posterior(event_shape=..., bijector=pinned
 * .experimental_default_event_space_bijector(), operators=...)`. The free parts' event shapes are
 * read from one prior draw (so the model's free parts must have no batch dimensions), the
 * surrogate is an affine normal over their unconstrained values, mapped onto the support by the
 * model's default event-space bijector (dependent supports included). Its values have the pinned
 * model's free structure, so `pinned` itself can be the `targetLogProbFn` of `fitSurrogatePosterior`.
 */
export function buildPinnedSurrogatePosterior<F extends JointValues>(
  pinned: PinnedJointDistribution<F>,
  options: PinnedSurrogateOptions = {},
): JointSurrogatePosterior<F> {
  const owner = 'buildPinnedSurrogatePosterior';
  if (pinned === null || typeof pinned !== 'object' || typeof pinned.sampleUnpinned !== 'function' || typeof pinned.experimentalDefaultEventSpaceBijector !== 'function') {
    throw new Error(`${owner}: expected a pinned joint distribution (model.experimentalPin(...)); received ${String(pinned)}`);
  }
  const operators = options.operators ?? 'diag';
  if (operators !== 'diag' && operators !== 'tril') {
    throw new Error(`${owner}: operators must be 'diag' or 'tril'; received ${String(operators)}`);
  }
  const batchShape = checkBatchShape(owner, options.batchShape);
  const scale0 = checkInitialScale(owner, options.initialUnconstrainedScale ?? 1e-2);
  const bijector = pinned.experimentalDefaultEventSpaceBijector();
  const draw = pinned.sampleUnpinned([], 0);
  const isArray = Array.isArray(draw);
  const entries: [string, tf.Tensor][] = isArray ? draw.map((v, i) => [String(i), v]) : Object.entries(draw);
  const shapes = entries.map(([, v]) => v.shape);
  tf.dispose(entries.map(([, v]) => v));
  const shapeStructure = isArray ? shapes : Object.fromEntries(entries.map(([k], i) => [k, shapes[i]]));
  const unconstrained = bijector.inverseEventShape(shapeStructure as never) as number[][] | {[key: string]: number[]};
  const layout: Layout = {
    kind: isArray ? 'array' : 'object',
    parts: entries.map(([key], i) => {
      const u = (unconstrained as Record<string, number[]>)[key];
      return {key, eventShape: shapes[i], unconstrainedShape: u, size: u.reduce((a, d) => a * d, 1), bijector: undefined};
    }),
    jointBijector: bijector,
  };
  const locs = initialLocs(owner, layout, batchShape, options.initialUnconstrainedLoc, options.seed);
  const flatLoc = tf.tidy(() => tf.concat(locs.map((l) => tf.reshape(l, [...batchShape, -1])), -1));
  tf.dispose(locs);
  const name = options.name ?? `${pinned.name}Surrogate`;
  return new JointSurrogatePosterior<F>(trainableFlatNormal(operators, flatLoc, scale0, `${name}/base`), layout, name);
}
