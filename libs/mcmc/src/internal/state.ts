/**
 * Chain states and the helpers every kernel shares. A state is one tensor or an array of tensors
 * ("state parts"); independent chains are the leading (batch) dimensions of every part, and the
 * target log-prob returns one value per chain, so one evaluation serves all chains.
 */
import * as tf from '@tensorflow/tfjs';

/** One tensor, or an array of tensors (TFP's list of state parts). */
export type State = tf.Tensor | tf.Tensor[];

/** The log-density of the target up to a constant, one value per chain (shape = chain batch shape). */
export type TargetLogProbFn = (...parts: tf.Tensor[]) => tf.Tensor;

/** The state as an array of parts. */
export function stateParts(state: State): tf.Tensor[] {
  return Array.isArray(state) ? state : [state];
}

/** Parts back in the structure of `like` (a tensor or an array). */
export function restoreStructure<S extends State>(like: S, parts: tf.Tensor[]): S {
  return (Array.isArray(like) ? parts : parts[0]) as S;
}

/** Sums x over its dimensions after the first `batchRank` (the event dimensions of a state part). */
export function sumEventDims(x: tf.Tensor, batchRank: number): tf.Tensor {
  if (x.rank === batchRank) return x;
  const axes: number[] = [];
  for (let a = batchRank; a < x.rank; a++) axes.push(a);
  return tf.sum(x, axes);
}

/** Reshapes a batch-shaped tensor (e.g. a per-chain mask) so it broadcasts against `part`. */
export function expandToPart(x: tf.Tensor, part: tf.Tensor): tf.Tensor {
  const shape = [...x.shape, ...new Array(part.rank - x.rank).fill(1)];
  return tf.reshape(x, shape);
}

/**
 * Throws unless the target log-prob shape is a prefix of every state part's shape: the target must
 * return one value per chain, and chains are the leading dimensions of the state.
 */
export function checkTargetShape(kernelName: string, logProb: tf.Tensor, parts: tf.Tensor[]): void {
  if (!(logProb instanceof tf.Tensor)) {
    throw new Error(`${kernelName}: targetLogProbFn must return a tf.Tensor, got ${typeof logProb}`);
  }
  const b = logProb.shape;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i].shape;
    const prefix = b.length <= s.length && b.every((d, k) => d === s[k]);
    if (!prefix) {
      throw new Error(
        `${kernelName}: targetLogProbFn returned shape [${b}] for state part ${i} of shape [${s}]; ` +
          `expected one value per chain, i.e. a leading part of every state part's shape ` +
          `(e.g. [${s.slice(0, 1)}] when the first dimension indexes chains)`,
      );
    }
  }
  if (logProb.dtype !== 'float32') {
    throw new Error(`${kernelName}: targetLogProbFn must return float32 values, got ${logProb.dtype}`);
  }
}

/** The target log-prob, shape-checked. */
export function evaluateTarget(kernelName: string, fn: TargetLogProbFn, parts: tf.Tensor[]): tf.Tensor {
  const lp = fn(...parts);
  checkTargetShape(kernelName, lp, parts);
  return lp;
}

/** The target log-prob and its gradient with respect to every state part (per chain). */
export function evaluateTargetAndGradients(
  kernelName: string,
  fn: TargetLogProbFn,
  parts: tf.Tensor[],
): {targetLogProb: tf.Tensor; grads: tf.Tensor[]} {
  // A shape error is raised after the gradient pass: throwing inside it would strand its tensors.
  let shapeError: unknown;
  let result: {value: tf.Tensor; grads: tf.Tensor[]};
  try {
    result = tf.valueAndGrads((...xs: tf.Tensor[]) => {
    const lp = fn(...xs);
    try {
      checkTargetShape(kernelName, lp, xs);
      return lp;
    } catch (error) {
      shapeError = error;
      return lp instanceof tf.Tensor ? lp : tf.mul(tf.sum(xs[0]), 0);
    }
  })(parts);
  } catch (error) {
    if (shapeError !== undefined) throw shapeError;
    throw new Error(
      `${kernelName}: could not differentiate targetLogProbFn with respect to every state part ` +
        `(it must use all ${parts.length} part(s)): ${(error as Error).message}`,
    );
  }
  const {value, grads} = result;
  if (shapeError !== undefined) {
    tf.dispose([value, ...grads]);
    throw shapeError;
  }
  return {targetLogProb: value, grads};
}

/** Throws if a state part is not float32 or holds NaN or infinite values. */
export function checkInitialState(kernelName: string, parts: tf.Tensor[]): void {
  if (parts.length === 0) throw new Error(`${kernelName}: the initial state has no parts`);
  parts.forEach((p, i) => {
    if (!(p instanceof tf.Tensor)) {
      throw new Error(`${kernelName}: initial state part ${i} must be a tf.Tensor, got ${typeof p}`);
    }
    if (p.dtype !== 'float32') {
      throw new Error(`${kernelName}: initial state part ${i} must be float32, got ${p.dtype}`);
    }
    const v = p.dataSync();
    for (let k = 0; k < v.length; k++) {
      if (!Number.isFinite(v[k])) {
        throw new Error(
          `${kernelName}: initial state part ${i} (shape [${p.shape}]) holds ${v[k]} at flat index ${k}; ` +
            `expected finite values`,
        );
      }
    }
  });
}

/** Throws if the target log-prob at the initial state is NaN or -inf for some chain. */
export function checkInitialTargetLogProb(kernelName: string, logProb: tf.Tensor): void {
  const v = logProb.dataSync();
  for (let k = 0; k < v.length; k++) {
    if (Number.isNaN(v[k]) || v[k] === -Infinity || v[k] === Infinity) {
      throw new Error(
        `${kernelName}: the target log-prob at the initial state is ${v[k]} for chain ${k}; ` +
          `expected a finite value (start the chains inside the support)`,
      );
    }
  }
}
