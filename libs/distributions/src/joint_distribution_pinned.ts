import * as tf from '@tensorflow/tfjs';
import type {TensorLike} from './internal/parameters';
import {asShape} from './internal/parameters';
import {Seed, SeedStream} from './internal/seed';
import {JointEventSpaceBijector} from './joint_event_space_bijector';
import {FreeStructure, JointModelInternals, packFreeParts, PinStructure, readFreeParts, toTensor} from './joint_model';

function describePins(pins: unknown): string {
  if (pins instanceof tf.Tensor) return `a tensor of shape [${pins.shape}]`;
  if (Array.isArray(pins)) return `an array of ${pins.length}`;
  return pins !== null && typeof pins === 'object' ? `an object with keys [${Object.keys(pins).join(', ')}]` : String(pins);
}

/**
 * A joint distribution with some parts fixed to observed values (TFP's `tfd.JointDistributionPinned`,
 * from `jd.experimentalPin(...)`): the unnormalised density over the free parts
 * log p(free, pinned) = sum over every part of log p_i(x_i | parents), as a function of the free parts,
 * which differs from the log posterior log p(free | pinned) by the constant log p(pinned).
 *
 * For samplers and VI: `experimentalDefaultEventSpaceBijector()` maps unconstrained values onto the
 * free parts' support, and `unnormalizedLogProbUnconstrained(z)` =
 * log p(forward(z), pinned) + log|det d forward / dz| is the density of the unconstrained variables.
 * Free values may carry leading sample or chain dims; the results keep them.
 *
 *     const pinned = jd.experimentalPin({y: observed});
 *     const b = pinned.experimentalDefaultEventSpaceBijector();
 *     b.inverseEventShape(pinned.eventShape);           // shapes of the unconstrained parts
 *     const target = pinned.unconstrainedTargetLogProbFn(); // (...z) => log density, for tfp.mcmc
 *     b.forward(zDraws);                                 // unconstrained draws back onto the support
 */
export class JointDistributionPinned<V> {
  readonly name: string;
  /** Free parts in the structure's order (indices as strings for array models, keys for named ones). */
  readonly freeKeys: readonly string[];
  /** The pinned values by part key. */
  readonly pins: ReadonlyMap<string, tf.Tensor>;
  private readonly model: JointModelInternals;
  private readonly owned: tf.Tensor[] = [];
  private shapes: Map<string, {batchShape: number[]; eventShape: number[]; dtype: 'float32' | 'int32'}> | undefined;

  /** @internal Built by `JointDistribution.experimentalPin`. */
  constructor(model: JointModelInternals, pins: PinStructure<V>) {
    this.model = model;
    this.name = `${model.name}Pinned`;
    const byKey = this.resolvePins(pins);
    if (model.keys.every((k) => byKey.has(k))) {
      throw new Error(`${model.name}.experimentalPin: every part is pinned; leave at least one part free`);
    }
    const converted = new Map<string, tf.Tensor>();
    byKey.forEach((value, key) => {
      const dtype = model.dtype(key);
      const tensor = toTensor(value, dtype);
      if (tensor !== value) this.owned.push(tensor);
      converted.set(key, tensor);
    });
    this.pins = converted;
    this.freeKeys = model.keys.filter((k) => !converted.has(k));
  }

  /** Maps the user's pins (array by position, or object by name) to part keys, naming unknown parts. */
  private resolvePins(pins: unknown): Map<string, TensorLike> {
    const model = this.model;
    const where = `${model.name}.experimentalPin`;
    const out = new Map<string, TensorLike>();
    if (Array.isArray(pins)) {
      if (!model.arrayLike) {
        throw new Error(`${where}: pins must be an object by part name (${model.keys.join(', ')}); received an array`);
      }
      if (pins.length > model.keys.length) {
        throw new Error(`${where}: pins must be an array of at most ${model.keys.length} values (one per part); received ${pins.length}`);
      }
      pins.forEach((v, i) => {
        if (v !== undefined && v !== null) out.set(model.keys[i], v as TensorLike);
      });
      return out;
    }
    if (pins === null || typeof pins !== 'object' || pins instanceof tf.Tensor) {
      throw new Error(`${where}: pins must be ${model.arrayLike ? 'an array like the values or ' : ''}an object by part name; received ${describePins(pins)}`);
    }
    const names = [...model.names.entries()];
    for (const [name, value] of Object.entries(pins as Record<string, TensorLike>)) {
      if (value === undefined || value === null) continue;
      const keys = names.filter(([, n]) => n === name).map(([k]) => k);
      if (keys.length === 0) {
        throw new Error(`${where}: '${name}' is not a part of the model (parts: ${names.map(([, n]) => n).join(', ')})`);
      }
      if (keys.length > 1) {
        throw new Error(
          `${where}: the name '${name}' is shared by ${keys.map((k) => model.label(k)).join(', ')}; name the distributions or pin by position`,
        );
      }
      out.set(keys[0], value);
    }
    return out;
  }

  /** Runs the model once with the pins (free parts sampled, seed 0) to read the free parts' shapes. */
  private resolveShapes(): NonNullable<JointDistributionPinned<V>['shapes']> {
    if (this.shapes === undefined) {
      const shapes: NonNullable<JointDistributionPinned<V>['shapes']> = new Map();
      tf.tidy(() => {
        this.model.run([], new SeedStream(0, this.name), (key) => this.pins.get(key), ({key, distribution}) => {
          if (!this.pins.has(key)) {
            shapes.set(key, {batchShape: distribution.batchShape, eventShape: distribution.eventShape, dtype: distribution.dtype});
          }
        });
      });
      this.shapes = shapes;
    }
    return this.shapes;
  }

  private freeStructure<T>(f: (s: {batchShape: number[]; eventShape: number[]; dtype: 'float32' | 'int32'}) => T): FreeStructure<V, T> {
    const shapes = this.resolveShapes();
    return packFreeParts(this.model, [...this.freeKeys], new Map(this.freeKeys.map((k) => [k, f(shapes.get(k) as {batchShape: number[]; eventShape: number[]; dtype: 'float32' | 'int32'})]))) as FreeStructure<V, T>;
  }

  /** The free parts' event shapes (given the pins), in the free structure. */
  get eventShape(): FreeStructure<V, number[]> {
    return this.freeStructure((s) => [...s.eventShape]);
  }

  /** The free parts' batch shapes (given the pins), in the free structure. */
  get batchShape(): FreeStructure<V, number[]> {
    return this.freeStructure((s) => [...s.batchShape]);
  }

  /** The free parts' dtypes. */
  get dtype(): FreeStructure<V, 'float32' | 'int32'> {
    return this.freeStructure((s) => s.dtype);
  }

  /** The free parts' names, in the structure's order. */
  get freePartNames(): string[] {
    return this.freeKeys.map((k) => this.model.names.get(k) as string);
  }

  private readFree(values: unknown, what: string): Map<string, tf.Tensor> {
    return readFreeParts(this.name, what, this.model, [...this.freeKeys], values, (v, key) => toTensor(v as TensorLike, this.model.dtype(key)));
  }

  /**
   * log p(free, pinned): every part's log-density at the free values and the pins, summed (TFP's
   * `unnormalized_log_prob`). `free` is an array of the free parts (array models) or an object by key.
   */
  unnormalizedLogProb(free: FreeStructure<V, TensorLike>): tf.Tensor {
    return tf.tidy(() => {
      const values = this.readFree(free, 'free values');
      let total: tf.Tensor = tf.scalar(0);
      this.model.run(
        [],
        new SeedStream(undefined, this.name),
        (key, _d, label) => {
          const v = this.pins.get(key) ?? values.get(key);
          if (v === undefined) throw new Error(`${this.name}: the model ran ${label}, which is neither pinned nor a free part`);
          return v;
        },
        ({distribution, value}) => {
          total = tf.add(total, distribution.logProb(value));
        },
      );
      return total;
    });
  }

  /**
   * TFP's `experimental_default_event_space_bijector` of the pinned distribution: from unconstrained
   * values of the free parts (same structure) onto their support given the pins.
   */
  experimentalDefaultEventSpaceBijector(): JointEventSpaceBijector {
    return new JointEventSpaceBijector(this.model, new Map(this.pins));
  }

  /**
   * The log-density of the unconstrained free parts z in one pass of the model:
   * log p(x, pinned) + log|det dx/dz| with x = forward(z), each free part's log-det over its event.
   */
  unnormalizedLogProbUnconstrained(z: FreeStructure<V, TensorLike>): tf.Tensor {
    return tf.tidy(() => {
      const zs = this.readFree(z, 'unconstrained values');
      let total: tf.Tensor = tf.scalar(0);
      this.model.run(
        [],
        new SeedStream(undefined, this.name),
        (key, distribution, label) => {
          const pinned = this.pins.get(key);
          if (pinned !== undefined) return pinned;
          const zi = zs.get(key);
          if (zi === undefined) throw new Error(`${this.name}: the model ran ${label}, which is neither pinned nor a free part`);
          let b;
          try {
            b = distribution.experimentalDefaultEventSpaceBijector();
          } catch (error) {
            throw new Error(`${this.name}: ${label}: ${(error as Error).message}`);
          }
          const xRank = b.inverseEventNdims(distribution.eventShape.length);
          total = tf.add(total, b.forwardLogDetJacobian(zi, xRank));
          return b.forward(zi) as tf.Tensor;
        },
        ({distribution, value}) => {
          total = tf.add(total, distribution.logProb(value));
        },
      );
      return total;
    });
  }

  /**
   * `unnormalizedLogProbUnconstrained` as a function of the free parts given positionally (in
   * `freeKeys` order), the form `tfp.mcmc` kernels take as `targetLogProbFn`.
   */
  unconstrainedTargetLogProbFn(): (...parts: tf.Tensor[]) => tf.Tensor {
    return (...parts: tf.Tensor[]) => {
      if (parts.length !== this.freeKeys.length) {
        throw new Error(`${this.name}: the target takes the ${this.freeKeys.length} free parts (${this.freePartNames.join(', ')}); received ${parts.length}`);
      }
      const byKey = new Map(this.freeKeys.map((k, i) => [k, parts[i]]));
      return this.unnormalizedLogProbUnconstrained(packFreeParts(this.model, [...this.freeKeys], byKey) as FreeStructure<V, TensorLike>);
    };
  }

  /**
   * Draws the free parts from the model with the pinned parts at their values (TFP's
   * `sample_unpinned`): the prior, conditioned on upstream pins; for initial MCMC/VI states.
   */
  sampleUnpinned(sampleShape: number | number[] = [], seed?: Seed): FreeStructure<V, tf.Tensor> {
    const shape = asShape(sampleShape);
    const stream = new SeedStream(seed, this.name);
    const drawn = tf.tidy(() => {
      const values = this.model.run(shape, stream, (key) => this.pins.get(key), () => undefined);
      return this.freeKeys.map((k) => values.get(k) as tf.Tensor);
    });
    return packFreeParts(this.model, [...this.freeKeys], new Map(this.freeKeys.map((k, i) => [k, drawn[i]]))) as FreeStructure<V, tf.Tensor>;
  }

  /** Frees the pins this object converted from numbers or arrays (tensors passed in stay the caller's). */
  dispose(): void {
    tf.dispose(this.owned.splice(0));
  }
}
