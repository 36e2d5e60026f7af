import * as tf from '@tensorflow/tfjs';
import {DeferredDistribution} from './deferred_distribution';
import {Layout, LayoutPart} from './internal/layout';
import {shapeString} from './internal/structure';
import {SurrogatePosterior} from './surrogate_posterior';

/** Values of a structured surrogate: an array of tensors or an object of tensors. */
export type JointValues = tf.Tensor[] | {[key: string]: tf.Tensor};

/**
 * A surrogate posterior over a structure of variables (TFP's structured surrogates from
 * `build_factored_surrogate_posterior` / `build_affine_surrogate_posterior`): a trainable normal over
 * the concatenation of every part's unconstrained, flattened value, split into the parts, reshaped,
 * and mapped onto each part's support by its bijector (or by one joint bijector over the whole
 * structure, such as a pinned model's default event-space bijector). With a diagonal base the parts
 * are independent; with a full-rank base they are correlated.
 * log q(y) = log q_base(concat(flatten(b_i^-1(y_i)))) + sum_i log|det J_{b_i^-1}(y_i)|.
 */
export class JointSurrogatePosterior<V extends JointValues> implements SurrogatePosterior<V> {
  readonly name: string;
  /** The trainable normal over the flat unconstrained vector (shape batchShape + [total size]). */
  readonly base: DeferredDistribution;
  private readonly layout: Layout;

  /** @internal Built by the surrogate builders. */
  constructor(base: DeferredDistribution, layout: Layout, name: string) {
    this.base = base;
    this.layout = layout;
    this.name = name;
  }

  get trainableVariables(): readonly tf.Variable[] {
    return this.base.trainableVariables;
  }

  get reparameterizationType(): string {
    return this.base.reparameterizationType;
  }

  get batchShape(): number[] {
    return this.base.batchShape;
  }

  /** The parts' event shapes, in the structure of the values. */
  get eventShape(): V extends tf.Tensor[] ? number[][] : {[key: string]: number[]} {
    return this.pack(this.layout.parts.map((p) => [...p.eventShape])) as V extends tf.Tensor[] ? number[][] : {[key: string]: number[]};
  }

  private pack<T>(items: T[]): T[] | {[key: string]: T} {
    if (this.layout.kind === 'array') return items;
    return Object.fromEntries(this.layout.parts.map((p, i) => [p.key, items[i]]));
  }

  private part(values: V, p: LayoutPart): tf.Tensor {
    if (values === null || typeof values !== 'object' || values instanceof tf.Tensor) {
      throw new Error(`${this.name}: logProb takes ${this.layout.kind === 'array' ? 'an array' : 'an object'} of part values; received ${String(values)}`);
    }
    const v = (values as Record<string, tf.Tensor | number[] | undefined>)[p.key];
    if (v === undefined) throw new Error(`${this.name}: logProb is missing the value of part ${JSON.stringify(p.key)}`);
    return v instanceof tf.Tensor ? v : tf.tensor(v);
  }

  /** Draws of shape sampleShape + batchShape + eventShape for each part. */
  sample(sampleShape: number | number[] = [], seed?: number): V {
    const shape = typeof sampleShape === 'number' ? [sampleShape] : sampleShape;
    const parts = tf.tidy(() => {
      const z = this.base.sample(shape, seed);
      const outer = z.shape.slice(0, -1);
      // Slices rather than tf.split, whose gradient fails in tfjs when a piece gets no gradient.
      let offset = 0;
      const unconstrained = this.layout.parts.map((p) => {
        const piece = tf.slice(z, [...outer.map(() => 0), offset], [...outer.map(() => -1), p.size]);
        offset += p.size;
        const u = tf.reshape(piece, [...outer, ...p.unconstrainedShape]);
        return p.bijector === undefined ? u : (p.bijector.forward(u) as tf.Tensor);
      });
      const joint = this.layout.jointBijector;
      if (joint === undefined) return unconstrained;
      const y = joint.forward(this.pack(unconstrained)) as V;
      return this.layout.parts.map((p) => (y as Record<string, tf.Tensor>)[p.key]);
    });
    return this.pack(parts) as V;
  }

  /** log q at a structure of values (each sampleShape + batchShape + eventShape). */
  logProb(values: V): tf.Tensor {
    return tf.tidy(() => {
      let outer: number[] | undefined;
      const given = this.layout.parts.map((p) => {
        const y = this.part(values, p);
        const rank = p.eventShape.length;
        const event = y.shape.slice(y.rank - rank);
        if (y.rank < rank || event.some((d, i) => d !== p.eventShape[i])) {
          throw new Error(`${this.name}: the value of part ${JSON.stringify(p.key)} has shape ${shapeString(y.shape)}; expected [..., ${p.eventShape}]`);
        }
        const partOuter = y.shape.slice(0, y.rank - rank);
        if (outer !== undefined && partOuter.join() !== outer.join()) {
          throw new Error(`${this.name}: parts have different sample/batch shapes ${shapeString(outer)} and ${shapeString(partOuter)}`);
        }
        outer = partOuter;
        return y;
      });
      const lead = outer as number[];
      let ildj: tf.Tensor = tf.scalar(0);
      let unconstrained: tf.Tensor[];
      const joint = this.layout.jointBijector;
      if (joint !== undefined) {
        const structure = this.pack(given) as V;
        const u = joint.inverse(structure) as Record<string, tf.Tensor>;
        unconstrained = this.layout.parts.map((p) => u[p.key]);
        ildj = joint.inverseLogDetJacobian(structure);
      } else {
        unconstrained = this.layout.parts.map((p, i) => {
          if (p.bijector === undefined) return given[i];
          ildj = tf.add(ildj, p.bijector.inverseLogDetJacobian(given[i], p.eventShape.length));
          return p.bijector.inverse(given[i]) as tf.Tensor;
        });
      }
      const flat = unconstrained.map((u, i) => tf.reshape(u, [...lead, this.layout.parts[i].size]));
      return tf.add(this.base.logProb(tf.concat(flat, -1)), ildj);
    });
  }

  /** Frees the variables. */
  dispose(): void {
    this.base.dispose();
  }
}
