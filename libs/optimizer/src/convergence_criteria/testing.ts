/** Shared helper of the convergence-criteria tests (not exported from the package). */
import * as tf from '@tensorflow/tfjs';
import {ConvergenceCriterion, ConvergenceState} from './convergence_criterion';

/** Feeds a loss sequence (losses[0] to bootstrap) and returns the first step that converged, or -1. */
export function firstConvergedStep(criterion: ConvergenceCriterion, losses: number[], grads: (step: number) => number[] = () => [0]): number {
  let state: ConvergenceState = tf.tidy(() => criterion.bootstrap(tf.scalar(losses[0]), [tf.tensor1d(grads(0))], []));
  let found = -1;
  for (let step = 1; step < losses.length && found < 0; step++) {
    const loss = tf.scalar(losses[step]);
    const g = tf.tensor1d(grads(step));
    const out = criterion.oneStep(step, loss, [g], [], state);
    tf.dispose([loss, g, ...Object.values(state)]);
    state = out.auxiliaryState;
    if (out.hasConverged.dataSync()[0]) found = step;
    out.hasConverged.dispose();
  }
  tf.dispose(Object.values(state));
  return found;
}
