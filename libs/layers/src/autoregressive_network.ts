import * as tf from '@tensorflow/tfjs';
import {ActivationIdentifier, getActivation} from './internal/activations';
import {Kwargs, LayerArgs, LayerConfig, singleShape, singleTensor} from './internal/layer_args';

export interface AutoregressiveNetworkArgs extends LayerArgs {
  /** Number of outputs per input dimension (e.g. 2 for a shift and a log-scale). */
  params: number;
  /** [D]; default inferred from the input's last dim. */
  eventShape?: number | number[];
  /** Units of each hidden layer; default none (one masked layer). */
  hiddenUnits?: number[];
  /** 'left-to-right' (default), 'right-to-left', or an explicit permutation of 1..D. */
  inputOrder?: 'left-to-right' | 'right-to-left' | number[];
  /** Default 'linear', as TFP's None. */
  activation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  /** Seeds the Glorot-uniform kernel initialisation. */
  seed?: number;
}

/** Input degrees 1..D in the requested order. */
function inputDegrees(owner: string, size: number, order: AutoregressiveNetworkArgs['inputOrder']): number[] {
  if (order === undefined || order === 'left-to-right') return Array.from({length: size}, (_, i) => i + 1);
  if (order === 'right-to-left') return Array.from({length: size}, (_, i) => size - i);
  const sorted = Array.isArray(order) ? [...order].sort((a, b) => a - b) : [];
  if (sorted.length !== size || sorted.some((d, i) => d !== i + 1)) {
    throw new Error(`${owner}: inputOrder must be 'left-to-right', 'right-to-left' or a permutation of 1..${size}; received ${JSON.stringify(order)}`);
  }
  return order as number[];
}

/**
 * MADE (Germain et al. 2015) as a layer (TFP's `tfp.layers.AutoregressiveNetwork`): masked dense
 * layers such that output[..., i, :] depends only on inputs with a smaller degree than input i.
 * Hidden units get degrees spread evenly over [min degree, D - 1] ('equal' hidden degrees); a hidden
 * unit sees inputs of degree <= its own, an output of input i sees units of degree < degree(i).
 * Output shape: `[...batch, D, params]`.
 */
export class AutoregressiveNetwork extends tf.layers.Layer {
  static className = 'AutoregressiveNetwork';
  readonly params: number;
  readonly hiddenUnits: number[];
  readonly inputOrder: 'left-to-right' | 'right-to-left' | number[];
  readonly activationName: ActivationIdentifier;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  private eventSize: number | undefined;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  private masks: Float32Array[] = [];
  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  constructor(args: AutoregressiveNetworkArgs) {
    super(args);
    const owner = this.owner();
    if (!Number.isInteger(args.params) || args.params < 1) {
      throw new Error(`${owner}: params must be a positive integer; received ${args.params}`);
    }
    this.params = args.params;
    const event = args.eventShape === undefined || args.eventShape === null ? undefined : typeof args.eventShape === 'number' ? [args.eventShape] : args.eventShape;
    if (event !== undefined && (event.length !== 1 || !Number.isInteger(event[0]) || event[0] < 1)) {
      throw new Error(`${owner}: eventShape must be [D] with D a positive integer; received ${JSON.stringify(args.eventShape)}`);
    }
    this.eventSize = event?.[0];
    this.hiddenUnits = args.hiddenUnits ?? [];
    if (this.hiddenUnits.some((u) => !Number.isInteger(u) || u < 1)) {
      throw new Error(`${owner}: hiddenUnits must be positive integers; received ${JSON.stringify(args.hiddenUnits)}`);
    }
    this.inputOrder = args.inputOrder ?? 'left-to-right';
    this.activationName = args.activation ?? 'linear';
    this.activationFn = getActivation(owner, this.activationName);
    this.useBias = args.useBias ?? true;
    this.seed = args.seed ?? undefined;
  }

  private owner(): string {
    return `AutoregressiveNetwork '${this.name}'`;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    const last = shape[shape.length - 1];
    if (shape.length < 2 || last === null || (this.eventSize !== undefined && last !== this.eventSize)) {
      throw new Error(
        `${this.owner()}: expected an input [batch, ..., ${this.eventSize ?? 'D'}] with a defined last dim; received shape [${shape.map((d) => (d === null ? 'null' : d))}]`,
      );
    }
    const size = last;
    this.eventSize = size;
    const inDegrees = inputDegrees(this.owner(), size, this.inputOrder);
    const degrees = [inDegrees];
    for (const units of this.hiddenUnits) {
      const previous = degrees[degrees.length - 1];
      const minDegree = Math.min(Math.min(...previous), size - 1);
      degrees.push(Array.from({length: units}, (_, k) => Math.max(minDegree, Math.ceil(((k + 1) * (size - 1)) / (units + 1)))));
    }
    // Hidden masks: degree_in <= degree_out; output mask: degree_in < degree of the output's input dim.
    const masks: Float32Array[] = [];
    for (let l = 1; l < degrees.length; l++) {
      const din = degrees[l - 1];
      const dout = degrees[l];
      masks.push(Float32Array.from(din.flatMap((a) => dout.map((b) => (a <= b ? 1 : 0)))));
    }
    const lastDegrees = degrees[degrees.length - 1];
    masks.push(
      Float32Array.from(lastDegrees.flatMap((a) => inDegrees.flatMap((b) => new Array<number>(this.params).fill(a < b ? 1 : 0)))),
    );
    this.masks = masks;
    const widths = [size, ...this.hiddenUnits, size * this.params];
    for (let l = 0; l + 1 < widths.length; l++) {
      const init = tf.initializers.glorotUniform({seed: this.seed === undefined ? undefined : this.seed + l});
      this.kernels.push(this.addWeight(`kernel_${l}`, [widths[l], widths[l + 1]], 'float32', init, undefined, true));
      if (this.useBias) this.biases.push(this.addWeight(`bias_${l}`, [widths[l + 1]], 'float32', tf.initializers.zeros(), undefined, true));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(this.owner(), inputShape);
    return [...shape.slice(0, -1), shape[shape.length - 1], this.params];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = singleTensor(this.owner(), inputs);
      const size = this.eventSize as number;
      if (x.shape[x.rank - 1] !== size) {
        throw new Error(`${this.owner()}: expected inputs with last dim ${size}; received shape [${x.shape}]`);
      }
      let h = tf.reshape(x, [-1, size]);
      this.kernels.forEach((kernel, l) => {
        const w = kernel.read();
        h = tf.matMul(h, tf.mul(w, tf.tensor(this.masks[l], w.shape)));
        if (this.useBias) h = tf.add(h, this.biases[l].read());
        if (l + 1 < this.kernels.length) h = this.activationFn(h);
      });
      return tf.reshape(h, [...x.shape, this.params]);
    });
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      params: this.params,
      ...(this.eventSize === undefined ? {} : {eventShape: [this.eventSize]}),
      hiddenUnits: this.hiddenUnits,
      inputOrder: this.inputOrder,
      activation: this.activationName,
      useBias: this.useBias,
      ...(this.seed === undefined ? {} : {seed: this.seed}),
    };
  }
}
tf.serialization.registerClass(AutoregressiveNetwork);

/** Factory of {@link AutoregressiveNetwork}. */
export function autoregressiveNetwork(args: AutoregressiveNetworkArgs): AutoregressiveNetwork {
  return new AutoregressiveNetwork(args);
}
