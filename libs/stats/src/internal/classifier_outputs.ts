import {MatrixLike, VectorLike, readMatrix, readVector} from './arrays';

/** How a classifier's outputs are given to a metric. */
export interface ClassifierOutputOptions {
  /** The outputs are logits (unnormalised log-probabilities) rather than probabilities. Default false. */
  fromLogits?: boolean;
}

/** Probabilities and labels read into JS numbers, validated. */
export interface ClassifierOutputs {
  /** Row-major `[N, K]` class probabilities. */
  probs: Float64Array;
  /** Row-major `[N, K]` log-probabilities: exact (log-softmax) for logits, `log p` (maybe -Infinity) otherwise. */
  logProbs: Float64Array;
  labels: Int32Array;
  numExamples: number;
  numClasses: number;
}

/** Largest |sum_k p_k - 1| accepted for a row of probabilities: float32 softmax rows are off by ~1e-7. */
export const ROW_SUM_TOLERANCE = 1e-3;

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Reads integer class labels in [0, numClasses). */
export function readLabels(where: string, labels: VectorLike, numClasses: number): Int32Array {
  const values = readVector(where, labels);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new Error(`${where}: label ${i} is ${v}, expected an integer class index in [0, ${numClasses})`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Reads `[N, K]` probabilities (or logits) and N integer labels. A vector of N values is a binary
 * classifier's P(y = 1) (or its logit). Probabilities must lie in [0, 1] with rows summing to 1
 * within ROW_SUM_TOLERANCE.
 */
export function readClassifierOutputs(
  fn: string,
  probsOrLogits: MatrixLike,
  labels: VectorLike,
  options: ClassifierOutputOptions = {},
): ClassifierOutputs {
  const what = options.fromLogits ? 'logits' : 'probs';
  const m = readMatrix(`${fn}: ${what}`, probsOrLogits);
  const binary = m.cols === 1;
  const numClasses = binary ? 2 : m.cols;
  const n = m.rows;
  if (n === 0) throw new Error(`${fn}: ${what} is empty; expected at least one example`);
  if (numClasses < 2) throw new Error(`${fn}: ${what} has ${m.cols} columns, expected at least 2 classes`);
  const y = readLabels(`${fn}: labels`, labels, numClasses);
  if (y.length !== n) {
    throw new Error(`${fn}: labels has ${y.length} entries but ${what} has ${n} rows; expected one label per row`);
  }
  const probs = new Float64Array(n * numClasses);
  const logProbs = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    for (let k = 0; k < m.cols; k++) {
      if (!Number.isFinite(m.values[i * m.cols + k])) {
        throw new Error(`${fn}: ${what}[${i}, ${k}] is ${m.values[i * m.cols + k]}, expected a finite number`);
      }
    }
    if (options.fromLogits) {
      if (binary) {
        const z = m.values[i];
        logProbs[base] = -softplus(z);
        logProbs[base + 1] = -softplus(-z);
      } else {
        let max = -Infinity;
        for (let k = 0; k < numClasses; k++) max = Math.max(max, m.values[base + k]);
        let sum = 0;
        for (let k = 0; k < numClasses; k++) sum += Math.exp(m.values[base + k] - max);
        const logSum = max + Math.log(sum);
        for (let k = 0; k < numClasses; k++) logProbs[base + k] = m.values[base + k] - logSum;
      }
      for (let k = 0; k < numClasses; k++) probs[base + k] = Math.exp(logProbs[base + k]);
    } else {
      if (binary) {
        probs[base] = 1 - m.values[i];
        probs[base + 1] = m.values[i];
      } else {
        probs.set(m.values.subarray(base, base + numClasses), base);
      }
      let sum = 0;
      for (let k = 0; k < numClasses; k++) {
        const p = probs[base + k];
        if (p < 0 || p > 1) {
          const col = binary ? '' : `, ${k}`;
          throw new Error(`${fn}: probs[${i}${col}] is ${binary ? m.values[i] : p}, expected a probability in [0, 1] (pass fromLogits: true for logits)`);
        }
        sum += p;
        logProbs[base + k] = Math.log(p);
      }
      if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
        throw new Error(`${fn}: probs row ${i} sums to ${sum}, expected 1 (within ${ROW_SUM_TOLERANCE})`);
      }
    }
  }
  return {probs, logProbs, labels: y, numExamples: n, numClasses};
}

/** Index of the largest probability in row i (the first one on ties, like tf.argMax) and its value. */
export function topLabel(probs: Float64Array, numClasses: number, i: number): {label: number; confidence: number} {
  const base = i * numClasses;
  let label = 0;
  let confidence = probs[base];
  for (let k = 1; k < numClasses; k++) {
    if (probs[base + k] > confidence) {
      confidence = probs[base + k];
      label = k;
    }
  }
  return {label, confidence};
}
