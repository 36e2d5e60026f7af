import {MatrixLike, VectorLike, readVector} from './internal/arrays';
import {ClassifierOutputOptions, readClassifierOutputs, topLabel} from './internal/classifier_outputs';

/** Options of the calibration metrics. */
export interface CalibrationOptions {
  /** Number M of equal-width confidence bins on [0, 1]. Default 15 (Guo et al. 2017). */
  numBins?: number;
}

/** Options of the calibration metrics taking class probabilities. */
export interface ClassifierCalibrationOptions extends CalibrationOptions, ClassifierOutputOptions {}

/**
 * Top-label calibration per confidence bin, the data of a reliability diagram. Bin m holds the
 * examples whose confidence c lies in (edges[m], edges[m + 1]] (c = 0 falls in bin 0), with
 * edges[m] = m / M.
 */
export interface CalibrationBins {
  numBins: number;
  /** M + 1 bin edges, m / M. */
  edges: number[];
  /** Number of examples per bin. */
  counts: number[];
  /** Mean confidence per bin (NaN for an empty bin). */
  meanConfidence: number[];
  /** Fraction correct per bin (NaN for an empty bin). */
  accuracy: number[];
  numExamples: number;
  /** Expected calibration error sum_m (|B_m| / N) |accuracy_m - meanConfidence_m|. */
  ece: number;
  /** Maximum calibration error max_m |accuracy_m - meanConfidence_m| over non-empty bins. */
  mce: number;
}

const DEFAULT_NUM_BINS = 15;

function checkNumBins(fn: string, numBins: number): void {
  if (!Number.isInteger(numBins) || numBins < 1) {
    throw new Error(`${fn}: numBins is ${numBins}, expected a positive integer`);
  }
}

/** Index m of the bin (m/M, (m+1)/M] holding c, compared against the same edges m/M that are reported. */
function binIndex(c: number, numBins: number): number {
  let m = Math.min(numBins - 1, Math.max(0, Math.ceil(c * numBins) - 1));
  while (m > 0 && c <= m / numBins) m--;
  while (m < numBins - 1 && c > (m + 1) / numBins) m++;
  return m;
}

/**
 * Calibration bins from per-example confidences in [0, 1] and correctness (1/0 or true/false):
 * the general form, for any notion of confidence. See calibrationBins for a classifier's outputs.
 */
export function calibrationBinsFromConfidences(confidences: VectorLike, correct: VectorLike, options: CalibrationOptions = {}): CalibrationBins {
  const fn = 'calibrationBinsFromConfidences';
  const numBins = options.numBins ?? DEFAULT_NUM_BINS;
  checkNumBins(fn, numBins);
  const conf = readVector(`${fn}: confidences`, confidences);
  const hit = readVector(`${fn}: correct`, correct);
  if (conf.length !== hit.length) {
    throw new Error(`${fn}: confidences has ${conf.length} entries and correct ${hit.length}; expected one of each per example`);
  }
  if (conf.length === 0) throw new Error(`${fn}: no examples; expected at least one confidence`);
  const counts = new Array<number>(numBins).fill(0);
  const sumConf = new Array<number>(numBins).fill(0);
  const sumHit = new Array<number>(numBins).fill(0);
  for (let i = 0; i < conf.length; i++) {
    const c = conf[i];
    if (!(c >= 0 && c <= 1)) throw new Error(`${fn}: confidences[${i}] is ${c}, expected a number in [0, 1]`);
    if (hit[i] !== 0 && hit[i] !== 1) throw new Error(`${fn}: correct[${i}] is ${hit[i]}, expected 0 or 1`);
    const m = binIndex(c, numBins);
    counts[m]++;
    sumConf[m] += c;
    sumHit[m] += hit[i];
  }
  const edges = Array.from({length: numBins + 1}, (_, m) => m / numBins);
  const meanConfidence = counts.map((n, m) => (n > 0 ? sumConf[m] / n : NaN));
  const accuracy = counts.map((n, m) => (n > 0 ? sumHit[m] / n : NaN));
  let ece = 0;
  let mce = 0;
  counts.forEach((n, m) => {
    if (n === 0) return;
    const gap = Math.abs(accuracy[m] - meanConfidence[m]);
    ece += (n / conf.length) * gap;
    mce = Math.max(mce, gap);
  });
  return {numBins, edges, counts, meanConfidence, accuracy, numExamples: conf.length, ece, mce};
}

/**
 * Top-label calibration bins of a classifier (Guo et al. 2017, "On Calibration of Modern Neural
 * Networks"): confidence max_k p_k, correct when argmax_k p_k is the label.
 */
export function calibrationBins(probs: MatrixLike, labels: VectorLike, options: ClassifierCalibrationOptions = {}): CalibrationBins {
  checkNumBins('calibrationBins', options.numBins ?? DEFAULT_NUM_BINS);
  const c = readClassifierOutputs('calibrationBins', probs, labels, options);
  const confidences = new Float64Array(c.numExamples);
  const correct = new Float64Array(c.numExamples);
  for (let i = 0; i < c.numExamples; i++) {
    const top = topLabel(c.probs, c.numClasses, i);
    confidences[i] = Math.min(1, top.confidence);
    correct[i] = top.label === c.labels[i] ? 1 : 0;
  }
  return calibrationBinsFromConfidences(confidences, correct, options);
}

/**
 * Expected calibration error (top-label, equal-width bins; tfp.stats.expected_calibration_error):
 * `sum_m (|B_m| / N) |acc(B_m) - conf(B_m)|`.
 */
export function expectedCalibrationError(probs: MatrixLike, labels: VectorLike, options: ClassifierCalibrationOptions = {}): number {
  return calibrationBins(probs, labels, options).ece;
}

/** Maximum calibration error (Naeini et al. 2015): `max_m |acc(B_m) - conf(B_m)|` over non-empty bins. */
export function maximumCalibrationError(probs: MatrixLike, labels: VectorLike, options: ClassifierCalibrationOptions = {}): number {
  return calibrationBins(probs, labels, options).mce;
}
