import * as tf from '@tensorflow/tfjs';

/**
 * One stochastic forward pass: maps a batch of inputs `[b, ...]` to outputs `[b, ...]`. The pass
 * index `sampleIndex` (0 .. numSamples - 1) lets a function draw reproducible noise (seeded per pass).
 */
export type StochasticFunction<Output = tf.Tensor> = (inputs: tf.Tensor, sampleIndex: number) => Output;

/** A model whose forward passes are random: a tf.LayersModel (Bayesian or dropout layers) or a function. */
export type StochasticModel = tf.LayersModel | StochasticFunction;

/** Options of the Monte Carlo predictors. */
export interface McPredictOptions {
  /** Number T of stochastic forward passes, a positive integer. */
  numSamples: number;
  /** Inputs per forward pass, bounding memory to T * batchSize outputs at a time. Default 128. */
  batchSize?: number;
  /**
   * For a tf.LayersModel: run the layers in training mode. Set it for MC dropout (Gal and
   * Ghahramani 2016), which needs dropout active at prediction time; Bayesian layers sample in
   * either mode. Training mode also makes batch normalization use the batch's statistics, so
   * the batch size then matters. Default false. Ignored for functions.
   */
  training?: boolean;
}

export const DEFAULT_BATCH_SIZE = 128;

/** Checks the options and the inputs; returns the batch size to use. */
export function checkMcOptions(fn: string, inputs: tf.Tensor, options: McPredictOptions): number {
  if (!(inputs instanceof tf.Tensor)) {
    throw new Error(`${fn}: inputs must be a tf.Tensor with examples along axis 0, got ${String(inputs)}`);
  }
  if (inputs.isDisposed) throw new Error(`${fn}: the inputs tensor was already disposed`);
  if (inputs.rank < 1 || inputs.shape[0] < 1) {
    throw new Error(`${fn}: inputs must have at least one example along axis 0, got shape [${inputs.shape.join(', ')}]`);
  }
  const {numSamples} = options ?? ({} as McPredictOptions);
  if (!Number.isInteger(numSamples) || numSamples < 1) {
    throw new Error(`${fn}: numSamples is ${numSamples}, expected a positive integer`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`${fn}: batchSize is ${batchSize}, expected a positive integer`);
  }
  return batchSize;
}

/** Runs one forward pass of `model` on `batch`; the model's output must be a single tensor or, when allowed, any value. */
export function forwardPass<Output>(
  fn: string,
  model: tf.LayersModel | StochasticFunction<Output>,
  batch: tf.Tensor,
  sampleIndex: number,
  training: boolean,
): Output | tf.Tensor {
  if (model instanceof tf.LayersModel) {
    const out = model.apply(batch, {training});
    if (!(out instanceof tf.Tensor)) {
      throw new Error(`${fn}: model '${model.name}' returned ${Array.isArray(out) ? `${out.length} outputs` : 'a symbolic tensor'}, expected one tensor`);
    }
    return out;
  }
  if (typeof model !== 'function') {
    throw new Error(`${fn}: model must be a tf.LayersModel or a function (inputs, sampleIndex) => output, got ${String(model)}`);
  }
  return model(batch, sampleIndex);
}

/** Checks that a pass returned a tensor with one row per input example. */
export function checkPassOutput(fn: string, out: unknown, batchRows: number, sampleIndex: number): tf.Tensor {
  if (!(out instanceof tf.Tensor)) {
    throw new Error(`${fn}: forward pass ${sampleIndex} returned ${String(out)}, expected a tf.Tensor`);
  }
  if (out.rank < 1 || out.shape[0] !== batchRows) {
    throw new Error(`${fn}: forward pass ${sampleIndex} returned shape [${out.shape.join(', ')}] for ${batchRows} inputs, expected [${batchRows}, ...]`);
  }
  return out;
}

/** Calls `body` with consecutive slices of `inputs` along axis 0 (each slice is disposed afterwards). */
export function forEachInputBatch(inputs: tf.Tensor, batchSize: number, body: (batch: tf.Tensor, start: number) => void): void {
  const n = inputs.shape[0];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const batch = size === n ? inputs : tf.slice(inputs, start, size);
    try {
      body(batch, start);
    } finally {
      if (batch !== inputs) batch.dispose();
    }
  }
}

/** Runs the T passes on one batch and stacks them: `[T, b, ...]`. */
function stackedPasses(fn: string, model: StochasticModel, batch: tf.Tensor, numSamples: number, training: boolean): tf.Tensor {
  return tf.tidy(() => {
    const passes: tf.Tensor[] = [];
    for (let t = 0; t < numSamples; t++) {
      passes.push(checkPassOutput(fn, forwardPass(fn, model, batch, t, training), batch.shape[0], t));
    }
    return tf.stack(passes);
  });
}

/** Concatenates and disposes the parts (returns the single part as is). */
export function concatAndDispose(parts: tf.Tensor[], axis: number): tf.Tensor {
  if (parts.length === 1) return parts[0];
  try {
    return tf.concat(parts, axis);
  } finally {
    parts.forEach((p) => p.dispose());
  }
}

/**
 * Monte Carlo prediction: T stochastic forward passes of `model` over `inputs` `[N, ...]`, batched
 * over the examples, stacked as `[T, N, ...]` (pass t, example n). The caller owns the result.
 * For long inputs whose stacked passes do not fit in memory use `mcMapBatches` (or mcClassify /
 * mcRegress), which reduce each batch's passes as they come.
 */
export function mcPredict(model: StochasticModel, inputs: tf.Tensor, options: McPredictOptions): tf.Tensor {
  const fn = 'mcPredict';
  const batchSize = checkMcOptions(fn, inputs, options);
  const parts: tf.Tensor[] = [];
  try {
    forEachInputBatch(inputs, batchSize, (batch) => {
      parts.push(stackedPasses(fn, model, batch, options.numSamples, options.training ?? false));
    });
  } catch (e) {
    parts.forEach((p) => p.dispose());
    throw e;
  }
  return concatAndDispose(parts, 1);
}

/**
 * Streams Monte Carlo prediction: for each batch of inputs, runs the T passes, stacks them as
 * `[T, b, ...]` and hands them to `reduce`, which returns per-example statistics (each with the
 * batch's b examples along axis 0). The statistics of all batches are concatenated along axis 0;
 * everything else `reduce` makes is freed, so memory is bounded by one batch's passes.
 */
export function mcMapBatches<R extends Record<string, tf.Tensor>>(
  model: StochasticModel,
  inputs: tf.Tensor,
  options: McPredictOptions,
  reduce: (passes: tf.Tensor, start: number) => R,
): R {
  return mapPassBatches('mcMapBatches', model, inputs, options, reduce);
}

/** mcMapBatches whose errors name the public function `fn` that uses it. */
export function mapPassBatches<R extends Record<string, tf.Tensor>>(
  fn: string,
  model: StochasticModel,
  inputs: tf.Tensor,
  options: McPredictOptions,
  reduce: (passes: tf.Tensor, start: number) => R,
): R {
  const batchSize = checkMcOptions(fn, inputs, options);
  const parts: R[] = [];
  const disposeParts = () => parts.forEach((p) => Object.values(p).forEach((v) => v.dispose()));
  try {
    forEachInputBatch(inputs, batchSize, (batch, start) => {
      parts.push(tf.tidy(() => {
        const stats = reduce(stackedPasses(fn, model, batch, options.numSamples, options.training ?? false), start);
        for (const [key, value] of Object.entries(stats)) {
          if (!(value instanceof tf.Tensor) || value.rank < 1 || value.shape[0] !== batch.shape[0]) {
            throw new Error(`${fn}: reduce returned ${key} = ${value instanceof tf.Tensor ? `shape [${value.shape.join(', ')}]` : String(value)}, expected a tensor [${batch.shape[0]}, ...] (one row per example of the batch)`);
          }
        }
        return stats;
      }));
    });
  } catch (e) {
    disposeParts();
    throw e;
  }
  const keys = Object.keys(parts[0]);
  const out: Record<string, tf.Tensor> = {};
  for (const key of keys) out[key] = concatAndDispose(parts.map((p) => p[key]), 0);
  return out as R;
}
