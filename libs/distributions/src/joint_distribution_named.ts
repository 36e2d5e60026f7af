import * as tf from '@tensorflow/tfjs';
import {Distribution} from './distribution';
import {functionParameters} from './internal/function_parameters';
import {TensorLike} from './internal/parameters';
import {JointDistribution, JointDistributionOptions, JointNode, JointStructure} from './joint_distribution';

/**
 * A part of a named model: a distribution, or a function whose parameter names are the names of
 * the parts it depends on, destructured `({loc, scale}) => ...` or plain `(loc, scale) => ...`.
 */
export type NamedModelPart = Distribution | ((...dependencies: never[]) => Distribution);

export interface JointDistributionNamedOptions extends JointDistributionOptions {
  model: Record<string, NamedModelPart>;
}

/**
 * A joint distribution over named parts (TFP's `tfd.JointDistributionNamed`): each part is a
 * distribution or a function of other parts' values, which it names by its parameter names (read
 * from the function's source). Parts are sampled in dependency order (a topological sort that keeps
 * the model's order where it can); values are objects with one tensor per name.
 *
 *     new JointDistributionNamed({model: {
 *       scale: new Exponential({rate: 1}),
 *       loc: new Normal({loc: 0, scale: 10}),
 *       y: ({loc, scale}) => new Normal({loc, scale}),
 *     }})
 *
 * The destructured form survives minification; plain parameter names may not.
 */
export class JointDistributionNamed extends JointDistribution<Record<string, tf.Tensor>> {
  readonly model: Readonly<Record<string, NamedModelPart>>;
  private readonly keys: string[];

  constructor(options: JointDistributionNamedOptions) {
    const name = options.name ?? 'JointDistributionNamed';
    const model = options.model;
    if (model === null || typeof model !== 'object' || Array.isArray(model) || Object.keys(model).length === 0) {
      throw new Error(`${name}: 'model' must be a non-empty object of distributions and functions; received ${String(model)}`);
    }
    const keys = Object.keys(model);
    const nodes = new Map<string, JointNode>();
    for (const key of keys) {
      const part = model[key];
      const label = `model.${key}`;
      if (part instanceof Distribution) {
        nodes.set(key, {key, label, dependencies: [], fixed: true, build: () => part});
        continue;
      }
      if (typeof part !== 'function') {
        throw new Error(`${name}: ${label} must be a Distribution or a function returning one; received ${String(part)}`);
      }
      let parameters;
      try {
        parameters = functionParameters(part);
      } catch (error) {
        throw new Error(`${name}: cannot read the parameter names of ${label}: ${(error as Error).message}`);
      }
      const {names, destructured} = parameters;
      for (const dep of names) {
        if (dep === key || !(dep in model)) {
          throw new Error(
            `${name}: ${label} depends on '${dep}', ` +
              (dep === key ? 'itself' : `which is not a part of the model (parts: ${keys.join(', ')})`),
          );
        }
      }
      const fn = part as (...args: unknown[]) => Distribution;
      nodes.set(key, {
        key,
        label,
        dependencies: names,
        fixed: false,
        build: (values) => {
          const args = names.map((dep) => values.get(dep) as tf.Tensor);
          return destructured ? fn(Object.fromEntries(names.map((dep, j) => [dep, args[j]]))) : fn(...args);
        },
      });
    }
    super(sortByDependencies(name, keys, nodes), options, 'JointDistributionNamed');
    this.model = Object.freeze({...model});
    this.keys = keys;
  }

  protected isArrayStructure(): boolean {
    return false;
  }

  protected override structureKeys(): string[] {
    return [...this.keys];
  }

  protected pack<T>(byKey: Map<string, T>): JointStructure<Record<string, tf.Tensor>, T> {
    return Object.fromEntries(this.keys.map((k) => [k, byKey.get(k) as T]));
  }

  protected unpack(values: JointStructure<Record<string, tf.Tensor>, TensorLike>): Map<string, TensorLike> {
    if (values === null || typeof values !== 'object' || Array.isArray(values) || values instanceof tf.Tensor) {
      throw new Error(`${this.name}: values must be an object with one value per part (${this.keys.join(', ')}); received ${String(values)}`);
    }
    const given = Object.keys(values);
    const missing = this.keys.filter((k) => !given.includes(k) || values[k] === undefined);
    const extra = given.filter((k) => !this.keys.includes(k));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(
        `${this.name}: values must have exactly the parts ${this.keys.join(', ')}; ` +
          `received ${given.join(', ') || 'none'}` +
          (missing.length > 0 ? ` (missing ${missing.join(', ')})` : '') +
          (extra.length > 0 ? ` (unknown ${extra.join(', ')})` : ''),
      );
    }
    return new Map(this.keys.map((k) => [k, values[k]]));
  }
}

/** Kahn's topological sort, taking at each step the first ready part in model order; names a cycle. */
function sortByDependencies(name: string, keys: string[], nodes: Map<string, JointNode>): JointNode[] {
  const order: JointNode[] = [];
  const done = new Set<string>();
  while (order.length < keys.length) {
    const next = keys.find((k) => !done.has(k) && (nodes.get(k) as JointNode).dependencies.every((d) => done.has(d)));
    if (next === undefined) {
      const left = keys.filter((k) => !done.has(k));
      throw new Error(`${name}: the model's dependencies form a cycle among ${left.join(', ')}`);
    }
    done.add(next);
    order.push(nodes.get(next) as JointNode);
  }
  return order;
}
