/**
 * Float64 helpers of the MCMC diagnostics (ArviZ / Stan formulas): grouping a draws tensor into
 * chains per scalar quantity, splitting chains, rank normalisation, autocovariance.
 */
import * as tf from '@tensorflow/tfjs';
import {ndtri} from '@tfjs-probability/math';

/** For each output element, its chains (each a Float64Array of draws). */
export interface GroupedDraws {
  outShape: number[];
  groups: Float64Array[][];
}

/**
 * Groups draws of shape [numDraws, ...rest] by output element: dims `chainDims` (axes >= 1) are
 * chains of the same quantity, the remaining axes after the first index the output.
 */
export function groupDraws(name: string, states: tf.Tensor, chainDims: number[]): GroupedDraws {
  if (!(states instanceof tf.Tensor)) throw new Error(`${name}: states must be a tf.Tensor`);
  const shape = states.shape;
  if (shape.length < 1) throw new Error(`${name}: states must have a leading draws axis; received a scalar`);
  const rank = shape.length;
  for (const d of chainDims) {
    if (!(Number.isInteger(d) && d >= 1 && d < rank)) {
      throw new Error(`${name}: chain dimension ${d} is not an axis after the draws axis of states with shape [${shape}]`);
    }
  }
  if (new Set(chainDims).size !== chainDims.length) throw new Error(`${name}: repeated chain dimensions [${chainDims}]`);
  const outAxes = [];
  for (let a = 1; a < rank; a++) if (!chainDims.includes(a)) outAxes.push(a);
  const outShape = outAxes.map((a) => shape[a]);
  const numOut = outShape.reduce((a, b) => a * b, 1);
  const numChains = chainDims.reduce((a, d) => a * shape[d], 1);
  const n = shape[0];
  const groups: Float64Array[][] = [];
  for (let o = 0; o < numOut; o++) {
    groups.push(Array.from({length: numChains}, () => new Float64Array(n)));
  }
  const data = states.dataSync();
  const index = new Array(rank).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rem = flat;
    for (let a = rank - 1; a >= 0; a--) {
      index[a] = rem % shape[a];
      rem = Math.floor(rem / shape[a]);
    }
    let o = 0;
    for (const a of outAxes) o = o * shape[a] + index[a];
    let c = 0;
    for (const a of chainDims) c = c * shape[a] + index[a];
    groups[o][c][index[0]] = data[flat];
  }
  return {outShape, groups};
}

/** Each chain cut into its first and last floor(n/2) draws (the middle draw of an odd n is dropped, as ArviZ). */
export function splitChains(chains: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    out.push(c.slice(0, half), c.slice(c.length - half));
  }
  return out;
}

/**
 * Rank normalisation (Vehtari et al. 2021): average ranks r over all draws of all chains, then
 * z = ndtri((r - 3/8) / (S + 1/4)) with S the number of draws (Blom's offsets, as the paper, Stan's
 * C++ and ArviZ; rstan 2.21 still used (r - 1/2) / S). ndtri runs in float32.
 */
export function zScale(chains: Float64Array[]): Float64Array[] {
  const n = chains[0].length;
  const all: {v: number; i: number}[] = [];
  chains.forEach((c, k) => c.forEach((v, j) => all.push({v, i: k * n + j})));
  all.sort((a, b) => a.v - b.v);
  const size = all.length;
  const p = new Float32Array(size);
  for (let s = 0; s < size; ) {
    let e = s;
    while (e + 1 < size && all[e + 1].v === all[s].v) e++;
    const rank = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++) p[all[k].i] = (rank - 0.375) / (size + 0.25);
    s = e + 1;
  }
  const z = tf.tidy(() => ndtri(tf.tensor1d(p)).dataSync());
  return chains.map((_, k) => Float64Array.from(z.subarray(k * n, (k + 1) * n)));
}

/** |x - median| over all draws of all chains (the folding of the tail R-hat; Stan folds before splitting). */
export function fold(chains: Float64Array[]): Float64Array[] {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c))).sort();
  const m = all.length;
  const median = m % 2 === 1 ? all[(m - 1) / 2] : (all[m / 2 - 1] + all[m / 2]) / 2;
  return chains.map((c) => c.map((v) => Math.abs(v - median)));
}

export function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Sample variance with `ddof` degrees of freedom removed. */
export function variance(x: ArrayLike<number>, ddof: number): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - ddof);
}

/** Biased autocovariance (1/n) sum_t (x_t - xbar)(x_{t+k} - xbar) for k = 0..n-1, by direct sums. */
export function autocovariance(x: Float64Array): Float64Array {
  const n = x.length;
  const m = mean(x);
  const d = x.map((v) => v - m);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += d[t] * d[t + k];
    out[k] = s / n;
  }
  return out;
}
