/**
 * Compiled targets for the float64 NUTS: the backend's `compileValueAndGrads` of a target, cached
 * per target function and state shapes (a TransformedTransitionKernel's target is one function for
 * the kernel's life, so it is traced once per shape).
 */
import type * as tf from '@tensorflow/tfjs';
import {compileValueAndGrads} from '@tfjs-probability/backend';
import type {BatchedTarget} from './float64_nuts';
import type {TargetLogProbFn} from './state';

const cache = new WeakMap<TargetLogProbFn, Map<string, BatchedTarget>>();

/**
 * The target compiled for state parts of these shapes (traced at `parts` on first use); a target the
 * compiler refuses is an Error naming the kernel and the compiler's reason.
 */
export function compiledTarget(kernelName: string, fn: TargetLogProbFn, parts: tf.Tensor[]): BatchedTarget {
  let byShape = cache.get(fn);
  if (byShape === undefined) cache.set(fn, (byShape = new Map()));
  const key = parts.map((p) => p.shape.join('x')).join(',');
  let target = byShape.get(key);
  if (target === undefined) {
    try {
      target = compileValueAndGrads(fn, parts);
    } catch (error) {
      throw new Error(
        `${kernelName}: compileTarget is set but targetLogProbFn cannot be compiled for state shapes ` +
          `${parts.map((p) => `[${p.shape}]`).join(', ')}: ${(error as Error).message}. Use compileTarget: false to run it through tfjs kernels`,
      );
    }
    byShape.set(key, target);
  }
  return target;
}
