import * as tf from '@tensorflow/tfjs';
import {Distribution, klDivergence, registerKL, ReparameterizationType, SeedStream} from '@tfjs-probability/distributions';

export interface DeferredDistributionOptions {
  /**
   * Builds the distribution from the current values of the variables (e.g.
   * `() => new tfd.Normal({loc, scale: tf.softplus(rawScale)})`). Called inside `tf.tidy` at every
   * use, so that the transformation runs where gradients are recorded.
   */
  build: () => Distribution;
  /** The variables `build` reads: what `fitSurrogatePosterior` trains. */
  trainableVariables: tf.Variable[];
  name?: string;
}

/**
 * A distribution whose parameters are functions of `tf.Variable`s, rebuilt at every call: TFP's
 * distributions with `DeferredTensor` / `TransformedVariable` parameters. Sampling and `logProb`
 * therefore differentiate with respect to the variables (and a constrained parameter such as
 * scale = softplus(raw) stays in its support while the raw variable is optimised).
 *
 * Every method of `Distribution` works; KL divergences go through the registry at the current
 * values. `dispose()` frees the variables.
 */
export class DeferredDistribution extends Distribution {
  readonly trainableVariables: readonly tf.Variable[];
  readonly reparameterizationType: ReparameterizationType;
  private readonly buildFn: () => Distribution;
  private readonly shapes: {batch: number[]; event: number[]; dtype: 'float32' | 'int32'};

  constructor(options: DeferredDistributionOptions) {
    super({build: options.build, trainableVariables: options.trainableVariables}, {name: options.name ?? 'DeferredDistribution'});
    if (typeof options.build !== 'function') {
      throw new Error(`${this.name}: build must be a function returning a Distribution; received ${String(options.build)}`);
    }
    const variables = options.trainableVariables;
    if (!Array.isArray(variables) || variables.some((v) => !(v instanceof tf.Variable))) {
      throw new Error(`${this.name}: trainableVariables must be an array of tf.Variable; received ${String(variables)}`);
    }
    this.buildFn = options.build;
    this.trainableVariables = Object.freeze([...variables]);
    const probe = tf.tidy(() => {
      const d = this.current();
      return {batch: d.batchShape, event: d.eventShape, dtype: d.dtype, reparameterizationType: d.reparameterizationType};
    });
    this.shapes = {batch: probe.batch, event: probe.event, dtype: probe.dtype};
    this.reparameterizationType = probe.reparameterizationType;
  }

  /**
   * The distribution at the variables' current values. Its tensors are not owned by anyone: call
   * it inside `tf.tidy`.
   */
  current(): Distribution {
    const d = this.buildFn();
    if (!(d instanceof Distribution)) {
      throw new Error(`${this.name}: build returned ${String(d)}; expected a Distribution`);
    }
    return d;
  }

  override get dtype(): 'float32' | 'int32' {
    return this.shapes?.dtype ?? 'float32';
  }

  get batchShape(): number[] {
    return [...this.shapes.batch];
  }

  get eventShape(): number[] {
    return [...this.shapes.event];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    return this.current().sample([n], seed.next());
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return this.current().logProb(x);
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return this.current().cdf(x);
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return this.current().logCdf(x);
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return this.current().survivalFunction(x);
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return this.current().logSurvivalFunction(x);
  }

  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return this.current().quantile(p);
  }

  protected override meanFn(): tf.Tensor {
    return this.current().mean();
  }

  protected override varianceFn(): tf.Tensor {
    return this.current().variance();
  }

  protected override stddevFn(): tf.Tensor {
    return this.current().stddev();
  }

  protected override modeFn(): tf.Tensor {
    return this.current().mode();
  }

  protected override entropyFn(): tf.Tensor {
    return this.current().entropy();
  }

  protected override covarianceFn(): tf.Tensor {
    return this.current().covariance();
  }

  /** Frees the variables (and anything the base class owns). */
  override dispose(): void {
    super.dispose();
    for (const v of this.trainableVariables) {
      if (!v.isDisposed) v.dispose();
    }
  }
}

function materialize(d: Distribution): Distribution {
  return d instanceof DeferredDistribution ? d.current() : d;
}

/** KL at the current values of the variables, through the closed form of the built distributions. */
const deferredKL = (p: Distribution, q: Distribution): tf.Tensor => klDivergence(materialize(p), materialize(q));
/** The base class as the registry takes it (its constructor is protected). */
const AnyDistribution = Distribution as unknown as abstract new (...args: never[]) => Distribution;
registerKL(DeferredDistribution, AnyDistribution, deferredKL);
registerKL(AnyDistribution, DeferredDistribution, deferredKL);
