import * as tf from '@tensorflow/tfjs';
import type {Bijector} from '@tfjs-probability/bijectors';
import {
  asShape,
  assertConstraint,
  broadcastShapes,
  Constraint,
  isJsValue,
  sizeOf,
  TensorLike,
} from './internal/parameters';
import {Seed, SeedStream} from './internal/seed';

/** TFP's `reparameterization_type`: whether samples are differentiable in the parameters. */
export type ReparameterizationType = 'FULLY_REPARAMETERIZED' | 'NOT_REPARAMETERIZED';
export const FULLY_REPARAMETERIZED: ReparameterizationType = 'FULLY_REPARAMETERIZED';
export const NOT_REPARAMETERIZED: ReparameterizationType = 'NOT_REPARAMETERIZED';

/** A bijector as parameter properties need it: maps unconstrained reals onto a parameter's support. */
export interface ConstrainingBijector {
  forward(x: tf.Tensor): tf.Tensor;
  inverse(y: tf.Tensor): tf.Tensor;
}

/**
 * TFP's `ParameterProperties`: the event rank of a parameter (0 for `loc`, 1 for `probs` of a
 * Categorical, 2 for `scaleTril`) and the bijector that maps R^n onto its support, used by trainable
 * distributions and by layers that output distributions.
 */
export interface ParameterProperties {
  eventNdims: number;
  /** Undefined for parameters with no constraint-free parameterisation (e.g. integer counts). */
  defaultConstrainingBijector?: () => ConstrainingBijector;
  /** False for an alternative parameterisation (`logits` vs `probs`: TFP's is_preferred). */
  isPreferred?: boolean;
}

export interface DistributionOptions {
  /** Check tensor parameters (reads them back) and, where cheap, sample support. JS numbers are always checked. */
  validateArgs?: boolean;
  /** Return NaN for undefined statistics (StudentT's mean with df <= 1) instead of throwing. Default true. */
  allowNanStats?: boolean;
  name?: string;
}

/** How a subclass declares one parameter to the base class. */
export interface ParameterSpec {
  constraint?: Constraint;
  /** Event rank of the parameter; its trailing `eventNdims` dims are excluded from the batch shape. */
  eventNdims?: number;
  dtype?: 'float32' | 'int32';
}

/** Constructor type used by the KL registry and `copy`. */
export type DistributionClass = abstract new (...args: never[]) => Distribution;

/**
 * The base of every distribution (TFP's `tfd.Distribution`). It carries the shared machinery
 * once: parameter conversion and validation, batch-shape inference by broadcasting, sample-shape
 * handling, seeds, tidy-wrapped public methods, derived statistics (prob from logProb, stddev from
 * variance, ...), KL and cross-entropy through the registry, and disposal of owned tensors.
 * A subclass implements a few hooks: `sampleN`, `logProbFn`, and the statistics it has.
 *
 * Shapes follow TFP: a sample has shape `sampleShape + batchShape + eventShape`, and `logProb(x)`
 * broadcasts `x` (shape `[...] + eventShape`) against the batch, returning one value per event.
 */
export abstract class Distribution {
  readonly name: string;
  readonly validateArgs: boolean;
  readonly allowNanStats: boolean;
  /** The arguments the distribution was built with, as TFP's `parameters`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  abstract readonly reparameterizationType: ReparameterizationType;
  /** dtype of samples. */
  get dtype(): 'float32' | 'int32' {
    return 'float32';
  }

  private readonly owned: tf.Tensor[] = [];
  private readonly parameterShapes: Record<string, number[]> = {};
  private cachedBatchShape: number[] | undefined;

  protected constructor(parameters: Record<string, unknown>, options: DistributionOptions = {}) {
    this.name = options.name ?? this.constructor.name;
    this.validateArgs = options.validateArgs ?? false;
    this.allowNanStats = options.allowNanStats ?? true;
    this.parameters = Object.freeze({...parameters});
  }

  /** TFP's `parameter_properties()`; subclasses override the static method. */
  static parameterProperties(): Record<string, ParameterProperties> {
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // Machinery for subclasses.

  /**
   * Converts a parameter to a tensor the distribution owns (or borrows, for a tensor the caller
   * passed), validating it: JS numbers always, tensors when `validateArgs`. Records its shape
   * (less `eventNdims` trailing dims) for batch-shape inference.
   */
  protected param(name: string, value: TensorLike, spec: ParameterSpec = {}): tf.Tensor {
    if (value === undefined || value === null) {
      throw new Error(`${this.name}: parameter '${name}' is required`);
    }
    const dtype = spec.dtype ?? 'float32';
    let tensor: tf.Tensor;
    if (value instanceof tf.Tensor) {
      tensor = value.dtype === dtype ? value : this.own(tf.cast(value, dtype));
    } else {
      try {
        tensor = this.own(tf.tensor(value as tf.TensorLike, undefined, dtype));
      } catch (error) {
        throw new Error(`${this.name}: parameter '${name}' is not a number, array or tensor: ${(error as Error).message}`);
      }
    }
    const eventNdims = spec.eventNdims ?? 0;
    if (tensor.rank < eventNdims) {
      throw new Error(
        `${this.name}: parameter '${name}' must have rank at least ${eventNdims}; received shape [${tensor.shape}]`,
      );
    }
    if (spec.constraint !== undefined && (isJsValue(value) || this.validateArgs)) {
      assertConstraint(this.name, name, tensor.dataSync(), tensor.shape, spec.constraint);
    }
    this.parameterShapes[name] = tensor.shape.slice(0, tensor.rank - eventNdims);
    // Broadcast as parameters arrive, so incompatible shapes fail in the constructor.
    this.cachedBatchShape = broadcastShapes(this.name, this.parameterShapes);
    return tensor;
  }

  /**
   * Records the batch shape a non-tensor parameter contributes (a LinearOperator's batch shape, an
   * inner distribution's), so that it broadcasts with the others in `inferredBatchShape()`.
   */
  protected recordBatchShape(name: string, batchShape: number[]): void {
    this.parameterShapes[name] = batchShape;
    this.cachedBatchShape = broadcastShapes(this.name, this.parameterShapes);
  }

  /**
   * Records a tensor the distribution created, freed by `dispose()`. It is not `tf.keep`-ed: a
   * distribution built inside `tf.tidy` (a layer's call, a loss) lives as long as that scope,
   * unless the tidy returns it.
   */
  protected own<T extends tf.Tensor>(tensor: T): T {
    this.owned.push(tensor);
    return tensor;
  }

  /** Throws unless `condition` holds for every entry (used with validateArgs for joint constraints). */
  protected assertJoint(condition: () => tf.Tensor, message: string): void {
    const ok = tf.tidy(() => tf.all(condition()).dataSync()[0]);
    if (!ok) {
      throw new Error(`${this.name}: ${message}`);
    }
  }

  /** Batch shape from the recorded parameter shapes, broadcast. Subclasses may override `batchShape`. */
  protected inferredBatchShape(): number[] {
    if (this.cachedBatchShape === undefined) {
      this.cachedBatchShape = broadcastShapes(this.name, this.parameterShapes);
    }
    return this.cachedBatchShape;
  }

  /** Converts a value to a float tensor (not owned: callers run inside tidy). */
  protected convert(x: TensorLike, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
    if (x instanceof tf.Tensor) {
      return x.dtype === dtype ? x : tf.cast(x, dtype);
    }
    return tf.tensor(x as tf.TensorLike, undefined, dtype);
  }

  /**
   * Broadcasts a statistic of batch (or event-less parameter) shape to `batchShape + eventShape`.
   */
  protected broadcastToBatchEvent(t: tf.Tensor): tf.Tensor {
    const shape = [...this.batchShape, ...this.eventShape];
    // A fresh tensor even when no broadcast is needed: statistics are often parameters (mean = loc),
    // and the caller disposing its result must not dispose the distribution's parameter.
    return shape.length === t.rank && shape.every((d, i) => d === t.shape[i]) ? tf.clone(t) : tf.broadcastTo(t, shape);
  }

  /** Applies allowNanStats: NaN where `undefinedWhere` holds, or an Error if NaN stats are not allowed. */
  protected undefinedStatistic(stat: string, value: tf.Tensor, undefinedWhere: tf.Tensor): tf.Tensor {
    if (!this.allowNanStats && tf.any(undefinedWhere).dataSync()[0]) {
      throw new Error(`${this.name}: ${stat} is undefined for some batch members (allowNanStats is false)`);
    }
    return tf.where(undefinedWhere, tf.fill(value.shape, NaN), value);
  }

  protected notImplemented(method: string): never {
    throw new Error(`${this.name} does not implement ${method}`);
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks.

  abstract get batchShape(): number[];
  abstract get eventShape(): number[];

  /** n independent draws, shape [n, ...batchShape, ...eventShape]; runs inside tidy. */
  protected abstract sampleN(n: number, seed: SeedStream): tf.Tensor;
  /** Log density/mass of x (already a tensor), shape broadcast(x.shape less event, batch). */
  protected abstract logProbFn(x: tf.Tensor): tf.Tensor;

  protected probFn?(x: tf.Tensor): tf.Tensor;
  protected cdfFn?(x: tf.Tensor): tf.Tensor;
  protected logCdfFn?(x: tf.Tensor): tf.Tensor;
  protected survivalFn?(x: tf.Tensor): tf.Tensor;
  protected logSurvivalFn?(x: tf.Tensor): tf.Tensor;
  protected quantileFn?(p: tf.Tensor): tf.Tensor;
  protected meanFn?(): tf.Tensor;
  protected varianceFn?(): tf.Tensor;
  protected stddevFn?(): tf.Tensor;
  protected modeFn?(): tf.Tensor;
  protected entropyFn?(): tf.Tensor;
  protected covarianceFn?(): tf.Tensor;
  /**
   * The bijector from unconstrained reals onto the support (TFP's `_default_event_space_bijector`);
   * left undefined where TFP's is None (discrete supports, mixtures, point masses).
   */
  protected defaultEventSpaceBijectorFn?(): Bijector;

  // ---------------------------------------------------------------------------------------------
  // Public API (TFP names, camelCased). Every method is leak-free: intermediates are tidied.

  /** Draws samples of shape `sampleShape + batchShape + eventShape`; the same seed gives the same draws. */
  sample(sampleShape: number | number[] = [], seed?: Seed): tf.Tensor {
    const shape = asShape(sampleShape);
    const stream = new SeedStream(seed, this.name);
    return tf.tidy(() => {
      const draws = this.sampleN(sizeOf(shape), stream);
      return tf.reshape(draws, [...shape, ...this.batchShape, ...this.eventShape]);
    });
  }

  logProb(x: TensorLike): tf.Tensor {
    return tf.tidy(() => this.logProbFn(this.convert(x, this.dtype === 'int32' ? 'float32' : this.dtype)));
  }

  prob(x: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const value = this.convert(x);
      return this.probFn ? this.probFn(value) : tf.exp(this.logProbFn(value));
    });
  }

  cdf(x: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const value = this.convert(x);
      if (this.cdfFn) return this.cdfFn(value);
      if (this.logCdfFn) return tf.exp(this.logCdfFn(value));
      if (this.survivalFn) return tf.sub(1, this.survivalFn(value));
      return this.notImplemented('cdf');
    });
  }

  logCdf(x: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const value = this.convert(x);
      if (this.logCdfFn) return this.logCdfFn(value);
      if (this.cdfFn) return tf.log(this.cdfFn(value));
      return this.notImplemented('logCdf');
    });
  }

  survivalFunction(x: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const value = this.convert(x);
      if (this.survivalFn) return this.survivalFn(value);
      if (this.logSurvivalFn) return tf.exp(this.logSurvivalFn(value));
      if (this.cdfFn) return tf.sub(1, this.cdfFn(value));
      return this.notImplemented('survivalFunction');
    });
  }

  logSurvivalFunction(x: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const value = this.convert(x);
      if (this.logSurvivalFn) return this.logSurvivalFn(value);
      if (this.survivalFn) return tf.log(this.survivalFn(value));
      if (this.cdfFn) return tf.log1p(tf.neg(this.cdfFn(value)));
      return this.notImplemented('logSurvivalFunction');
    });
  }

  quantile(p: TensorLike): tf.Tensor {
    return tf.tidy(() => (this.quantileFn ? this.quantileFn(this.convert(p)) : this.notImplemented('quantile')));
  }

  mean(): tf.Tensor {
    return tf.tidy(() => (this.meanFn ? this.broadcastToBatchEvent(this.meanFn()) : this.notImplemented('mean')));
  }

  variance(): tf.Tensor {
    return tf.tidy(() => {
      if (this.varianceFn) return this.broadcastToBatchEvent(this.varianceFn());
      if (this.stddevFn) return this.broadcastToBatchEvent(tf.square(this.stddevFn()));
      return this.notImplemented('variance');
    });
  }

  stddev(): tf.Tensor {
    return tf.tidy(() => {
      if (this.stddevFn) return this.broadcastToBatchEvent(this.stddevFn());
      if (this.varianceFn) return this.broadcastToBatchEvent(tf.sqrt(this.varianceFn()));
      return this.notImplemented('stddev');
    });
  }

  mode(): tf.Tensor {
    return tf.tidy(() => (this.modeFn ? this.broadcastToBatchEvent(this.modeFn()) : this.notImplemented('mode')));
  }

  entropy(): tf.Tensor {
    return tf.tidy(() => {
      if (!this.entropyFn) return this.notImplemented('entropy');
      const h = this.entropyFn();
      return this.batchShape.every((d, i) => h.shape[i] === d) && h.rank === this.batchShape.length
        ? tf.clone(h)
        : tf.broadcastTo(h, this.batchShape);
    });
  }

  /**
   * Covariance: for scalar events the variance; for vector events shape
   * `batchShape + [k, k]` (TFP's `covariance`).
   */
  covariance(): tf.Tensor {
    return tf.tidy(() => {
      if (this.covarianceFn) return this.covarianceFn();
      if (this.eventShape.length === 0) return this.variance();
      if (this.eventShape.length === 1 && (this.varianceFn || this.stddevFn)) {
        return tf.linalg.bandPart(tf.expandDims(this.variance(), -1).mul(tf.eye(this.eventShape[0])), 0, 0);
      }
      return this.notImplemented('covariance');
    });
  }

  /**
   * TFP's `experimental_default_event_space_bijector()`: a bijector whose forward maps unconstrained
   * reals (of shape `inverseEventShape(eventShape)`) onto the support, for MCMC and VI in
   * unconstrained space. Its parameters borrow this distribution's tensors (valid until `dispose()`).
   */
  experimentalDefaultEventSpaceBijector(): Bijector {
    if (!this.defaultEventSpaceBijectorFn) {
      throw new Error(
        `${this.name}: has no default event-space bijector (TFP's is None: discrete support, point mass or ` +
          `mixture; dtype ${this.dtype}, event shape [${this.eventShape}])`,
      );
    }
    return this.defaultEventSpaceBijectorFn();
  }

  /** KL(this || other), through the registry of closed forms (`registerKL`). */
  klDivergence(other: Distribution): tf.Tensor {
    return klDivergenceImpl(this, other);
  }

  /** Cross entropy H[this, other] = H[this] + KL(this || other). */
  crossEntropy(other: Distribution): tf.Tensor {
    return tf.tidy(() => tf.add(this.entropy(), this.klDivergence(other)));
  }

  /** A new distribution of the same class with some parameters replaced (TFP's `copy`). */
  copy(overrides: Record<string, unknown> = {}): this {
    const Ctor = this.constructor as new (p: Record<string, unknown>) => this;
    return new Ctor({...this.parameters, ...overrides});
  }

  /** Frees the tensors this distribution created (parameters given as tensors stay the caller's). */
  dispose(): void {
    tf.dispose(this.owned.splice(0));
  }

  toString(): string {
    return `tfp.distributions.${this.name}(batchShape=[${this.batchShape}], eventShape=[${this.eventShape}], dtype=${this.dtype})`;
  }
}

/** Set by kl_divergence.ts; kept as a late binding so that module order does not matter. */
let klDivergenceImpl: (p: Distribution, q: Distribution) => tf.Tensor = () => {
  throw new Error('KL registry not loaded');
};

/** @internal */
export function setKlDivergenceImpl(fn: (p: Distribution, q: Distribution) => tf.Tensor): void {
  klDivergenceImpl = fn;
}
