import * as tf from '@tensorflow/tfjs';
import {Distribution} from './distribution';
import {asShape, TensorLike} from './internal/parameters';
import {Seed, SeedStream} from './internal/seed';
import {JointEventSpaceBijector} from './joint_event_space_bijector';
import {JointDistributionPinned} from './joint_distribution_pinned';
import type {JointModelInternals, JointPartVisit, PinStructure, ValueChooser} from './joint_model';

/**
 * One part of a joint distribution: its key, the keys of the parts it depends on, and how to get
 * its distribution from their values.
 */
export interface JointNode {
  key: string;
  /** What error messages call the part: `model[2]`, `model.scale`. */
  label: string;
  /** Keys of the parts whose values `build` reads; empty for a root part. */
  dependencies: string[];
  /** A Distribution given as is (borrowed, never disposed), not built by a function. */
  fixed: boolean;
  build(values: Map<string, tf.Tensor>): Distribution;
}

/** The structure of a joint distribution's values with leaves of type T: an array or an object. */
export type JointStructure<V, T> = V extends readonly unknown[] ? T[] : {[K in keyof V]: T};

export interface JointDistributionOptions {
  name?: string;
}

/** What `sampleDistributions` returns: the parts' distributions, their sampled values, and a disposer. */
export interface JointSampleDistributions<V> {
  distributions: JointStructure<V, Distribution>;
  values: JointStructure<V, tf.Tensor>;
  /** Frees the values and the tensors of the distributions built by the model's functions. */
  dispose(): void;
}

/** What one run of the model records about each part (for shapes, names and pinning). */
interface ResolvedParts {
  /** Keys in sampling order. */
  keys: string[];
  batchShape: Map<string, number[]>;
  eventShape: Map<string, number[]>;
  dtype: Map<string, 'float32' | 'int32'>;
  label: Map<string, string>;
  name: Map<string, string>;
}

/** A chooser that takes every part's value from `given`, naming a part the model has but the values lack. */
function requireGiven(name: string, given: Map<string, tf.Tensor>): ValueChooser {
  return (key, _dist, label) => {
    const value = given.get(key);
    if (value === undefined) {
      throw new Error(`${name}: no value was given for ${label} (the model has more parts than the values)`);
    }
    return value;
  };
}

/** Every tensor reachable from an object through its own properties (arrays and nested objects). */
function reachableTensors(root: unknown): tf.Tensor[] {
  const found = new Set<tf.Tensor>();
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof tf.Tensor) {
      found.add(item);
    } else if (item !== null && typeof item === 'object' && !seen.has(item)) {
      seen.add(item);
      stack.push(...(Array.isArray(item) ? item : Object.values(item)));
    }
  }
  return [...found];
}

/**
 * The shared machinery of the joint distributions (TFP's `tfd.JointDistribution`): a list of parts
 * in sampling order, each a distribution or a function of earlier parts' values. Sampling runs the
 * model forward; logProb evaluates every part's distribution, built from the given values, at its
 * value and sums: log p(x) = sum_i log p_i(x_i | parents(x_i)).
 *
 * Parts with no dependencies are sampled with the requested sample shape; a part built from
 * upstream values already carries it in its batch shape and is sampled once. Distributions built by
 * the model's functions live only inside the call (their tensors are freed), except in
 * `sampleDistributions`, whose result has a `dispose()`.
 */
export abstract class JointDistribution<V> {
  readonly name: string;
  /** The parts in sampling order (dependencies first). */
  protected readonly nodes: readonly JointNode[];
  private resolved: ResolvedParts | undefined;

  protected constructor(nodes: JointNode[], options: JointDistributionOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
    this.nodes = nodes;
  }

  /** Arranges per-part values, keyed, into the user's structure (an array or an object). */
  protected abstract pack<T>(byKey: Map<string, T>): JointStructure<V, T>;

  /** Reads the user's structure of values into a map by key, naming what is missing or extra. */
  protected abstract unpack(values: JointStructure<V, TensorLike>): Map<string, TensorLike>;

  /** Builds a part's distribution, checking that a function returned a Distribution. */
  private buildNode(node: JointNode, values: Map<string, tf.Tensor>): Distribution {
    const dist = node.build(values);
    if (!(dist instanceof Distribution)) {
      throw new Error(`${this.name}: ${node.label} returned ${String(dist)}; expected a Distribution`);
    }
    return dist;
  }

  /**
   * Runs the model: for each part, builds its distribution from the values so far, takes the value
   * `choose` gives or samples one (root parts with the sample shape), then calls `visit`. Callers run
   * this inside tidy. Subclasses whose parts are not known statically (the coroutine) override it.
   */
  protected runModel(
    sampleShape: number[],
    seed: SeedStream,
    choose: ValueChooser,
    visit: (part: JointPartVisit) => void,
  ): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    for (const node of this.nodes) {
      const dist = this.buildNode(node, values);
      const partSeed = seed.next();
      const value = choose(node.key, dist, node.label) ?? dist.sample(node.dependencies.length === 0 ? sampleShape : [], partSeed);
      values.set(node.key, value);
      visit({key: node.key, label: node.label, distribution: dist, value, fixed: node.fixed});
    }
    return values;
  }

  /** The model's parts in the order of its structure (array index order, or the model's keys). */
  protected structureKeys(): string[] {
    return this.nodes.map((node) => node.key);
  }

  /** True when values are arrays (Sequential, Coroutine); false for objects (Named). */
  protected abstract isArrayStructure(): boolean;

  /** Draws a structure of values; each root part has shape `sampleShape + batchShape + eventShape`. */
  sample(sampleShape: number | number[] = [], seed?: Seed): JointStructure<V, tf.Tensor> {
    const shape = asShape(sampleShape);
    const stream = new SeedStream(seed, this.name);
    let keys: string[] = [];
    const values = tf.tidy(() => {
      const byKey = this.runModel(shape, stream, () => undefined, () => undefined);
      keys = [...byKey.keys()];
      return [...byKey.values()];
    });
    return this.pack(new Map(keys.map((key, i) => [key, values[i]])));
  }

  /** The parts' log-probabilities at given values, keyed, in sampling order; runs inside tidy. */
  private logProbMap(values: JointStructure<V, TensorLike>): Map<string, tf.Tensor> {
    const tensors = new Map<string, tf.Tensor>();
    this.unpack(values).forEach((v, k) =>
      tensors.set(k, v instanceof tf.Tensor ? v : tf.tensor(v as tf.TensorLike, undefined, 'float32')),
    );
    const logProbs = new Map<string, tf.Tensor>();
    this.runModel([], new SeedStream(undefined, this.name), requireGiven(this.name, tensors), ({key, distribution, value}) =>
      logProbs.set(key, distribution.logProb(value)),
    );
    if (logProbs.size !== tensors.size) {
      throw new Error(`${this.name}: the model ran ${logProbs.size} parts but ${tensors.size} values were given`);
    }
    return logProbs;
  }

  /** log p_i(x_i | parents(x_i)) for every part, in the model's structure. */
  logProbParts(values: JointStructure<V, TensorLike>): JointStructure<V, tf.Tensor> {
    let keys: string[] = [];
    const parts = tf.tidy(() => {
      const byKey = this.logProbMap(values);
      keys = [...byKey.keys()];
      return [...byKey.values()];
    });
    return this.pack(new Map(keys.map((key, i) => [key, parts[i]])));
  }

  /**
   * log p(x) = sum_i log p_i(x_i | parents(x_i)), the parts broadcast against each other: values with
   * leading sample (or chain) dims give one log-density per leading index.
   */
  logProb(values: JointStructure<V, TensorLike>): tf.Tensor {
    return tf.tidy(() => [...this.logProbMap(values).values()].reduce((a, b) => tf.add(a, b)));
  }

  /** p(x) = exp(log p(x)). */
  prob(values: JointStructure<V, TensorLike>): tf.Tensor {
    return tf.tidy(() => tf.exp(this.logProb(values)));
  }

  /**
   * Samples, returning the distributions of every part (built from the upstream samples) with the
   * values (TFP's `sample_distributions`). Call `dispose()` on the result when done.
   */
  sampleDistributions(sampleShape: number | number[] = [], seed?: Seed): JointSampleDistributions<V> {
    const shape = asShape(sampleShape);
    const stream = new SeedStream(seed, this.name);
    // Tensors created from here on belong to this call; older ones (the caller's) are never freed.
    const marker = tf.scalar(0);
    const firstId = marker.id;
    marker.dispose();
    const dists = new Map<string, Distribution>();
    const built: Distribution[] = [];
    let keys: string[] = [];
    const kept = tf.tidy(() => {
      const values = this.runModel(shape, stream, () => undefined, ({key, distribution, fixed}) => {
        dists.set(key, distribution);
        if (!fixed) built.push(distribution);
      });
      keys = [...values.keys()];
      const own = built.flatMap((d) => reachableTensors(d)).filter((t) => t.id > firstId && !t.isDisposed);
      return [...new Set([...values.values(), ...own])];
    });
    const byKey = new Map<string, tf.Tensor>();
    keys.forEach((key, i) => byKey.set(key, kept[i]));
    return {
      distributions: this.pack(dists),
      values: this.pack(byKey),
      dispose: () => tf.dispose(kept),
    };
  }

  /** Runs the model once (sample shape [], seed 0) and records every part's shapes, dtype and name. */
  protected resolve(): ResolvedParts {
    if (this.resolved === undefined) {
      const resolved: ResolvedParts = {keys: [], batchShape: new Map(), eventShape: new Map(), dtype: new Map(), label: new Map(), name: new Map()};
      tf.tidy(() => {
        this.runModel([], new SeedStream(0, this.name), () => undefined, ({key, label, distribution}) => {
          resolved.keys.push(key);
          resolved.batchShape.set(key, distribution.batchShape);
          resolved.eventShape.set(key, distribution.eventShape);
          resolved.dtype.set(key, distribution.dtype);
          resolved.label.set(key, label);
          resolved.name.set(key, distribution.name);
        });
      });
      this.resolved = resolved;
    }
    return this.resolved;
  }

  /** The model as the pinning and event-space machinery needs it (bound to this distribution). */
  private internals(): JointModelInternals {
    const resolved = this.resolve();
    const arrayLike = this.isArrayStructure();
    const keys = this.structureKeys();
    return {
      name: this.name,
      arrayLike,
      keys,
      label: (key) => resolved.label.get(key) ?? key,
      // Parts of an object structure are named by their keys, array parts by their distributions' names.
      names: new Map(keys.map((key) => [key, arrayLike ? (resolved.name.get(key) as string) : key])),
      dtype: (key) => resolved.dtype.get(key) ?? 'float32',
      run: (sampleShape, seed, choose, visit) => this.runModel(sampleShape, seed, choose, visit),
    };
  }

  /**
   * TFP's `experimental_pin`: fixes some parts to observed values, giving the unnormalised posterior
   * over the others (`unnormalizedLogProb`, its default event-space bijector, and the log-density in
   * unconstrained space). Pins are an array like the values with `undefined` for the free parts, or an
   * object by part name (a Named model's keys; the distributions' `name`s of an array model).
   * Pins given as tensors are borrowed; call `dispose()` on the result to free converted ones.
   */
  experimentalPin(pins: PinStructure<V>): JointDistributionPinned<V> {
    return new JointDistributionPinned<V>(this.internals(), pins);
  }

  /**
   * TFP's `experimental_default_event_space_bijector` of the joint: a structure-to-structure bijector
   * from unconstrained values of every part onto the model's support, part by part, each part's
   * bijector built from the constrained values of the parts before it (so a Uniform(0, x0) part maps
   * onto (0, x0)). Its log-det sums the parts' log-dets over their whole events.
   */
  experimentalDefaultEventSpaceBijector(): JointEventSpaceBijector {
    return new JointEventSpaceBijector(this.internals(), new Map());
  }

  /** Every part's batch shape, resolved by running the model once (sample shape []). */
  get batchShape(): JointStructure<V, number[]> {
    return this.pack(this.resolve().batchShape);
  }

  /** Every part's event shape, resolved by running the model once. */
  get eventShape(): JointStructure<V, number[]> {
    return this.pack(this.resolve().eventShape);
  }

  /** Every part's sample dtype. */
  get dtype(): JointStructure<V, 'float32' | 'int32'> {
    return this.pack(this.resolve().dtype);
  }

  /** The dependency graph in sampling order: [key, keys of its dependencies] (TFP's `resolve_graph`). */
  resolveGraph(): [string, string[]][] {
    return this.nodes.map((n) => [n.key, [...n.dependencies]]);
  }
}
