import * as tf from '@tensorflow/tfjs';
import {Distribution} from './distribution';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {JointDistribution, JointDistributionOptions, JointStructure} from './joint_distribution';
import type {JointPartVisit, ValueChooser} from './joint_model';

function describeYield(v: unknown): string {
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape}]`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v !== null && typeof v === 'object' ? `an object (${v.constructor?.name ?? 'Object'})` : String(v);
}

/** A distribution marked as a root of the model (TFP's `JointDistributionCoroutine.Root`). */
export class RootDistribution {
  constructor(readonly distribution: Distribution) {}
}

/**
 * Marks a part that does not depend on earlier values: it is sampled with the requested sample shape,
 * and the parts built from it carry that shape in their batch shape (TFP's `Root`).
 */
export function Root(distribution: Distribution): RootDistribution {
  if (!(distribution instanceof Distribution)) {
    throw new Error(`Root: expected a Distribution; received ${String(distribution)}`);
  }
  return new RootDistribution(distribution);
}

/** What a coroutine model yields: a distribution, or a root one. */
export type CoroutinePart = Distribution | RootDistribution;

/**
 * The generator a model returns; annotate the model with it so that TypeScript types the yielded
 * values as tensors: `function* (): CoroutineGenerator { const mu = yield Root(...); ... }`.
 */
export type CoroutineGenerator = Generator<CoroutinePart, void, tf.Tensor>;

/** A model: a generator function yielding distributions and receiving their values. */
export type CoroutineModel = () => CoroutineGenerator;

export interface JointDistributionCoroutineOptions extends JointDistributionOptions {
  model: CoroutineModel;
}

/**
 * A joint distribution written as a generator (TFP's `tfd.JointDistributionCoroutine`): the model
 * yields each part's distribution and receives its value, so later parts are plain code of earlier
 * values. Values are arrays with one tensor per yield, in yield order.
 *
 *     new JointDistributionCoroutine({model: function* () {
 *       const mu = yield Root(new Normal({loc: 0, scale: 5}));
 *       const x = yield new Normal({loc: mu, scale: 1});
 *     }})
 *
 * Parts wrapped in `Root` are sampled with the sample shape; the others are sampled once from a
 * distribution whose batch shape already carries it (as TFP), so a sample shape needs the first part
 * to be a Root. Dependencies are not known statically: the model is re-run for every call.
 */
export class JointDistributionCoroutine extends JointDistribution<tf.Tensor[]> {
  /** TFP's `JointDistributionCoroutine.Root`. */
  static readonly Root = Root;
  readonly model: CoroutineModel;

  constructor(options: JointDistributionCoroutineOptions) {
    const name = options.name ?? 'JointDistributionCoroutine';
    if (typeof options.model !== 'function') {
      throw new Error(`${name}: 'model' must be a generator function (function* () {...}); received ${String(options.model)}`);
    }
    super([], options, 'JointDistributionCoroutine');
    this.model = options.model;
  }

  protected override runModel(
    sampleShape: number[],
    seed: SeedStream,
    choose: ValueChooser,
    visit: (part: JointPartVisit) => void,
  ): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    const generator = this.model();
    if (generator === null || typeof generator !== 'object' || typeof generator.next !== 'function') {
      throw new Error(`${this.name}: 'model' must be a generator function (function* () {...}); calling it returned ${String(generator)}`);
    }
    let finished = false;
    try {
      let step = generator.next(undefined as unknown as tf.Tensor);
      for (let index = 0; !step.done; index++) {
        const label = `yield #${index}`;
        const part = step.value;
        const root = part instanceof RootDistribution;
        const dist = root ? part.distribution : part;
        if (!(dist instanceof Distribution)) {
          throw new Error(`${this.name}: the model's ${label} yielded ${describeYield(part)}; expected a Distribution or Root(distribution)`);
        }
        if (index === 0 && !root && sampleShape.length > 0) {
          throw new Error(
            `${this.name}: sample shape [${sampleShape}] needs the first yielded distribution wrapped in Root(...) ` +
              `(parts that do not depend on earlier values), as TFP's JointDistributionCoroutine.Root`,
          );
        }
        const key = String(index);
        const partSeed = seed.next();
        const value = choose(key, dist, label) ?? dist.sample(root ? sampleShape : [], partSeed);
        values.set(key, value);
        visit({key, label, distribution: dist, value, fixed: false});
        step = generator.next(value);
      }
      finished = true;
    } finally {
      if (!finished) generator.return(undefined);
    }
    if (values.size === 0) {
      throw new Error(`${this.name}: the model yielded no distributions`);
    }
    return values;
  }

  protected isArrayStructure(): boolean {
    return true;
  }

  protected override structureKeys(): string[] {
    return [...this.resolve().keys];
  }

  /** Dependencies are only known by running the generator; TFP infers none for coroutines either. */
  override resolveGraph(): [string, string[]][] {
    throw new Error(`${this.name}: resolveGraph is not available for a generator model (its dependencies are not known statically)`);
  }

  protected pack<T>(byKey: Map<string, T>): JointStructure<tf.Tensor[], T> {
    return [...byKey.keys()].sort((a, b) => Number(a) - Number(b)).map((k) => byKey.get(k) as T);
  }

  protected unpack(values: JointStructure<tf.Tensor[], TensorLike>): Map<string, TensorLike> {
    const n = this.resolve().keys.length;
    if (!Array.isArray(values) || values.length !== n) {
      const got = Array.isArray(values) ? `an array of ${values.length}` : String(values);
      throw new Error(`${this.name}: values must be an array with one value per yielded distribution (${n}); received ${got}`);
    }
    return new Map(values.map((v, i) => [String(i), v]));
  }
}
