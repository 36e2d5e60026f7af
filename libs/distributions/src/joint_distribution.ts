import * as tf from '@tensorflow/tfjs';
import {Distribution} from './distribution';
import {asShape, TensorLike} from './internal/parameters';
import {Seed, SeedStream} from './internal/seed';

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
  private resolved: {batchShape: Map<string, number[]>; eventShape: Map<string, number[]>; dtype: Map<string, 'float32' | 'int32'>} | undefined;

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
   * Runs the model: for each part, builds its distribution from the values so far and samples it
   * (or takes the given value), then calls `visit`. Callers run this inside tidy.
   */
  private execute(
    sampleShape: number[],
    seed: SeedStream,
    given: Map<string, tf.Tensor> | undefined,
    visit: (node: JointNode, dist: Distribution, value: tf.Tensor) => void,
  ): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    for (const node of this.nodes) {
      const dist = this.buildNode(node, values);
      const partSeed = seed.next();
      const value = given?.get(node.key) ?? dist.sample(node.dependencies.length === 0 ? sampleShape : [], partSeed);
      values.set(node.key, value);
      visit(node, dist, value);
    }
    return values;
  }

  /** Draws a structure of values; each root part has shape `sampleShape + batchShape + eventShape`. */
  sample(sampleShape: number | number[] = [], seed?: Seed): JointStructure<V, tf.Tensor> {
    const shape = asShape(sampleShape);
    const stream = new SeedStream(seed, this.name);
    const values = tf.tidy(() => [...this.execute(shape, stream, undefined, () => undefined).values()]);
    return this.pack(new Map(this.nodes.map((node, i) => [node.key, values[i]])));
  }

  /** The parts' log-probabilities at given values, in sampling order; runs inside tidy. */
  private logProbList(values: JointStructure<V, TensorLike>): tf.Tensor[] {
    const tensors = new Map<string, tf.Tensor>();
    this.unpack(values).forEach((v, k) =>
      tensors.set(k, v instanceof tf.Tensor ? v : tf.tensor(v as tf.TensorLike, undefined, 'float32')),
    );
    const logProbs: tf.Tensor[] = [];
    this.execute([], new SeedStream(undefined, this.name), tensors, (_node, dist, value) => logProbs.push(dist.logProb(value)));
    return logProbs;
  }

  /** log p_i(x_i | parents(x_i)) for every part, in the model's structure. */
  logProbParts(values: JointStructure<V, TensorLike>): JointStructure<V, tf.Tensor> {
    const parts = tf.tidy(() => this.logProbList(values));
    return this.pack(new Map(this.nodes.map((node, i) => [node.key, parts[i]])));
  }

  /** log p(x) = sum_i log p_i(x_i | parents(x_i)), the parts broadcast against each other. */
  logProb(values: JointStructure<V, TensorLike>): tf.Tensor {
    return tf.tidy(() => this.logProbList(values).reduce((a, b) => tf.add(a, b)));
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
    const kept = tf.tidy(() => {
      const values = this.execute(shape, stream, undefined, (node, dist) => dists.set(node.key, dist));
      const built = this.nodes.filter((n) => !n.fixed).flatMap((n) => reachableTensors(dists.get(n.key)));
      const own = built.filter((t) => t.id > firstId && !t.isDisposed);
      return [...new Set([...values.values(), ...own])];
    });
    const byKey = new Map<string, tf.Tensor>();
    this.nodes.forEach((node, i) => byKey.set(node.key, kept[i]));
    return {
      distributions: this.pack(dists),
      values: this.pack(byKey),
      dispose: () => tf.dispose(kept),
    };
  }

  private resolve(): NonNullable<JointDistribution<V>['resolved']> {
    if (this.resolved === undefined) {
      const batchShape = new Map<string, number[]>();
      const eventShape = new Map<string, number[]>();
      const dtype = new Map<string, 'float32' | 'int32'>();
      tf.tidy(() => {
        this.execute([], new SeedStream(0, this.name), undefined, (node, dist) => {
          batchShape.set(node.key, dist.batchShape);
          eventShape.set(node.key, dist.eventShape);
          dtype.set(node.key, dist.dtype);
        });
      });
      this.resolved = {batchShape, eventShape, dtype};
    }
    return this.resolved;
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
