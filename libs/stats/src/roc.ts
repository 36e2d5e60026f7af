import {VectorLike, readVector} from './internal/arrays';

/** Points of a receiver operating characteristic curve, from (0, 0) to (1, 1). */
export interface RocCurve {
  /** False positive rate at each threshold. */
  fpr: number[];
  /** True positive rate at each threshold. */
  tpr: number[];
  /** Point i > 0 counts scores >= thresholds[i] as positive; point 0, (0, 0), flags nothing and has threshold +Infinity. */
  thresholds: number[];
}

/** Ascending order that also holds for infinite scores (Infinity - Infinity is NaN). */
function compareScores(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Scored {
  scores: Float64Array;
  positive: Uint8Array;
  numPositive: number;
  numNegative: number;
}

function readScored(fn: string, scores: VectorLike, labels: VectorLike): Scored {
  const s = readVector(`${fn}: scores`, scores);
  const y = readVector(`${fn}: labels`, labels);
  if (s.length !== y.length) throw new Error(`${fn}: scores has ${s.length} entries and labels ${y.length}; expected one label per score`);
  const positive = new Uint8Array(s.length);
  let numPositive = 0;
  for (let i = 0; i < s.length; i++) {
    if (Number.isNaN(s[i])) throw new Error(`${fn}: scores[${i}] is NaN, expected a number`);
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`${fn}: labels[${i}] is ${y[i]}, expected 0 (negative) or 1 (positive)`);
    positive[i] = y[i];
    numPositive += y[i];
  }
  const numNegative = s.length - numPositive;
  if (numPositive === 0 || numNegative === 0) {
    throw new Error(`${fn}: labels has ${numPositive} positives and ${numNegative} negatives; the ROC needs at least one of each class`);
  }
  return {scores: s, positive, numPositive, numNegative};
}

/**
 * Area under the ROC curve of `scores` for telling positives (label 1) from negatives (label 0),
 * higher scores meaning positive: the probability that a random positive outscores a random
 * negative, ties counting 1/2. Computed from ranks (ties get their average rank) as the
 * Mann-Whitney U of the positives divided by n1 * n0.
 */
export function auroc(scores: VectorLike, labels: VectorLike): number {
  const {scores: s, positive, numPositive, numNegative} = readScored('auroc', scores, labels);
  const order = Array.from(s.keys()).sort((a, b) => compareScores(s[a], s[b]));
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && s[order[end]] === s[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (positive[order[i]]) rankSum += averageRank;
    start = end;
  }
  const u = rankSum - (numPositive * (numPositive + 1)) / 2;
  return u / (numPositive * numNegative);
}

/**
 * ROC curve points of `scores` (label 1 positive), one per distinct score from the highest down,
 * after the (0, 0) point; the trapezoidal area under them equals auroc (a tie is a diagonal step).
 */
export function rocCurve(scores: VectorLike, labels: VectorLike): RocCurve {
  const {scores: s, positive, numPositive, numNegative} = readScored('rocCurve', scores, labels);
  const order = Array.from(s.keys()).sort((a, b) => compareScores(s[b], s[a]));
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end < order.length && s[order[end]] === s[order[start]]) {
      if (positive[order[end]]) tp++;
      else fp++;
      end++;
    }
    fpr.push(fp / numNegative);
    tpr.push(tp / numPositive);
    thresholds.push(s[order[start]]);
    start = end;
  }
  return {fpr, tpr, thresholds};
}

function oodLabels(fn: string, inDistribution: VectorLike, outOfDistribution: VectorLike): {scores: Float64Array; labels: Uint8Array} {
  const a = readVector(`${fn}: inDistribution`, inDistribution);
  const b = readVector(`${fn}: outOfDistribution`, outOfDistribution);
  if (a.length === 0 || b.length === 0) {
    throw new Error(`${fn}: got ${a.length} in-distribution and ${b.length} out-of-distribution scores; expected at least one of each`);
  }
  const scores = new Float64Array(a.length + b.length);
  scores.set(a);
  scores.set(b, a.length);
  const labels = new Uint8Array(scores.length);
  labels.fill(1, a.length);
  return {scores, labels};
}

/**
 * AUROC of an uncertainty score (e.g. predictive entropy or mutual information) for flagging
 * out-of-distribution inputs: P(score_ood > score_in) + P(tie) / 2. 0.5 is chance, 1 perfect.
 */
export function oodAuroc(inDistribution: VectorLike, outOfDistribution: VectorLike): number {
  const {scores, labels} = oodLabels('oodAuroc', inDistribution, outOfDistribution);
  return auroc(scores, labels);
}

/** ROC curve of an uncertainty score for flagging out-of-distribution inputs (OOD is positive). */
export function oodRocCurve(inDistribution: VectorLike, outOfDistribution: VectorLike): RocCurve {
  const {scores, labels} = oodLabels('oodRocCurve', inDistribution, outOfDistribution);
  return rocCurve(scores, labels);
}
