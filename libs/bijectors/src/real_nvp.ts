import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions} from './bijector';
import {Activation, activationFn, DenseLayer, Initializer} from './internal/dense';
import {shapeString} from './internal/shapes';
import {ShiftAndLogScale, unpackShiftAndLogScale} from './masked_autoregressive_flow';

/** `(x0, outputUnits) -> [shift, logScale]` (or a tensor [..., outputUnits, 2]) for the transformed part. */
export type RealNVPShiftAndLogScaleFn = (x0: tf.Tensor, outputUnits: number) => ShiftAndLogScale;

export interface RealNVPOptions extends BijectorOptions {
  /** How many leading entries pass through unchanged (negative: the trailing |numMasked|). */
  numMasked?: number;
  /** Alternatively the masked fraction in (-1, 1): numMasked = round(fraction * D) (half to even, as numpy). */
  fractionMasked?: number;
  shiftAndLogScaleFn?: RealNVPShiftAndLogScaleFn;
  /** Alternatively, `(x0, outputUnits) -> bijector` applied to the transformed part. */
  bijectorFn?: (x0: tf.Tensor, outputUnits: number) => Bijector;
  isConstantJacobian?: boolean;
}

/**
 * TFP's `RealNVP` (Dinh et al. 2017), an affine coupling layer on vectors: with x = [x0, x1]
 * (x0 the masked part), `y0 = x0`, `y1 = x1 * exp(logScale(x0)) + shift(x0)`;
 * `log|det| = sum logScale(x0)`. Both directions take one pass.
 */
export class RealNVP extends Bijector {
  readonly numMasked: number | undefined;
  readonly fractionMasked: number | undefined;
  private readonly fn: (x0: tf.Tensor, outputUnits: number) => Bijector | [tf.Tensor, tf.Tensor | null];

  constructor(options: RealNVPOptions) {
    const {numMasked, fractionMasked, shiftAndLogScaleFn, bijectorFn} = options ?? ({} as RealNVPOptions);
    if ((numMasked === undefined) === (fractionMasked === undefined)) {
      throw new Error(`RealNVP: give exactly one of 'numMasked' and 'fractionMasked', got ${numMasked === undefined ? 'neither' : 'both'}`);
    }
    if (numMasked !== undefined && !Number.isInteger(numMasked)) {
      throw new Error(`RealNVP: parameter 'numMasked' must be an integer, got ${numMasked}`);
    }
    if (fractionMasked !== undefined && !(fractionMasked > -1 && fractionMasked < 1)) {
      throw new Error(`RealNVP: parameter 'fractionMasked' must be in (-1, 1), got ${fractionMasked}`);
    }
    if ((shiftAndLogScaleFn === undefined) === (bijectorFn === undefined)) {
      throw new Error(`RealNVP: give exactly one of 'shiftAndLogScaleFn' and 'bijectorFn', got ${shiftAndLogScaleFn === undefined ? 'neither' : 'both'}`);
    }
    super(
      {forwardMinEventNdims: 1, inverseMinEventNdims: 1, isConstantJacobian: options.isConstantJacobian ?? false, parameters: {numMasked, fractionMasked, shiftAndLogScaleFn, bijectorFn}, defaultName: 'real_nvp'},
      options,
    );
    this.numMasked = numMasked;
    this.fractionMasked = fractionMasked;
    this.fn = bijectorFn ?? ((x0, units) => unpackShiftAndLogScale((shiftAndLogScaleFn as RealNVPShiftAndLogScaleFn)(x0, units), this.name));
  }

  protected _forward(x: tf.Tensor): tf.Tensor {
    return this.couple(x, (step, x1) => (step instanceof Bijector ? step.forwardRaw(x1) : affine(x1, step[0], step[1], 1)));
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return this.couple(y, (step, y1) => (step instanceof Bijector ? step.inverseRaw(y1) : affine(tf.sub(y1, step[0]), null, step[1], -1)));
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return this.ldj(x, 1);
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return this.ldj(y, -1);
  }

  private ldj(v: tf.Tensor, sign: 1 | -1): tf.Tensor {
    const {x0, x1} = this.split(v);
    const step = this.fn(x0, x1.shape[x1.rank - 1]);
    if (step instanceof Bijector) return sign === 1 ? step.fldjAt(x1, 1) : step.ildjAt(x1, 1);
    if (step[1] === null) return tf.zeros(v.shape.slice(0, -1));
    return tf.mul(sign, tf.sum(tf.broadcastTo(step[1], x1.shape), -1));
  }

  /** Splits, transforms the unmasked part given the masked part, and reassembles in place. */
  private couple(v: tf.Tensor, transform: (step: Bijector | [tf.Tensor, tf.Tensor | null], part: tf.Tensor) => tf.Tensor): tf.Tensor {
    const {x0, x1, reversed} = this.split(v);
    const out = transform(this.fn(x0, x1.shape[x1.rank - 1]), x1);
    return reversed ? tf.concat([out, x0], -1) : tf.concat([x0, out], -1);
  }

  private split(v: tf.Tensor): {x0: tf.Tensor; x1: tf.Tensor; reversed: boolean} {
    const d = v.shape[v.rank - 1];
    const m = this.numMasked ?? roundHalfEven((this.fractionMasked as number) * d);
    const k = Math.abs(m);
    if (v.rank < 1 || k === 0 || k >= d) {
      throw new Error(`${this.name}: the event size must exceed |numMasked| = ${k} > 0, got shape ${shapeString(v.shape)}`);
    }
    if (m > 0) {
      const [x0, x1] = tf.split(v, [k, d - k], -1);
      return {x0, x1, reversed: false};
    }
    const [x1, x0] = tf.split(v, [d - k, k], -1);
    return {x0, x1, reversed: true};
  }
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function affine(v: tf.Tensor, shift: tf.Tensor | null, logScale: tf.Tensor | null, sign: 1 | -1): tf.Tensor {
  let out = logScale === null ? v : tf.mul(v, tf.exp(sign === 1 ? logScale : tf.neg(logScale)));
  if (shift !== null) out = tf.add(out, shift);
  return out;
}

export interface RealNVPDefaultTemplateOptions {
  /** Hidden layer widths. */
  hiddenLayers: number[];
  /** Return only a shift (logScale null); default false. */
  shiftOnly?: boolean;
  /** Default 'relu'. */
  activation?: Activation;
  seed?: number;
  kernelInitializer?: Initializer;
  name?: string;
}

/** A trainable shift-and-log-scale network for RealNVP, with its variables exposed. */
export interface RealNVPTemplate extends RealNVPShiftAndLogScaleFn {
  readonly trainableVariables: tf.Variable[];
  dispose(): void;
}

/**
 * TFP's `real_nvp_default_template`: a dense network x0 -> (shift, logScale), built (its variables
 * created) on the first call, when the input and output sizes are known.
 */
export function realNvpDefaultTemplate(options: RealNVPDefaultTemplateOptions): RealNVPTemplate {
  const {hiddenLayers, shiftOnly = false, activation = 'relu', seed, kernelInitializer, name = 'real_nvp_default_template'} = options;
  if (!Array.isArray(hiddenLayers) || !hiddenLayers.every((u) => Number.isInteger(u) && u > 0)) {
    throw new Error(`realNvpDefaultTemplate: parameter 'hiddenLayers' must be an array of positive integers, got ${JSON.stringify(hiddenLayers)}`);
  }
  const act = activationFn(activation, 'realNvpDefaultTemplate');
  let layers: DenseLayer[] | null = null;
  let sizes: [number, number] | null = null;
  const fn = ((x0: tf.Tensor, outputUnits: number): ShiftAndLogScale => {
    const inputs = x0.shape[x0.rank - 1];
    if (layers === null) {
      const widths = [inputs, ...hiddenLayers, (shiftOnly ? 1 : 2) * outputUnits];
      layers = widths.slice(1).map((w, i) => new DenseLayer(widths[i], w, {seed: seed === undefined ? undefined : seed + i, name, kernelInitializer}));
      sizes = [inputs, outputUnits];
    } else if (sizes && (sizes[0] !== inputs || sizes[1] !== outputUnits)) {
      throw new Error(`${name}: built for ${sizes[0]} inputs and ${sizes[1]} outputs, called with ${inputs} and ${outputUnits}`);
    }
    const ls = layers;
    let h = x0;
    ls.forEach((layer, i) => {
      h = layer.apply(h);
      if (i < ls.length - 1) h = act(h);
    });
    if (shiftOnly) return [h, null];
    const [shift, logScale] = tf.split(h, 2, -1);
    return [shift, logScale];
  }) as RealNVPTemplate;
  Object.defineProperty(fn, 'trainableVariables', {get: () => (layers ? layers.flatMap((l) => l.variables) : [])});
  fn.dispose = () => {
    layers?.forEach((l) => l.dispose());
    layers = null;
    sizes = null;
  };
  return fn;
}
