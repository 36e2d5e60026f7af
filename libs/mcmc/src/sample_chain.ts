/**
 * TFP's `tfp.mcmc.sample_chain`: runs `kernel` from `currentState`, discards `numBurninSteps`
 * steps, then keeps `numResults` states, taking `numStepsBetweenResults` extra steps between kept
 * states (thinning). As TFP, the first kept state is the one after numBurninSteps + 1 steps, and
 * the total number of steps is numBurninSteps + 1 + (numResults - 1)(numStepsBetweenResults + 1).
 *
 * Chains are the leading dimensions of the state, so one kernel step advances all of them. Each
 * step runs inside tf.tidy; only the current state, the current kernel results and the kept
 * draws stay alive. The caller owns (and disposes) `states`, `trace` and `finalKernelResults`.
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import type {TransitionKernel} from './kernel';
import {restoreStructure, stateParts, type State} from './internal/state';
import {mapTensors, stackStructures, tensorLeaves} from './internal/structure';

export type TraceFn<S extends State, R extends tf.TensorContainer, T extends tf.TensorContainer> = (
  state: S,
  kernelResults: R,
) => T;

export interface SampleChainOptions<S extends State, R extends tf.TensorContainer, T extends tf.TensorContainer> {
  numResults: number;
  currentState: S;
  kernel: TransitionKernel<R>;
  /** Kernel results to start from (default kernel.bootstrapResults(currentState)); not disposed. */
  previousKernelResults?: R;
  numBurninSteps?: number;
  numStepsBetweenResults?: number;
  /** What to record at every kept state (default: nothing, i.e. an empty object). */
  traceFn?: TraceFn<S, R, T>;
  /** Seed of the whole run; the same seed gives the same chains on the same backend. */
  seed?: number;
  /** Called after every kernel step with the number of steps done and the total. */
  onProgress?: (stepsDone: number, totalSteps: number) => void;
}

export interface SampleChainResult<S extends State, R extends tf.TensorContainer, T extends tf.TensorContainer> {
  /** Kept states stacked along a new leading axis: [numResults, ...chains, ...event] per part. */
  states: S;
  /** The traceFn outputs stacked leaf by leaf along a new leading axis. */
  trace: T;
  /** Kernel results after the last step (to continue sampling). */
  finalKernelResults: R;
}

function checkCount(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new Error(`sampleChain: ${name} must be an integer >= ${min}; received ${value}`);
  }
}

export function sampleChain<S extends State, R extends tf.TensorContainer, T extends tf.TensorContainer = Record<string, never>>(
  options: SampleChainOptions<S, R, T>,
): SampleChainResult<S, R, T> {
  const {numResults, currentState, kernel, numBurninSteps = 0, numStepsBetweenResults = 0, seed, onProgress} = options;
  checkCount('numResults', numResults, 1);
  checkCount('numBurninSteps', numBurninSteps, 0);
  checkCount('numStepsBetweenResults', numStepsBetweenResults, 0);
  if (kernel === undefined || typeof kernel.oneStep !== 'function' || typeof kernel.bootstrapResults !== 'function') {
    throw new Error('sampleChain: kernel must be a TransitionKernel (oneStep and bootstrapResults)');
  }
  const traceFn = options.traceFn ?? ((() => ({})) as unknown as TraceFn<S, R, T>);
  const initParts = stateParts(currentState);
  // Tensors the caller owns: never disposed here.
  const owned = new Set<number>(initParts.map((t) => t.id));
  if (options.previousKernelResults !== undefined) {
    for (const t of tensorLeaves(options.previousKernelResults)) owned.add(t.id);
  }
  let state: S = currentState;
  let results: R = options.previousKernelResults ?? tf.tidy(() => kernel.bootstrapResults(currentState));
  const seeds = new SeedStream(seed, 'sampleChain');
  const totalSteps = numBurninSteps + 1 + (numResults - 1) * (numStepsBetweenResults + 1);
  const keptStates: tf.Tensor[][] = [];
  const traces: T[] = [];

  const release = (oldState: S, oldResults: R, keep: tf.TensorContainer) => {
    const alive = new Set(tensorLeaves(keep).map((t) => t.id));
    for (const t of [...stateParts(oldState), ...tensorLeaves(oldResults)]) {
      if (!owned.has(t.id) && !alive.has(t.id) && !t.isDisposed) t.dispose();
    }
  };

  try {
    let stepsDone = 0;
    for (let r = 0; r < numResults; r++) {
      const steps = r === 0 ? numBurninSteps + 1 : numStepsBetweenResults + 1;
      for (let k = 0; k < steps; k++) {
        const stepSeed = seeds.next();
        const [nextState, nextResults] = tf.tidy(() => kernel.oneStep(state, results, stepSeed));
        release(state, results, [stateParts(nextState), nextResults] as tf.TensorContainer);
        state = nextState;
        results = nextResults;
        stepsDone += 1;
        onProgress?.(stepsDone, totalSteps);
      }
      keptStates.push(stateParts(state).map((p) => tf.clone(p)));
      traces.push(tf.tidy(() => mapTensors(traceFn(state, results), (t) => tf.clone(t))));
    }
    const stacked = tf.tidy(() => ({
      states: initParts.map((_, i) => tf.stack(keptStates.map((s) => s[i]))),
      trace: stackStructures(traces as tf.TensorContainer[]) as T,
    }));
    const finalParts = stateParts(state);
    // The final state is not returned separately (it is the last kept state).
    for (const t of finalParts) if (!owned.has(t.id) && !tensorLeaves(results).some((l) => l.id === t.id)) t.dispose();
    return {states: restoreStructure(currentState, stacked.states), trace: stacked.trace, finalKernelResults: results};
  } catch (error) {
    release(state, results, []);
    throw error;
  } finally {
    for (const s of keptStates) tf.dispose(s);
    for (const tr of traces) tf.dispose(tr);
  }
}
