import * as tf from '@tensorflow/tfjs';
import {Activation, activationFn, DenseLayer, Initializer, seededRandom} from './internal/dense';

export interface AutoregressiveNetworkOptions {
  /** Outputs per input dimension (2 for MAF's shift and log-scale). */
  params: number;
  /** The event shape [D]; inferred from the first input when omitted. */
  eventShape?: number[] | number;
  /** Widths of the hidden layers; default none (a single masked layer). */
  hiddenUnits?: number[];
  /** 'left-to-right' (default), 'right-to-left', 'random', or the degrees 1..D of the inputs. */
  inputOrder?: 'left-to-right' | 'right-to-left' | 'random' | number[];
  /** How hidden units get degrees: 'equal' (default, evenly spread) or 'random'. */
  hiddenDegrees?: 'equal' | 'random';
  /** Hidden-layer activation; default none (linear), as TFP. */
  activation?: Activation | null;
  useBias?: boolean;
  /** Seed for the kernel initializer (Glorot uniform) and the random orders. */
  seed?: number;
  kernelInitializer?: Initializer;
  name?: string;
}

/**
 * TFP's `AutoregressiveNetwork`: a MADE (Germain et al. 2015) — a dense network whose weight masks
 * make output i depend only on the inputs that come before i in `inputOrder`. Input j gets degree
 * d_j in 1..D; a hidden unit with degree k sees units of degree <= k; output i (degree d_i) sees
 * hidden units of degree < d_i. `call(x)` maps [..., D] to [..., D, params]. Its kernels and biases
 * are tf.Variables (`trainableVariables`), so any tf.Optimizer trains it.
 */
export class AutoregressiveNetwork {
  readonly params: number;
  readonly hiddenUnits: readonly number[];
  readonly name: string;
  private readonly options: AutoregressiveNetworkOptions;
  private layers: DenseLayer[] | null = null;
  private eventSize: number | null = null;
  private inputDegrees: number[] | null = null;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(options: AutoregressiveNetworkOptions) {
    const {params, hiddenUnits = []} = options ?? ({} as AutoregressiveNetworkOptions);
    this.name = options?.name ?? 'autoregressive_network';
    if (!Number.isInteger(params) || params < 1) {
      throw new Error(`AutoregressiveNetwork: parameter 'params' must be a positive integer, got ${params}`);
    }
    if (!Array.isArray(hiddenUnits) || !hiddenUnits.every((u) => Number.isInteger(u) && u > 0)) {
      throw new Error(`AutoregressiveNetwork: parameter 'hiddenUnits' must be an array of positive integers, got ${JSON.stringify(hiddenUnits)}`);
    }
    this.act = activationFn(options.activation, 'AutoregressiveNetwork');
    this.params = params;
    this.hiddenUnits = hiddenUnits.slice();
    this.options = options;
    const es = options.eventShape;
    if (es !== undefined) {
      const shape = typeof es === 'number' ? [es] : es;
      if (shape.length !== 1 || !Number.isInteger(shape[0]) || shape[0] < 1) {
        throw new Error(`AutoregressiveNetwork: parameter 'eventShape' must be [D] with D a positive integer, got ${JSON.stringify(es)}`);
      }
      this.build(shape[0]);
    }
  }

  /** The input degrees (1..D) once built. */
  get degrees(): readonly number[] | null {
    return this.inputDegrees;
  }

  get trainableVariables(): tf.Variable[] {
    return this.layers ? this.layers.flatMap((l) => l.variables) : [];
  }

  /** [..., D] -> [..., D, params]. */
  call(x: tf.Tensor): tf.Tensor {
    const d = x.shape[x.rank - 1];
    if (this.layers === null) this.build(d);
    if (d !== this.eventSize) {
      throw new Error(`${this.name}: input must have event size ${this.eventSize} on its last axis, got shape [${x.shape}]`);
    }
    return tf.tidy(() => {
      const act = this.act;
      const layers = this.layers as DenseLayer[];
      let h = x;
      layers.forEach((layer, i) => {
        h = layer.apply(h);
        if (i < layers.length - 1) h = act(h);
      });
      return tf.reshape(h, [...x.shape, this.params]);
    });
  }

  dispose(): void {
    this.layers?.forEach((l) => l.dispose());
    this.layers = null;
  }

  private build(d: number): void {
    const rng = seededRandom(this.options.seed ?? 0);
    const inDeg = inputDegrees(d, this.options.inputOrder ?? 'left-to-right', rng);
    const degrees: number[][] = [inDeg];
    for (const units of this.hiddenUnits) {
      const prev = degrees[degrees.length - 1];
      const minDegree = Math.min(Math.min(...prev), d - 1);
      if ((this.options.hiddenDegrees ?? 'equal') === 'random') {
        degrees.push(Array.from({length: units}, () => minDegree + Math.floor(rng() * Math.max(d - minDegree, 1))));
      } else if (this.options.hiddenDegrees === undefined || this.options.hiddenDegrees === 'equal') {
        degrees.push(Array.from({length: units}, (_, k) => Math.max(minDegree, Math.ceil(((k + 1) * (d - 1)) / (units + 1)))));
      } else {
        throw new Error(`AutoregressiveNetwork: parameter 'hiddenDegrees' must be 'equal' or 'random', got ${JSON.stringify(this.options.hiddenDegrees)}`);
      }
    }
    const layers: DenseLayer[] = [];
    const seed = this.options.seed;
    for (let l = 1; l < degrees.length; l++) {
      const mask = degrees[l - 1].map((a) => degrees[l].map((b) => (a <= b ? 1 : 0)));
      layers.push(new DenseLayer(degrees[l - 1].length, degrees[l].length, {mask, useBias: this.options.useBias, seed: seed === undefined ? undefined : seed + l, name: this.name, kernelInitializer: this.options.kernelInitializer}));
    }
    // Output unit i * params + p has degree inDeg[i] and sees strictly smaller degrees.
    const last = degrees[degrees.length - 1];
    const outMask = last.map((a) => inDeg.flatMap((b) => new Array<number>(this.params).fill(a < b ? 1 : 0)));
    layers.push(new DenseLayer(last.length, d * this.params, {mask: outMask, useBias: this.options.useBias, seed: seed === undefined ? undefined : seed + degrees.length, name: this.name, kernelInitializer: this.options.kernelInitializer}));
    this.layers = layers;
    this.eventSize = d;
    this.inputDegrees = inDeg;
  }
}

function inputDegrees(d: number, order: AutoregressiveNetworkOptions['inputOrder'], rng: () => number): number[] {
  if (order === 'left-to-right') return Array.from({length: d}, (_, i) => i + 1);
  if (order === 'right-to-left') return Array.from({length: d}, (_, i) => d - i);
  if (order === 'random') {
    const deg = Array.from({length: d}, (_, i) => i + 1);
    for (let i = d - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [deg[i], deg[j]] = [deg[j], deg[i]];
    }
    return deg;
  }
  if (Array.isArray(order)) {
    const sorted = order.slice().sort((a, b) => a - b);
    if (order.length !== d || !sorted.every((v, i) => v === i + 1)) {
      throw new Error(`AutoregressiveNetwork: parameter 'inputOrder' must be a permutation of 1..${d}, got [${order.join(', ')}]`);
    }
    return order.slice();
  }
  throw new Error(`AutoregressiveNetwork: parameter 'inputOrder' must be 'left-to-right', 'right-to-left', 'random' or an array, got ${JSON.stringify(order)}`);
}
