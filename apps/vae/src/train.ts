import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {Presets, SingleBar} from 'cli-progress';
import {DatasetName, loadDataset} from '@tfjs-probability/datasets';
import {CheckpointStore, globalRandomState, RandomState, seedGlobalRandom, seededPermutation, TrainingState} from '@tfjs-probability/app-bayesian-cnn';
import {Binarization, BinaryImages, binarySplit, gather} from './binarize';
import {negativeElboLoss} from './bounds';
import {buildVae, registerPrior, splitVae, Vae} from './model';
import {saveVae, VaeMetadata} from './saved_model';
import type {EpochRecord} from './train_record';

export interface TrainOptions {
  dataset: DatasetName;
  dataDir?: string;
  latentDim: number;
  hiddenUnits: number[];
  binarization: Binarization;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  out: string;
  resume?: boolean;
  /** Training images held out for the per-epoch validation negative ELBO. */
  validationSize: number;
  /** Use only the first images of the training split (tests, quick runs). */
  limit?: number;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TrainResult {
  history: EpochRecord[];
  modelDir: string;
  seconds: number;
}

/** The checkpointed state of a VAE run (CheckpointStore's, with this app's epoch records). */
interface VaeTrainingState {
  epoch: number;
  step: number;
  randomState: RandomState;
  history: EpochRecord[];
  config: Record<string, unknown>;
}

function batchTensor(images: BinaryImages, indices: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(gather(images, indices), [indices.length, ...images.imageShape]);
}

/** Splits off `size` validation images by a seeded permutation. */
function splitValidation(images: BinaryImages, size: number, seed: number): {fit: BinaryImages; validation: BinaryImages} {
  if (!Number.isInteger(size) || size < 1 || size >= images.count) {
    throw new Error(`--validation-size must be an integer in [1, ${images.count - 1}], got ${size}`);
  }
  const order = seededPermutation(images.count, `${seed}:validation`);
  const part = (indices: Int32Array): BinaryImages => ({
    pixels: gather(images, indices),
    count: indices.length,
    imageShape: images.imageShape,
  });
  return {fit: part(order.subarray(size)), validation: part(order.subarray(0, size))};
}

/** Negative ELBO (one draw of z per image) and its parts, averaged over `images`. */
export function meanNegativeElbo(model: Vae, images: BinaryImages, batchSize: number): EpochRecord['validation'] {
  const sums = {negativeElbo: 0, reconstruction: 0, kl: 0};
  for (let start = 0; start < images.count; start += batchSize) {
    const indices = Array.from({length: Math.min(batchSize, images.count - start)}, (_, i) => start + i);
    const x = batchTensor(images, indices);
    const parts = tf.tidy(() => {
      const {loss, nll, kl} = negativeElboLoss(model, x, false);
      return [loss, nll, kl].map((t) => t.dataSync()[0]);
    });
    x.dispose();
    sums.negativeElbo += parts[0] * indices.length;
    sums.reconstruction += parts[1] * indices.length;
    sums.kl += parts[2] * indices.length;
  }
  return {negativeElbo: sums.negativeElbo / images.count, reconstruction: sums.reconstruction / images.count, kl: sums.kl / images.count};
}

/**
 * Trains a VAE by minimising the negative ELBO per image with Adam, on binarized images. A
 * checkpoint is written atomically after every epoch; with `resume`, training continues from the
 * newest one and gives bit-identical weights to an uninterrupted run with the same seed (data
 * order, initialisation and the reparameterization noise all come from seeded streams that the
 * checkpoint restores, with the optimizer's moments).
 */
export async function trainVae(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const {train} = loadDataset(options.dataset, {dataDir: options.dataDir, limit: options.limit === undefined ? undefined : {train: options.limit}});
  if (train.imageShape[2] !== 1) {
    throw new Error(`VAE: data set '${options.dataset}' has ${train.imageShape[2]} channels; the Bernoulli decoder needs grey-scale images (mnist, fashion-mnist)`);
  }
  const {fit, validation} = splitValidation(binarySplit(train, options.binarization, 'train'), options.validationSize, options.seed);
  const config = {
    dataset: options.dataset,
    latentDim: options.latentDim,
    hiddenUnits: options.hiddenUnits,
    binarization: options.binarization,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    seed: options.seed,
    validationSize: options.validationSize,
    limit: options.limit ?? null,
  };
  const store = new CheckpointStore(options.out);
  let model: Vae;
  let state: VaeTrainingState;
  const optimizer = tf.train.adam(options.learningRate);
  const resumeFrom = options.resume ? store.latest() : undefined;
  if (options.resume && resumeFrom === undefined) {
    log(`no checkpoint under ${store.dir}: starting a new run`);
  }
  if (resumeFrom !== undefined) {
    registerPrior(options.latentDim);
    const loaded = await CheckpointStore.load(resumeFrom);
    const loadedState = loaded.state as unknown as VaeTrainingState;
    if (JSON.stringify(loadedState.config) !== JSON.stringify(config)) {
      tf.dispose(loaded.optimizerWeights.map((w) => w.tensor));
      loaded.model.dispose();
      throw new Error(
        `--resume: the checkpoint ${resumeFrom} was written by a run with other arguments ` +
          `(${JSON.stringify(loadedState.config)}); this run has ${JSON.stringify(config)}`,
      );
    }
    model = splitVae(loaded.model);
    state = loadedState;
    seedGlobalRandom(options.seed, state.randomState);
    await CheckpointStore.restoreOptimizer(optimizer, loaded);
    log(`resumed from ${resumeFrom} after epoch ${state.epoch}`);
  } else {
    seedGlobalRandom(options.seed);
    model = buildVae({imageShape: fit.imageShape, latentDim: options.latentDim, hiddenUnits: options.hiddenUnits});
    state = {epoch: 0, step: 0, randomState: globalRandomState(), history: [], config};
  }
  const variables = model.vae.trainableWeights.map((w) => w.read() as tf.Variable);
  const stepsPerEpoch = Math.ceil(fit.count / options.batchSize);
  const bar = options.progress
    ? new SingleBar({format: 'epoch {epoch} [{bar}] {value}/{total} | -elbo {loss} (rec {rec}, kl {kl}) | eta {eta_formatted}', etaBuffer: 50}, Presets.shades_classic)
    : undefined;

  for (let epoch = state.epoch + 1; epoch <= options.epochs; epoch++) {
    const epochStart = performance.now();
    const order = seededPermutation(fit.count, `${options.seed}:epoch:${epoch}`);
    const sums = {loss: 0, rec: 0, kl: 0};
    bar?.start(stepsPerEpoch, 0, {epoch, loss: '-', rec: '-', kl: '-'});
    for (let step = 0; step < stepsPerEpoch; step++) {
      const indices = order.subarray(step * options.batchSize, Math.min((step + 1) * options.batchSize, fit.count));
      const x = batchTensor(fit, indices);
      let parts: number[] = [];
      const {value, grads} = tf.variableGrads(() => {
        const {loss, nll, kl} = negativeElboLoss(model, x, true);
        parts = [nll.dataSync()[0], kl.dataSync()[0]];
        return loss;
      }, variables);
      optimizer.applyGradients(variables.map((v) => ({name: v.name, tensor: grads[v.name]})));
      const loss = value.dataSync()[0];
      tf.dispose([x, value, ...Object.values(grads)]);
      if (!Number.isFinite(loss)) {
        bar?.stop();
        throw new Error(`training diverged at epoch ${epoch}, step ${step + 1}: negative ELBO ${loss}; lower --learning-rate`);
      }
      const n = indices.length;
      sums.loss += loss * n;
      sums.rec += parts[0] * n;
      sums.kl += parts[1] * n;
      state.step += 1;
      const seen = Math.min((step + 1) * options.batchSize, fit.count);
      bar?.increment(1, {epoch, loss: (sums.loss / seen).toFixed(2), rec: (sums.rec / seen).toFixed(2), kl: (sums.kl / seen).toFixed(2)});
    }
    bar?.stop();
    const val = meanNegativeElbo(model, validation, 500);
    const record: EpochRecord = {
      epoch,
      train: {negativeElbo: sums.loss / fit.count, reconstruction: sums.rec / fit.count, kl: sums.kl / fit.count},
      validation: val,
      seconds: (performance.now() - epochStart) / 1000,
    };
    state = {...state, epoch, randomState: globalRandomState(), history: [...state.history, record]};
    await store.save(model.vae, optimizer, state as unknown as TrainingState);
    log(
      `epoch ${epoch}/${options.epochs}: train -ELBO ${record.train.negativeElbo.toFixed(2)} nats ` +
        `(reconstruction ${record.train.reconstruction.toFixed(2)}, KL ${record.train.kl.toFixed(2)}), ` +
        `validation -ELBO ${val.negativeElbo.toFixed(2)} nats (${record.seconds.toFixed(1)} s)`,
    );
  }
  const metadata: VaeMetadata = {
    dataset: options.dataset,
    dataDir: options.dataDir === undefined ? null : path.resolve(options.dataDir),
    imageShape: fit.imageShape,
    latentDim: options.latentDim,
    hiddenUnits: options.hiddenUnits,
    binarization: options.binarization,
    trainExamples: fit.count,
    history: state.history,
  };
  const modelDir = path.join(options.out, 'model');
  await saveVae(model.vae, metadata, modelDir);
  fs.writeFileSync(path.join(options.out, 'history.json'), JSON.stringify(state.history, null, 1));
  model.vae.dispose();
  optimizer.dispose();
  return {history: state.history, modelDir, seconds: (performance.now() - started) / 1000};
}
