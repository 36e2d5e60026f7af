import * as tf from '@tensorflow/tfjs';
import {Distribution, Independent, Normal, SeedStream} from '@tfjs-probability/distributions';
import {ActivationIdentifier, getActivation} from './internal/activations';
import {Initializer, Kwargs, LayerArgs, LayerConfig, randomRademacher, singleShape, singleTensor} from './internal/layer_args';
import {resolveLayerFunction, serializeLayerFunction} from './internal/registry';
import {
  DistributionFactory,
  DivergenceFn,
  klDivergenceFn,
  meanFieldNormalFn,
  meanFieldNormalSingularFn,
  PosteriorFn,
  sampleTensorFn,
  standardNormalFn,
  TensorFn,
} from './util';

/**
 * How a variational layer turns its weight posterior into outputs:
 * - 'reparameterization': one weight draw W ~ q per forward pass, out = f(x, W) (shared by the batch);
 * - 'flipout': out = f(x, mean W) + f(x * s_in, dW) * s_out with one draw dW ~ q - mean and per-example
 *   random signs s_in, s_out (Wen et al. 2018), decorrelating the examples of a batch;
 * - 'localReparameterization': sample the pre-activations from their Gaussian,
 *   out ~ N(f(x, mean W), f(x^2, scale^2)) (Kingma et al. 2015), Dense only.
 */
export type VariationalEstimator = 'reparameterization' | 'flipout' | 'localReparameterization';

/** Arguments shared by every variational layer (TFP's `_DenseVariational` / `_ConvVariational`). */
export interface VariationalLayerArgs extends LayerArgs {
  activation?: ActivationIdentifier;
  /** Posterior over the kernel; default mean-field normal (registered as 'meanFieldNormal'). */
  kernelPosteriorFn?: PosteriorFn | string;
  /** Tensor from the kernel posterior; default a sample ('sample'). */
  kernelPosteriorTensorFn?: TensorFn | string;
  /** Prior over the kernel; default N(0, 1) ('standardNormal'); null for no prior and no KL. */
  kernelPriorFn?: PosteriorFn | string | null;
  /**
   * Divergence of the kernel posterior from its prior; default the analytic KL when registered, else a
   * Monte Carlo estimate ('klDivergence'). Monte Carlo divergences are evaluated at the weights of the
   * latest forward pass for the 'reparameterization' estimator, else at a fresh posterior draw.
   */
  kernelDivergenceFn?: DivergenceFn | string | null;
  /** Posterior over the bias; default a point mass at a trainable loc ('meanFieldNormalSingular'); null for no bias. */
  biasPosteriorFn?: PosteriorFn | string | null;
  biasPosteriorTensorFn?: TensorFn | string;
  /** Prior over the bias; default null (no bias KL), as TFP. */
  biasPriorFn?: PosteriorFn | string | null;
  biasDivergenceFn?: DivergenceFn | string | null;
  /**
   * Multiplies every divergence this layer adds to the loss. With `fit` averaging the data term
   * over examples, `klWeight: 1 / numExamples` gives the per-example ELBO (TFP users write
   * `kernel_divergence_fn=lambda q, p, _: kl(q, p) / N`). Default 1.
   */
  klWeight?: number;
  /** Makes weight draws, signs and initial values reproducible; see `reseed`. */
  seed?: number;
}

interface WeightDistributions {
  posterior: DistributionFactory;
  prior: DistributionFactory | undefined;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function broadcastsTo(from: number[], to: number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[offset + i]);
}

/**
 * The shared machinery of TFP's variational layers: kernel/bias posteriors and priors built from
 * registered (serialisable) functions, their divergences added to the layer's losses (so `fit`
 * minimises data loss + klWeight * KL), the three estimators, seeds, activation and config.
 * Subclasses give the deterministic operation (`applyKernel`: matmul, convolution) and shapes.
 */
export abstract class VariationalLayer extends tf.layers.Layer {
  /** Which estimator the concrete layer uses. */
  protected abstract readonly estimator: VariationalEstimator;

  readonly activationName: ActivationIdentifier;
  readonly klWeight: number;
  readonly seed: number | undefined;
  readonly kernelPosteriorFn: PosteriorFn;
  readonly kernelPosteriorTensorFn: TensorFn;
  readonly kernelPriorFn: PosteriorFn | null;
  readonly kernelDivergenceFn: DivergenceFn | null;
  readonly biasPosteriorFn: PosteriorFn | null;
  readonly biasPosteriorTensorFn: TensorFn;
  readonly biasPriorFn: PosteriorFn | null;
  readonly biasDivergenceFn: DivergenceFn | null;

  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  private seedStream: SeedStream;
  private kernel: WeightDistributions | undefined;
  private bias: WeightDistributions | undefined;
  /** The weight draws of the latest forward pass (kept for the Monte Carlo divergence; one each). */
  private readonly lastDraw: {kernel?: tf.Tensor; bias?: tf.Tensor} = {};

  constructor(args: VariationalLayerArgs) {
    super(args);
    const owner = this.owner();
    const fn = <F extends (...a: never[]) => unknown>(role: string, value: F | string): F =>
      resolveLayerFunction<F>(owner, role, value);
    const optional = <F extends (...a: never[]) => unknown>(role: string, value: F | string | null): F | null =>
      value === null ? null : fn<F>(role, value);
    this.activationName = args.activation ?? 'linear';
    this.activationFn = getActivation(owner, this.activationName);
    this.klWeight = args.klWeight ?? 1;
    if (!Number.isFinite(this.klWeight) || this.klWeight < 0) {
      throw new Error(`${owner}: klWeight must be a finite number >= 0; received ${args.klWeight}`);
    }
    if (args.seed !== undefined && !Number.isFinite(args.seed)) {
      throw new Error(`${owner}: seed must be a finite number; received ${args.seed}`);
    }
    this.seed = args.seed;
    this.seedStream = new SeedStream(this.seed, this.name);
    this.kernelPosteriorFn = fn('kernelPosteriorFn', args.kernelPosteriorFn ?? meanFieldNormalFn);
    this.kernelPosteriorTensorFn = fn('kernelPosteriorTensorFn', args.kernelPosteriorTensorFn ?? sampleTensorFn);
    this.kernelPriorFn = optional('kernelPriorFn', args.kernelPriorFn === undefined ? standardNormalFn : args.kernelPriorFn);
    this.kernelDivergenceFn = optional(
      'kernelDivergenceFn',
      args.kernelDivergenceFn === undefined ? klDivergenceFn : args.kernelDivergenceFn,
    );
    this.biasPosteriorFn = optional(
      'biasPosteriorFn',
      args.biasPosteriorFn === undefined ? meanFieldNormalSingularFn : args.biasPosteriorFn,
    );
    this.biasPosteriorTensorFn = fn('biasPosteriorTensorFn', args.biasPosteriorTensorFn ?? sampleTensorFn);
    this.biasPriorFn = optional('biasPriorFn', args.biasPriorFn ?? null);
    this.biasDivergenceFn = optional(
      'biasDivergenceFn',
      args.biasDivergenceFn === undefined ? klDivergenceFn : args.biasDivergenceFn,
    );
  }

  /** "ClassName 'layer_name'", the prefix of this layer's errors. */
  protected owner(): string {
    return `${this.getClassName()} '${this.name}'`;
  }

  // -----------------------------------------------------------------------------------------------
  // Hooks.

  /** Throws a clear error unless the input shape fits (rank, defined channel dims). */
  protected abstract checkInputShape(inputShape: tf.Shape): void;
  /** The kernel's shape for this input shape. */
  protected abstract kernelShape(inputShape: tf.Shape): number[];
  /** The number of output channels (units or filters): the bias shape is `[outputChannels]`. */
  protected abstract get outputChannels(): number;
  /** The deterministic operation with a given kernel, on channels-last tensors. */
  protected abstract applyKernel(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor;
  abstract override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[];

  /** Shape of a Flipout sign tensor for a channels-last tensor: one sign per example and channel. */
  protected signShape(t: tf.Tensor): number[] {
    return t.shape;
  }

  /** Converts the input to the channels-last layout `applyKernel` works in (identity by default). */
  protected toChannelsLast(x: tf.Tensor): tf.Tensor {
    return x;
  }

  /** Converts the output back from channels-last (identity by default). */
  protected fromChannelsLast(y: tf.Tensor): tf.Tensor {
    return y;
  }

  // -----------------------------------------------------------------------------------------------
  // Build, call, losses.

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(this.owner(), inputShape);
    this.checkInputShape(shape);
    const initSeeds = new SeedStream(this.seed, `${this.name}/initializers`);
    const kernelShape = this.kernelShape(shape);
    this.kernel = this.makeWeightDistributions('kernel', kernelShape, this.kernelPosteriorFn, this.kernelPriorFn, initSeeds);
    if (this.biasPosteriorFn !== null) {
      this.bias = this.makeWeightDistributions('bias', [this.outputChannels], this.biasPosteriorFn, this.biasPriorFn, initSeeds);
    }
    if (this.kernel.prior !== undefined && this.kernelDivergenceFn !== null) {
      this.addLoss(() => this.divergence('kernel'));
    }
    if (this.bias?.prior !== undefined && this.biasDivergenceFn !== null) {
      this.addLoss(() => this.divergence('bias'));
    }
    this.built = true;
  }

  private makeWeightDistributions(
    which: 'kernel' | 'bias',
    shape: number[],
    posteriorFn: PosteriorFn,
    priorFn: PosteriorFn | null,
    seeds: SeedStream,
  ): WeightDistributions {
    const addWeight = (name: string, weightShape: number[], initializer: Initializer, trainable: boolean) =>
      this.addWeight(name, weightShape, 'float32', initializer, undefined, trainable);
    const posterior = posteriorFn({shape, name: `${which}_posterior`, trainable: this.trainable, addWeight, seed: seeds.next()});
    const prior =
      priorFn === null
        ? undefined
        : priorFn({shape, name: `${which}_prior`, trainable: this.trainable, addWeight, seed: seeds.next()});
    tf.tidy(() => {
      const q = posterior();
      const full = [...q.batchShape, ...q.eventShape];
      if (!sameShape(full, shape)) {
        throw new Error(
          `${this.owner()}: ${which}PosteriorFn returned a distribution of batch+event shape [${full}]; ` +
            `expected the ${which} shape [${shape}]`,
        );
      }
      if (prior !== undefined) {
        const p = prior();
        const priorShape = [...p.batchShape, ...p.eventShape];
        if (!broadcastsTo(priorShape, shape)) {
          throw new Error(
            `${this.owner()}: ${which}PriorFn returned a distribution of batch+event shape [${priorShape}]; ` +
              `expected a shape that broadcasts to the ${which} shape [${shape}]`,
          );
        }
      }
    });
    return {posterior, prior};
  }

  /** klWeight * sum of the divergence of one weight's posterior from its prior (a loss term). */
  private divergence(which: 'kernel' | 'bias'): tf.Scalar {
    const dists = which === 'kernel' ? this.kernel : this.bias;
    const divergenceFn = which === 'kernel' ? this.kernelDivergenceFn : this.biasDivergenceFn;
    const tensorFn = which === 'kernel' ? this.kernelPosteriorTensorFn : this.biasPosteriorTensorFn;
    if (dists?.prior === undefined || divergenceFn === null) {
      throw new Error(`${this.owner()}: no ${which} divergence (the layer is not built or has no ${which} prior)`);
    }
    const prior = dists.prior;
    const posterior = dists.posterior;
    const drawn = this.lastDraw[which];
    return tf.tidy(() => {
      const q = posterior();
      const w = drawn !== undefined && !drawn.isDisposed ? drawn : tensorFn(q, this.seedStream.next());
      return tf.mul(this.klWeight, tf.sum(divergenceFn(q, prior(), w))) as tf.Scalar;
    });
  }

  /**
   * Keeps `w`, the weight draw of this forward pass, so a Monte Carlo divergence evaluated in the same
   * training step is log q(w) - log p(w) at the weights the outputs used (as TFP). The previous
   * draw is freed; `dispose()` frees the last.
   */
  private keepDraw(which: 'kernel' | 'bias', w: tf.Tensor): tf.Tensor {
    const previous = this.lastDraw[which];
    if (previous !== undefined && !previous.isDisposed) previous.dispose();
    // A clone the layer owns (w may be a variable, e.g. with the 'mean' tensor fn); gradients pass through.
    this.lastDraw[which] = tf.keep(tf.clone(w));
    return w;
  }

  override dispose(): ReturnType<tf.layers.Layer["dispose"]> {
    for (const w of [this.lastDraw.kernel, this.lastDraw.bias]) if (w !== undefined && !w.isDisposed) w.dispose();
    this.lastDraw.kernel = undefined;
    this.lastDraw.bias = undefined;
    return super.dispose();
  }

  /** The current kernel posterior (caller disposes it, or calls this inside `tf.tidy`). */
  kernelPosterior(): Distribution {
    return this.requireBuilt().posterior();
  }

  /** The kernel prior, or undefined when the layer has none. */
  kernelPrior(): Distribution | undefined {
    return this.requireBuilt().prior?.();
  }

  /** The current bias posterior, or undefined when the layer has no bias. */
  biasPosterior(): Distribution | undefined {
    this.requireBuilt();
    return this.bias?.posterior();
  }

  /** The bias prior, or undefined. */
  biasPrior(): Distribution | undefined {
    this.requireBuilt();
    return this.bias?.prior?.();
  }

  private requireBuilt(): WeightDistributions {
    if (this.kernel === undefined) {
      throw new Error(`${this.owner()}: the layer is not built yet (call it on an input first)`);
    }
    return this.kernel;
  }

  /** Restarts the layer's random stream (weight draws, Flipout signs) from `seed` (default: the `seed` argument). */
  reseed(seed: number | undefined = this.seed): void {
    this.seedStream = new SeedStream(seed, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const input = singleTensor(this.owner(), inputs);
      const dists = this.requireBuilt();
      const x = this.toChannelsLast(input);
      let out = this.applyVariationalKernel(x, dists.posterior());
      if (this.bias !== undefined) {
        const b = this.biasPosteriorTensorFn(this.bias.posterior(), this.seedStream.next());
        out = tf.add(out, this.bias.prior === undefined ? b : this.keepDraw('bias', b));
      }
      return this.activationFn(this.fromChannelsLast(out));
    });
  }

  private normalPosterior(q: Distribution): Normal {
    const inner = q instanceof Independent ? q.distribution : q;
    if (!(inner instanceof Normal)) {
      throw new Error(
        `${this.owner()}: the ${this.estimator} estimator needs an (Independent) Normal kernel posterior; ` +
          `kernelPosteriorFn returned ${q.name}`,
      );
    }
    return inner;
  }

  private applyVariationalKernel(x: tf.Tensor, q: Distribution): tf.Tensor {
    switch (this.estimator) {
      case 'reparameterization': {
        const w = this.kernelPosteriorTensorFn(q, this.seedStream.next());
        return this.applyKernel(x, this.kernel?.prior === undefined ? w : this.keepDraw('kernel', w));
      }
      case 'flipout': {
        const normal = this.normalPosterior(q);
        const loc = tf.broadcastTo(normal.loc, [...q.batchShape, ...q.eventShape]);
        const scale = tf.broadcastTo(normal.scale, loc.shape);
        const mean = this.applyKernel(x, loc);
        const delta = this.kernelPosteriorTensorFn(new Normal({loc: tf.zerosLike(loc), scale}), this.seedStream.next());
        const signIn = randomRademacher(this.signShape(x), this.seedStream.next());
        const signOut = randomRademacher(this.signShape(mean), this.seedStream.next());
        return tf.add(mean, tf.mul(this.applyKernel(tf.mul(x, signIn), delta), signOut));
      }
      case 'localReparameterization': {
        const normal = this.normalPosterior(q);
        const loc = tf.broadcastTo(normal.loc, [...q.batchShape, ...q.eventShape]);
        const scale = tf.broadcastTo(normal.scale, loc.shape);
        const mean = this.applyKernel(x, loc);
        // The tiny floor keeps the sqrt's gradient finite for all-zero input rows.
        const variance = tf.add(this.applyKernel(tf.square(x), tf.square(scale)), 1e-30);
        return this.kernelPosteriorTensorFn(new Normal({loc: mean, scale: tf.sqrt(variance)}), this.seedStream.next());
      }
    }
  }

  override getConfig(): LayerConfig {
    const owner = this.owner();
    const name = (role: string, f: ((...a: never[]) => unknown) | null): string | null =>
      f === null ? null : serializeLayerFunction(owner, role, f);
    return {
      ...super.getConfig(),
      activation: this.activationName,
      kernelPosteriorFn: name('kernelPosteriorFn', this.kernelPosteriorFn),
      kernelPosteriorTensorFn: name('kernelPosteriorTensorFn', this.kernelPosteriorTensorFn),
      kernelPriorFn: name('kernelPriorFn', this.kernelPriorFn),
      kernelDivergenceFn: name('kernelDivergenceFn', this.kernelDivergenceFn),
      biasPosteriorFn: name('biasPosteriorFn', this.biasPosteriorFn),
      biasPosteriorTensorFn: name('biasPosteriorTensorFn', this.biasPosteriorTensorFn),
      biasPriorFn: name('biasPriorFn', this.biasPriorFn),
      biasDivergenceFn: name('biasDivergenceFn', this.biasDivergenceFn),
      klWeight: this.klWeight,
      ...(this.seed === undefined ? {} : {seed: this.seed}),
    };
  }
}

