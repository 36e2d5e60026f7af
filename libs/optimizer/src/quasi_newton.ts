import * as tf from '@tensorflow/tfjs';

import {driveBatch, Evaluation, MemberProgram} from './batch_driver';
import {strongWolfeLineSearch} from './line_search';
import {checkNumber, checkShape, dot, inScope, maxAbs, PositionLike, readPosition, rowsToTensor} from './validation';

/**
 * f(x) and its gradient for a batch of points: x has shape [..., n]; the function returns
 * [value with shape [...], gradient with shape [..., n]] (TFP's `value_and_gradients_function`).
 * `tfp.math.valueAndGradient`-style helpers or `tf.grads` can build one.
 */
export type ValueAndGradientsFunction = (x: tf.Tensor) => [tf.Tensor, tf.Tensor];

/** Arguments shared by bfgsMinimize and lbfgsMinimize (TFP's names and defaults). */
export interface QuasiNewtonOptions {
  valueAndGradientsFunction: ValueAndGradientsFunction;
  /** Starting point(s), shape [n] or [..., n] for a batch of independent problems. */
  initialPosition: PositionLike;
  /** Converged when the sup-norm of the gradient is at most this. Default 1e-8. */
  tolerance?: number;
  /** Converged when the sup-norm of the position change is at most this. Default 0. */
  xTolerance?: number;
  /** Converged when |f_k - f_{k-1}| <= fRelativeTolerance * |f_{k-1}|. Default 0. */
  fRelativeTolerance?: number;
  /** Converged when |f_k - f_{k-1}| <= fAbsoluteTolerance. Default 0. */
  fAbsoluteTolerance?: number;
  /** Maximum number of iterations (one line search each). Default 50. */
  maxIterations?: number;
  /** Maximum number of function evaluations in one line search. Default 50. */
  maxLineSearchIterations?: number;
}

/** TFP's `LBfgsOptimizerResults` / `BfgsOptimizerResults`; the caller owns (disposes) the tensors. */
export interface QuasiNewtonResults {
  /** bool, batch shape: the convergence criteria were met. */
  converged: tf.Tensor;
  /** bool, batch shape: the line search could not find an acceptable step, or f was not finite. */
  failed: tf.Tensor;
  /** int32 scalar: iterations of the longest-running batch member. */
  numIterations: tf.Tensor;
  /** int32 scalar: calls of valueAndGradientsFunction (each call evaluates the whole batch). */
  numObjectiveEvaluations: tf.Tensor;
  position: tf.Tensor;
  objectiveValue: tf.Tensor;
  objectiveGradient: tf.Tensor;
}

/** The inverse-Hessian model of one batch member: BFGS keeps a matrix, L-BFGS correction pairs. */
export interface InverseHessianModel {
  /** Search direction -H g. */
  direction(gradient: Float64Array): Float64Array;
  /** Incorporates the step s = x_{k+1} - x_k and y = g_{k+1} - g_k (skipped when s.y <= 0). */
  update(s: Float64Array, y: Float64Array): void;
  /** Forgets the curvature information (used when -H g is not a descent direction). */
  reset(): void;
}

interface MemberResult {
  converged: boolean;
  failed: boolean;
  iterations: number;
  position: Float64Array;
  value: number;
  gradient: Float64Array;
}

function* quasiNewtonMember(
    x0: Float64Array, model: InverseHessianModel, tolerance: number, xTolerance: number, fRelativeTolerance: number,
    fAbsoluteTolerance: number, maxIterations: number, maxLineSearch: number): MemberProgram<MemberResult> {
  let x = x0;
  const first: Evaluation = yield x0;
  let f = first.value;
  let g = first.gradient;
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) {
    return {converged: false, failed: true, iterations: 0, position: x, value: f, gradient: g};
  }
  let converged = maxAbs(g) <= tolerance;
  let failed = false;
  let iterations = 0;
  while (!converged && iterations < maxIterations) {
    let d = model.direction(g);
    if (!(dot(g, d) < 0)) {
      model.reset();
      d = g.map(v => -v);
    }
    const initialStep = iterations === 0 ? Math.min(1, 1 / maxAbs(d)) : 1;
    const step = yield* strongWolfeLineSearch(x, f, g, d, initialStep, maxLineSearch);
    if (!step.ok) {
      failed = true;
      break;
    }
    iterations++;
    const s = step.position.map((v, i) => v - x[i]);
    const y = step.gradient.map((v, i) => v - g[i]);
    model.update(s, y);
    const fPrev = f;
    x = step.position;
    f = step.value;
    g = step.gradient;
    const df = Math.abs(f - fPrev);
    converged = maxAbs(g) <= tolerance || maxAbs(s) <= xTolerance || df <= fRelativeTolerance * Math.abs(fPrev) ||
        df <= fAbsoluteTolerance;
  }
  return {converged, failed, iterations, position: x, value: f, gradient: g};
}

/**
 * Shared driver of bfgsMinimize and lbfgsMinimize: validates the options, runs one member
 * program per batch member with `makeModel(n, member, batchShape)` as its inverse-Hessian model, and
 * packs TFP's results.
 */
export function quasiNewtonMinimize<M extends InverseHessianModel>(
    owner: string, options: QuasiNewtonOptions, makeModel: (n: number, member: number, batchShape: number[]) => M):
    {results: QuasiNewtonResults; models: M[]; batchShape: number[]; n: number} {
  const {valueAndGradientsFunction} = options;
  if (typeof valueAndGradientsFunction !== 'function') {
    throw new Error(`${owner}: valueAndGradientsFunction must be a function; received ${typeof valueAndGradientsFunction}.`);
  }
  const tolerance = options.tolerance ?? 1e-8;
  const xTolerance = options.xTolerance ?? 0;
  const fRelativeTolerance = options.fRelativeTolerance ?? 0;
  const fAbsoluteTolerance = options.fAbsoluteTolerance ?? 0;
  const maxIterations = options.maxIterations ?? 50;
  const maxLineSearch = options.maxLineSearchIterations ?? 50;
  const nonNegative = (v: number) => v >= 0;
  checkNumber(owner, 'tolerance', tolerance, nonNegative, 'a finite number >= 0');
  checkNumber(owner, 'xTolerance', xTolerance, nonNegative, 'a finite number >= 0');
  checkNumber(owner, 'fRelativeTolerance', fRelativeTolerance, nonNegative, 'a finite number >= 0');
  checkNumber(owner, 'fAbsoluteTolerance', fAbsoluteTolerance, nonNegative, 'a finite number >= 0');
  checkNumber(owner, 'maxIterations', maxIterations, v => Number.isInteger(v) && v >= 0, 'an integer >= 0');
  checkNumber(owner, 'maxLineSearchIterations', maxLineSearch, v => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  const {rows, batchShape, n} = readPosition(owner, 'initialPosition', options.initialPosition);
  const models = rows.map((_, b) => makeModel(n, b, batchShape));
  const programs = rows.map((x0, b) => quasiNewtonMember(
      x0, models[b], tolerance, xTolerance, fRelativeTolerance, fAbsoluteTolerance, maxIterations, maxLineSearch));
  const evaluate = (points: Float64Array[]): Evaluation[] => inScope(() => {
    const x = rowsToTensor(points, batchShape, n);
    const out = valueAndGradientsFunction(x);
    if (!Array.isArray(out) || out.length !== 2 || !(out[0] instanceof tf.Tensor) || !(out[1] instanceof tf.Tensor)) {
      throw new Error(`${owner}: valueAndGradientsFunction must return [value, gradient] tensors.`);
    }
    checkShape(owner, 'the value returned by valueAndGradientsFunction', out[0], batchShape);
    checkShape(owner, 'the gradient returned by valueAndGradientsFunction', out[1], [...batchShape, n]);
    const values = out[0].dataSync();
    const grads = out[1].dataSync();
    return points.map((_, b) => ({value: values[b], gradient: Float64Array.from(grads.subarray(b * n, (b + 1) * n))}));
  });
  const {results, calls} = driveBatch(programs, evaluate);
  const packed: QuasiNewtonResults = {
    converged: tf.tensor(results.map(r => r.converged), batchShape, 'bool'),
    failed: tf.tensor(results.map(r => r.failed), batchShape, 'bool'),
    numIterations: tf.scalar(Math.max(...results.map(r => r.iterations)), 'int32'),
    numObjectiveEvaluations: tf.scalar(calls, 'int32'),
    position: rowsToTensor(results.map(r => r.position), batchShape, n),
    objectiveValue: tf.tensor(results.map(r => r.value), batchShape, 'float32'),
    objectiveGradient: rowsToTensor(results.map(r => r.gradient), batchShape, n),
  };
  return {results: packed, models, batchShape, n};
}
