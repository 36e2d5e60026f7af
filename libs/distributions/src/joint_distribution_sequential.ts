import * as tf from '@tensorflow/tfjs';
import {Distribution} from './distribution';
import {TensorLike} from './internal/parameters';
import {JointDistribution, JointDistributionOptions, JointNode, JointStructure} from './joint_distribution';

/**
 * A part of a sequential model: a distribution, or a function of the previous parts' values in
 * reverse order (the most recent first), as many as it declares parameters.
 */
export type SequentialModelPart = Distribution | ((...previous: tf.Tensor[]) => Distribution);

export interface JointDistributionSequentialOptions extends JointDistributionOptions {
  model: SequentialModelPart[];
}

/**
 * A joint distribution over a list of parts (TFP's `tfd.JointDistributionSequential`): part i is a
 * distribution or a function `(x_{i-1}, x_{i-2}, ...) => Distribution` of the values before it,
 * most recent first. Values are arrays with one tensor per part.
 *
 *     new JointDistributionSequential({model: [
 *       new Normal({loc: 0, scale: 1}),            // x0
 *       (x0) => new Normal({loc: x0, scale: 1}),   // x1 | x0
 *       (x1, x0) => new Normal({loc: tf.add(x0, x1), scale: 1}),
 *     ]})
 */
export class JointDistributionSequential extends JointDistribution<tf.Tensor[]> {
  readonly model: readonly SequentialModelPart[];

  constructor(options: JointDistributionSequentialOptions) {
    const name = options.name ?? 'JointDistributionSequential';
    const model = options.model;
    if (!Array.isArray(model) || model.length === 0) {
      throw new Error(`${name}: 'model' must be a non-empty array of distributions and functions; received ${String(model)}`);
    }
    const nodes = model.map((part, i): JointNode => {
      const label = `model[${i}]`;
      if (part instanceof Distribution) {
        return {key: String(i), label, dependencies: [], fixed: true, build: () => part};
      }
      if (typeof part !== 'function') {
        throw new Error(`${name}: ${label} must be a Distribution or a function returning one; received ${String(part)}`);
      }
      if (part.length > i) {
        throw new Error(
          `${name}: ${label} takes ${part.length} arguments (the previous values, most recent first) but only ${i} parts precede it`,
        );
      }
      const dependencies = Array.from({length: part.length}, (_, j) => String(i - 1 - j));
      return {
        key: String(i),
        label,
        dependencies,
        fixed: false,
        build: (values) => part(...dependencies.map((k) => values.get(k) as tf.Tensor)),
      };
    });
    super(nodes, options, 'JointDistributionSequential');
    this.model = [...model];
  }

  protected isArrayStructure(): boolean {
    return true;
  }

  protected pack<T>(byKey: Map<string, T>): JointStructure<tf.Tensor[], T> {
    return this.nodes.map((n) => byKey.get(n.key) as T);
  }

  protected unpack(values: JointStructure<tf.Tensor[], TensorLike>): Map<string, TensorLike> {
    if (!Array.isArray(values) || values.length !== this.nodes.length) {
      const got = Array.isArray(values) ? `an array of ${values.length}` : String(values);
      throw new Error(`${this.name}: values must be an array with one value per part (${this.nodes.length}); received ${got}`);
    }
    return new Map(values.map((v, i) => [String(i), v]));
  }
}
