import * as tf from '@tensorflow/tfjs';
import {Distribution} from '../distribution';
import {asShape, TensorLike} from '../internal/parameters';
import {Seed} from '../internal/seed';

/** What a random variable takes besides its distribution's parameters (Edward2's keyword arguments). */
export interface RandomVariableOptions {
  /** The name interceptors and `makeLogJointFn` know the variable by. */
  name?: string;
  /** Its value; sampled from the distribution when absent. */
  value?: TensorLike;
  /** Shape of the draw when the value is sampled (Edward2's `sample_shape`). */
  sampleShape?: number | number[];
  seed?: Seed;
}

/**
 * Edward2's `RandomVariable`: a distribution together with one value of it, sampled or given. Use
 * `.value` where a tensor is needed (the model's next parameters). `dispose()` frees the value if the
 * variable drew or converted it, and the distribution if the variable built it.
 */
export class RandomVariable {
  readonly distribution: Distribution;
  readonly value: tf.Tensor;
  readonly name: string | undefined;
  readonly sampleShape: number[];
  private readonly owned: {distribution: boolean; value: boolean};

  constructor(distribution: Distribution, options: RandomVariableOptions = {}, ownsDistribution = false) {
    if (!(distribution instanceof Distribution)) {
      throw new Error(`RandomVariable: expected a Distribution; received ${String(distribution)}`);
    }
    this.distribution = distribution;
    this.name = options.name;
    this.sampleShape = asShape(options.sampleShape ?? []);
    const given = options.value;
    if (given === undefined || given === null) {
      this.value = distribution.sample(this.sampleShape, options.seed);
      this.owned = {distribution: ownsDistribution, value: true};
    } else {
      const dtype = distribution.dtype;
      let value: tf.Tensor;
      const valid = given instanceof tf.Tensor || typeof given === 'number' || Array.isArray(given) || ArrayBuffer.isView(given);
      try {
        if (!valid) throw new Error(`received ${typeof given} ${String(given)}`);
        value = given instanceof tf.Tensor ? (given.dtype === dtype ? given : tf.cast(given, dtype)) : tf.tensor(given as tf.TensorLike, undefined, dtype);
      } catch (error) {
        throw new Error(`RandomVariable ${this.label()}: 'value' is not a number, array or tensor: ${(error as Error).message}`);
      }
      this.value = value;
      this.owned = {distribution: ownsDistribution, value: value !== given};
    }
  }

  private label(): string {
    return this.name === undefined ? `(${this.distribution.name})` : `'${this.name}' (${this.distribution.name})`;
  }

  get shape(): number[] {
    return this.value.shape;
  }

  get dtype(): tf.DataType {
    return this.value.dtype;
  }

  /** log p(value) under the variable's distribution. */
  logProb(): tf.Tensor {
    return this.distribution.logProb(this.value);
  }

  /** Frees what the variable created (its drawn or converted value, the distribution it built). */
  dispose(): void {
    if (this.owned.value && !this.value.isDisposed) this.value.dispose();
    if (this.owned.distribution) this.distribution.dispose();
  }

  toString(): string {
    return `RandomVariable ${this.label()}, shape [${this.value.shape}], dtype ${this.value.dtype}`;
  }
}
