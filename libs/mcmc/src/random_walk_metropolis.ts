/**
 * TFP's `tfp.mcmc.RandomWalkMetropolis` and `UncalibratedRandomWalk`: the proposal
 * x' = x + scale * N(0, I) (or a custom symmetric `newStateFn`), accepted by Metropolis-Hastings;
 * a symmetric proposal has log acceptance correction 0.
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import type {TransitionKernel} from './kernel';
import {MetropolisHastings} from './metropolis_hastings';
import {
  checkInitialState,
  checkInitialTargetLogProb,
  evaluateTarget,
  restoreStructure,
  stateParts,
  type State,
  type TargetLogProbFn,
} from './internal/state';
import {stepSizeTensors, validateStepSize, type StepSize} from './internal/step_size';

/** Proposes new state parts from the current ones (must be symmetric: q(x'|x) = q(x|x')). */
export type NewStateFn = (stateParts: tf.Tensor[], seed?: number) => tf.Tensor[];

/** TFP's `random_walk_normal_fn(scale)`: x + scale * z with z ~ N(0, I), per state part. */
export function randomWalkNormalFn(scale: StepSize = 1): NewStateFn {
  const scales = validateStepSize('randomWalkNormalFn', 'scale', scale);
  return (parts, seed) => {
    const seeds = new SeedStream(seed, 'randomWalkNormalFn');
    const s = stepSizeTensors('randomWalkNormalFn', 'scale', scales, parts.length);
    return parts.map((p, i) => tf.add(p, tf.mul(s[i], tf.randomNormal(p.shape, 0, 1, 'float32', seeds.next()))));
  };
}

export type UncalibratedRandomWalkResults = {
  logAcceptanceCorrection: tf.Tensor;
  targetLogProb: tf.Tensor;
};

export interface RandomWalkMetropolisOptions {
  targetLogProbFn: TargetLogProbFn;
  /** Proposal standard deviation (default 1); ignored when newStateFn is given. */
  scale?: StepSize;
  newStateFn?: NewStateFn;
}

export class UncalibratedRandomWalk implements TransitionKernel<UncalibratedRandomWalkResults> {
  readonly isCalibrated = false;
  readonly targetLogProbFn: TargetLogProbFn;
  readonly newStateFn: NewStateFn;

  constructor(options: RandomWalkMetropolisOptions, readonly name = 'UncalibratedRandomWalk') {
    if (typeof options?.targetLogProbFn !== 'function') {
      throw new Error(`${name}: targetLogProbFn must be a function`);
    }
    this.targetLogProbFn = options.targetLogProbFn;
    if (options.newStateFn !== undefined && options.scale !== undefined) {
      throw new Error(`${name}: give either scale or newStateFn, not both`);
    }
    if (options.scale !== undefined) validateStepSize(name, 'scale', options.scale);
    this.newStateFn = options.newStateFn ?? randomWalkNormalFn(options.scale ?? 1);
  }

  bootstrapResults(initState: State): UncalibratedRandomWalkResults {
    const parts = stateParts(initState);
    checkInitialState(this.name, parts);
    return tf.tidy(() => {
      const targetLogProb = evaluateTarget(this.name, this.targetLogProbFn, parts);
      checkInitialTargetLogProb(this.name, targetLogProb);
      return {logAcceptanceCorrection: tf.zerosLike(targetLogProb), targetLogProb};
    });
  }

  oneStep<S extends State>(currentState: S, _previous: UncalibratedRandomWalkResults, seed?: number): [S, UncalibratedRandomWalkResults] {
    return tf.tidy(() => {
      const parts = stateParts(currentState);
      const proposed = this.newStateFn(parts, seed);
      if (!Array.isArray(proposed) || proposed.length !== parts.length) {
        throw new Error(`${this.name}: newStateFn must return ${parts.length} state part(s)`);
      }
      proposed.forEach((p, i) => {
        if (p.shape.join(',') !== parts[i].shape.join(',')) {
          throw new Error(`${this.name}: newStateFn returned shape [${p.shape}] for state part ${i} of shape [${parts[i].shape}]`);
        }
      });
      const targetLogProb = evaluateTarget(this.name, this.targetLogProbFn, proposed);
      return [restoreStructure(currentState, proposed), {logAcceptanceCorrection: tf.zerosLike(targetLogProb), targetLogProb}];
    });
  }
}

export class RandomWalkMetropolis extends MetropolisHastings<UncalibratedRandomWalkResults> {
  constructor(options: RandomWalkMetropolisOptions) {
    super({innerKernel: new UncalibratedRandomWalk(options, 'RandomWalkMetropolis')});
  }
}
