import * as tf from '@tensorflow/tfjs';
import {Categorical} from './categorical';
import {Distribution, DistributionOptions} from './distribution';
import {MixtureBase} from './internal/mixture_base';
import {SeedStream} from './internal/seed';

export interface MixtureOptions extends DistributionOptions {
  /** The mixture weights: a Categorical over K = components.length, with the components' batch shape. */
  cat: Categorical;
  /** K distributions with equal dtype, batch shape and event shape; their families may differ. */
  components: Distribution[];
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * A mixture of a list of distributions (TFP's `tfd.Mixture`): p(x) = sum_k w_k p_k(x) with the
 * weights w the probabilities of `cat`. Unlike MixtureSameFamily the components may be of
 * different families, but they must share dtype, batch shape and event shape, as must `cat`'s
 * batch shape. Samples draw every component and keep the chosen one; not reparameterized.
 */
export class Mixture extends MixtureBase {
  readonly cat: Categorical;
  readonly components: readonly Distribution[];

  constructor(options: MixtureOptions) {
    super({cat: options.cat, components: options.components}, {name: 'Mixture', ...options});
    const {cat, components} = options;
    if (!(cat instanceof Categorical)) {
      throw new Error(`${this.name}: 'cat' must be a Categorical; received ${String(cat)}`);
    }
    if (!Array.isArray(components) || components.length === 0) {
      throw new Error(`${this.name}: 'components' must be a non-empty array of distributions; received ${String(components)}`);
    }
    const bad = components.findIndex((d) => !(d instanceof Distribution));
    if (bad >= 0) {
      throw new Error(`${this.name}: components[${bad}] must be a Distribution; received ${String(components[bad])}`);
    }
    if (cat.numCategories !== components.length) {
      throw new Error(
        `${this.name}: 'cat' has ${cat.numCategories} mixture weights but ${components.length} components were given; expected equal numbers`,
      );
    }
    const [first] = components;
    components.forEach((d, k) => {
      if (d.dtype !== first.dtype) {
        throw new Error(`${this.name}: components[${k}] (${d.name}) has dtype ${d.dtype}; components[0] has ${first.dtype}`);
      }
      if (!sameShape(d.eventShape, first.eventShape)) {
        throw new Error(
          `${this.name}: components[${k}] (${d.name}) has event shape [${d.eventShape}]; components[0] has [${first.eventShape}]`,
        );
      }
      if (!sameShape(d.batchShape, cat.batchShape)) {
        throw new Error(
          `${this.name}: components[${k}] (${d.name}) has batch shape [${d.batchShape}]; expected [${cat.batchShape}], the batch shape of 'cat'`,
        );
      }
    });
    this.cat = cat;
    this.components = [...components];
  }

  protected get selector(): Categorical {
    return this.cat;
  }

  get numComponents(): number {
    return this.components.length;
  }

  override get dtype() {
    return this.components[0].dtype;
  }

  get batchShape(): number[] {
    return this.cat.batchShape;
  }

  get eventShape(): number[] {
    return this.components[0].eventShape;
  }

  protected componentStatistic(f: (d: Distribution) => tf.Tensor, eventNdims: number): tf.Tensor {
    const values = this.components.map(f);
    return tf.stack(values, values[0].rank - eventNdims);
  }

  protected componentFunction(x: tf.Tensor, f: (d: Distribution, x: tf.Tensor) => tf.Tensor): tf.Tensor {
    return tf.stack(this.components.map((d) => f(d, x)), -1);
  }

  protected componentSamples(n: number, seed: SeedStream): tf.Tensor {
    return tf.stack(
      this.components.map((d) => d.sample([n], seed.next())),
      1 + this.batchShape.length,
    );
  }

  /** TFP's `entropy_lower_bound`: sum_k w_k H[p_k] <= H[p] (concavity of entropy), batch shape. */
  entropyLowerBound(): tf.Tensor {
    return tf.tidy(() => {
      const entropies = this.componentStatistic((d) => d.entropy(), 0);
      return tf.sum(tf.mul(this.cat.probsParameter(), entropies), -1);
    });
  }
}
