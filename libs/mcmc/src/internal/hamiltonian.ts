/**
 * Hamiltonian dynamics shared by HamiltonianMonteCarlo and NoUTurnSampler, with a diagonal mass
 * matrix M = diag(1 / m) given by its inverse diagonal m (one tensor per state part, broadcasting
 * against the part: an event-shaped vector, a per-chain tensor, or the scalar 1 for unit mass):
 *   momentum p ~ N(0, M), i.e. p = z / sqrt(m) with z ~ N(0, I);
 *   kinetic energy K(p) = (1/2) sum m p^2, velocity dK/dp = m p ("p sharp" in Stan);
 *   leapfrog of size h: p <- p + (h/2) grad log p(x); x <- x + h m p; p <- p + (h/2) grad log p(x).
 * This is TFP's PreconditionedHamiltonianMonteCarlo with a diagonal Gaussian momentum distribution.
 */
import * as tf from '@tensorflow/tfjs';
import type {GradientKernelResults} from './gradient_kernel';
import {sumEventDims} from './state';
import {validateStepSize} from './step_size';

/** Results of a Hamiltonian kernel: the gradient-kernel results plus the inverse mass diagonal. */
export type HamiltonianResults = GradientKernelResults & {
  /** m, the inverse mass matrix diagonal, one tensor per state part (broadcasting against it). */
  inverseMassDiagonal: tf.Tensor[];
};

/** A point of phase space: the state parts, the momentum and the target log-prob and gradients there. */
export type PhasePoint = {
  x: tf.Tensor[];
  p: tf.Tensor[];
  targetLogProb: tf.Tensor;
  grads: tf.Tensor[];
};

/** Positive inverse-mass diagonal entries: a number, a tensor, or one per state part. */
export type InverseMassDiagonal = number | tf.Tensor | Array<number | tf.Tensor>;

/** Checks the option and returns one value per state part (a single value is shared). */
export function validateInverseMassDiagonal(kernelName: string, value: InverseMassDiagonal | undefined): Array<number | tf.Tensor> {
  if (value === undefined) return [1];
  return validateStepSize(kernelName, 'inverseMassDiagonal', value);
}

/** Fresh float32 tensors, one per part, checked to broadcast against the part's shape. */
export function inverseMassTensors(kernelName: string, values: Array<number | tf.Tensor>, parts: tf.Tensor[]): tf.Tensor[] {
  if (values.length !== 1 && values.length !== parts.length) {
    throw new Error(
      `${kernelName}: inverseMassDiagonal has ${values.length} entries but the state has ${parts.length} parts; ` +
        `expected one value, or one per state part`,
    );
  }
  return parts.map((part, i) => {
    const v = values.length === 1 ? values[0] : values[i];
    if (typeof v === 'number') return tf.scalar(v);
    checkBroadcasts(kernelName, `inverseMassDiagonal${values.length === 1 ? '' : `[${i}]`}`, v, part, i);
    return tf.cast(v, 'float32');
  });
}

/** Throws unless `value` broadcasts against state part `i` without changing the part's shape. */
export function checkBroadcasts(kernelName: string, parameter: string, value: tf.Tensor, part: tf.Tensor, i: number): void {
  const s = value.shape;
  const ok = s.length <= part.rank && s.every((d, k) => d === 1 || d === part.shape[part.rank - s.length + k]);
  if (!ok) {
    throw new Error(
      `${kernelName}: ${parameter} has shape [${s}], which does not broadcast against state part ${i} of shape [${part.shape}]; ` +
        `expected e.g. the event shape [${part.shape.slice(1)}]`,
    );
  }
}

/** p = z / sqrt(m), z ~ N(0, I): a momentum drawn from N(0, M). */
export function sampleMomentum(parts: tf.Tensor[], inverseMass: tf.Tensor[], seeds: () => number | undefined): tf.Tensor[] {
  return parts.map((x, i) => tf.div(tf.randomNormal(x.shape, 0, 1, 'float32', seeds()), tf.sqrt(inverseMass[i])));
}

/** m p per part: the velocity dK/dp ("p sharp"). */
export function velocity(p: tf.Tensor[], inverseMass: tf.Tensor[]): tf.Tensor[] {
  return p.map((pi, i) => tf.mul(pi, inverseMass[i]));
}

/** K(p) = (1/2) sum m p^2 over the event dimensions of all parts (one value per chain). */
export function kineticEnergy(p: tf.Tensor[], inverseMass: tf.Tensor[], batchRank: number): tf.Tensor {
  return kineticEnergyFromVelocity(p, velocity(p, inverseMass), batchRank);
}

/** K(p) = (1/2) sum p v, given the velocity v = m p. */
export function kineticEnergyFromVelocity(p: tf.Tensor[], v: tf.Tensor[], batchRank: number): tf.Tensor {
  let k: tf.Tensor | undefined;
  p.forEach((pi, i) => {
    const term = sumEventDims(tf.mul(pi, v[i]), batchRank);
    k = k === undefined ? term : tf.add(k, term);
  });
  return tf.mul(k as tf.Tensor, 0.5);
}

/** The per-part factors of a leapfrog step of (signed) size h: h / 2 and h m. */
export type LeapfrogCoefficients = {halfStep: tf.Tensor[]; stepTimesInverseMass: tf.Tensor[]};

/**
 * Factors of the leapfrog step, computed once for many steps. h broadcasts against the part, so a
 * per-chain sign or size is a tensor of shape [chains, 1, ...].
 */
export function leapfrogCoefficients(h: tf.Tensor[], inverseMass: tf.Tensor[]): LeapfrogCoefficients {
  return {halfStep: h.map((hi) => tf.mul(hi, 0.5)), stepTimesInverseMass: h.map((hi, i) => tf.mul(hi, inverseMass[i]))};
}

/** One leapfrog step; `evaluate` returns log p and its gradients at new positions. */
export function leapfrogStep(
  point: Pick<PhasePoint, 'x' | 'p' | 'grads'>,
  c: LeapfrogCoefficients,
  evaluate: (x: tf.Tensor[]) => {targetLogProb: tf.Tensor; grads: tf.Tensor[]},
): PhasePoint {
  const pHalf = point.p.map((pi, i) => tf.add(pi, tf.mul(c.halfStep[i], point.grads[i])));
  const x = point.x.map((xi, i) => tf.add(xi, tf.mul(c.stepTimesInverseMass[i], pHalf[i])));
  const {targetLogProb, grads} = evaluate(x);
  const p = pHalf.map((pi, i) => tf.add(pi, tf.mul(c.halfStep[i], grads[i])));
  return {x, p, targetLogProb, grads};
}
