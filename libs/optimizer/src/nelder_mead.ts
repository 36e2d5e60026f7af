import * as tf from '@tensorflow/tfjs';

import {checkNumber, checkShape, inScope, PositionLike, readPosition, rowsToTensor} from './validation';

const OWNER = 'nelderMeadMinimize';

/** Options of nelderMeadMinimize (TFP's `nelder_mead_minimize` arguments and defaults). */
export interface NelderMeadOptions {
  /**
   * f at one point x of shape [n], returning a scalar; with batchEvaluateObjective, f at k
   * points [k, n], returning [k].
   */
  objectiveFunction: (x: tf.Tensor) => tf.Tensor;
  /** The n + 1 vertices [n + 1, n]. Give this or initialVertex. */
  initialSimplex?: PositionLike;
  /** One vertex [n]; the others are initialVertex + stepSizes_i e_i. */
  initialVertex?: PositionLike;
  /** Axis steps from initialVertex, a number or [n]. Default 1. */
  stepSizes?: number | number[];
  /** Evaluate all points of a step in one call of objectiveFunction. Default false. */
  batchEvaluateObjective?: boolean;
  /** Converged when max f - min f over the simplex is below this. Default 1e-8. */
  funcTolerance?: number;
  /** Converged when every vertex is within this (sup-norm) of the best vertex. Default 1e-8. */
  positionTolerance?: number;
  /** Maximum number of iterations. Default: no limit (TFP's None). */
  maxIterations?: number;
  /** Defaults follow Gao & Han (2012) for n >= 2: 1, 1 + 2/n, 0.75 - 1/(2n), 1 - 1/n; n = 1: 1, 2, 0.5, 0.5. */
  reflection?: number;
  expansion?: number;
  contraction?: number;
  shrinkage?: number;
}

/** TFP's `NelderMeadOptimizerResults`; the caller owns (disposes) the tensors. */
export interface NelderMeadResults {
  converged: tf.Tensor;
  /** int32 scalar: number of points at which the objective was evaluated. */
  numObjectiveEvaluations: tf.Tensor;
  position: tf.Tensor;
  objectiveValue: tf.Tensor;
  finalSimplex: tf.Tensor;
  finalObjectiveValues: tf.Tensor;
  initialSimplex: tf.Tensor;
  initialObjectiveValues: tf.Tensor;
  numIterations: tf.Tensor;
}

/**
 * Derivative-free minimisation by the Nelder-Mead simplex method (TFP's
 * `tfp.optimizer.nelder_mead_minimize`). Each iteration replaces the worst vertex x_w by a
 * reflection c + r (c - x_w) of it through the centroid c of the others, an expansion
 * c + e (x_r - c), or an outside/inside contraction c +- k (.), and otherwise shrinks the simplex
 * towards the best vertex by s. Stops when the spread of objective values is below
 * funcTolerance or the simplex is within positionTolerance of its best vertex.
 */
export function nelderMeadMinimize(options: NelderMeadOptions): NelderMeadResults {
  const {objectiveFunction} = options;
  if (typeof objectiveFunction !== 'function') {
    throw new Error(`${OWNER}: objectiveFunction must be a function; received ${typeof objectiveFunction}.`);
  }
  const simplex = initialSimplexRows(options);
  const n = simplex[0].length;
  const funcTolerance = options.funcTolerance ?? 1e-8;
  const positionTolerance = options.positionTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? Infinity;
  checkNumber(OWNER, 'funcTolerance', funcTolerance, v => v >= 0, 'a finite number >= 0');
  checkNumber(OWNER, 'positionTolerance', positionTolerance, v => v >= 0, 'a finite number >= 0');
  if (maxIterations !== Infinity) {
    checkNumber(OWNER, 'maxIterations', maxIterations, v => Number.isInteger(v) && v >= 0, 'an integer >= 0');
  }
  const gaoHan = n >= 2;
  const reflection = options.reflection ?? 1;
  const expansion = options.expansion ?? (gaoHan ? 1 + 2 / n : 2);
  const contraction = options.contraction ?? (gaoHan ? 0.75 - 1 / (2 * n) : 0.5);
  const shrinkage = options.shrinkage ?? (gaoHan ? 1 - 1 / n : 0.5);
  checkNumber(OWNER, 'reflection', reflection, v => v > 0, 'a finite number > 0');
  checkNumber(OWNER, 'expansion', expansion, v => v > 1, 'a finite number > 1');
  checkNumber(OWNER, 'contraction', contraction, v => v > 0 && v < 1, 'a number in (0, 1)');
  checkNumber(OWNER, 'shrinkage', shrinkage, v => v > 0 && v < 1, 'a number in (0, 1)');

  let evaluations = 0;
  const evaluate = (points: Float64Array[]): number[] => inScope(() => {
    evaluations += points.length;
    const finiteOrInf = (v: number) => (Number.isNaN(v) ? Infinity : v);
    if (options.batchEvaluateObjective) {
      const out = objectiveFunction(rowsToTensor(points, [points.length], n));
      checkShape(OWNER, 'the value returned by objectiveFunction (batchEvaluateObjective)', out, [points.length]);
      return Array.from(out.dataSync(), finiteOrInf);
    }
    return points.map(p => {
      const out = objectiveFunction(rowsToTensor([p], [], n));
      checkShape(OWNER, 'the value returned by objectiveFunction', out, []);
      return finiteOrInf(out.dataSync()[0]);
    });
  });

  const initialValues = evaluate(simplex);
  const initialSimplex = simplex.map(v => v.slice());
  const values = initialValues.slice();
  const order = () => {
    const idx = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const vs = idx.map(i => simplex[i]);
    const fs = idx.map(i => values[i]);
    vs.forEach((v, i) => { simplex[i] = v; values[i] = fs[i]; });
  };
  const hasConverged = () => {
    if (values[n] - values[0] <= funcTolerance) return true;
    let spread = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs(simplex[i][j] - simplex[0][j]));
    return spread <= positionTolerance;
  };
  const along = (c: Float64Array, k: number, towards: Float64Array) => c.map((ci, j) => ci + k * (towards[j] - ci));

  order();
  let iterations = 0;
  let converged = hasConverged();
  while (!converged && iterations < maxIterations) {
    iterations++;
    const centroid = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const worst = simplex[n];
    const reflected = along(centroid, -reflection, worst);
    const [fr] = evaluate([reflected]);
    let replacement: [Float64Array, number] | undefined;
    if (fr < values[0]) {
      const expanded = along(centroid, expansion, reflected);
      const [fe] = evaluate([expanded]);
      replacement = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      replacement = [reflected, fr];
    } else if (fr < values[n]) {
      const outside = along(centroid, contraction, reflected);
      const [fc] = evaluate([outside]);
      if (fc <= fr) replacement = [outside, fc];
    } else {
      const inside = along(centroid, contraction, worst);
      const [fc] = evaluate([inside]);
      if (fc < values[n]) replacement = [inside, fc];
    }
    if (replacement) {
      simplex[n] = replacement[0];
      values[n] = replacement[1];
    } else {
      for (let i = 1; i <= n; i++) simplex[i] = along(simplex[0], shrinkage, simplex[i]);
      evaluate(simplex.slice(1)).forEach((f, i) => { values[i + 1] = f; });
    }
    order();
    converged = hasConverged();
  }
  return {
    converged: tf.scalar(converged, 'bool'),
    numObjectiveEvaluations: tf.scalar(evaluations, 'int32'),
    position: rowsToTensor([simplex[0]], [], n),
    objectiveValue: tf.scalar(values[0]),
    finalSimplex: rowsToTensor(simplex, [n + 1], n),
    finalObjectiveValues: tf.tensor1d(values),
    initialSimplex: rowsToTensor(initialSimplex, [n + 1], n),
    initialObjectiveValues: tf.tensor1d(initialValues),
    numIterations: tf.scalar(iterations, 'int32'),
  };
}

function initialSimplexRows(options: NelderMeadOptions): Float64Array[] {
  const {initialSimplex, initialVertex} = options;
  if ((initialSimplex === undefined) === (initialVertex === undefined)) {
    throw new Error(`${OWNER}: give exactly one of initialSimplex and initialVertex; received ` +
        `${initialSimplex === undefined ? 'neither' : 'both'}.`);
  }
  if (initialSimplex !== undefined) {
    const {rows, batchShape, n} = readPosition(OWNER, 'initialSimplex', initialSimplex);
    if (batchShape.length !== 1 || batchShape[0] !== n + 1) {
      throw new Error(`${OWNER}: initialSimplex must have shape [n + 1, n]; received shape [${[...batchShape, n]}].`);
    }
    return rows;
  }
  const {rows, batchShape, n} = readPosition(OWNER, 'initialVertex', initialVertex!);
  if (batchShape.length !== 0) {
    throw new Error(`${OWNER}: initialVertex must have shape [n] (one problem; TFP's Nelder-Mead is not batched); ` +
        `received shape [${[...batchShape, n]}].`);
  }
  const steps = options.stepSizes ?? 1;
  const stepArray = typeof steps === 'number' ? new Array<number>(n).fill(steps) : steps;
  if (stepArray.length !== n || stepArray.some(s => !Number.isFinite(s) || s === 0)) {
    throw new Error(`${OWNER}: stepSizes must be a nonzero finite number or ${n} of them; received ${JSON.stringify(steps)}.`);
  }
  const x0 = rows[0];
  return [x0, ...stepArray.map((s, j) => { const v = x0.slice(); v[j] += s; return v; })];
}
