import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {Presets, SingleBar} from 'cli-progress';
import {DatasetName, ImageSet, channelMoments, loadDataset, subset} from '@tfjs-probability/datasets';
import {CheckpointStore, EpochRecord, TrainingState} from './checkpoint';
import {globalRandomState, seedGlobalRandom, seededPermutation} from './global_random';
import {ARCHITECTURES, Architecture, buildBayesianCnn, klLoss} from './models';
import {LearningRateSchedule, scheduledLearningRate, setLearningRate} from './learning_rate_schedule';
import {ModelMetadata, saveTrainedModel} from './saved_model';

export interface TrainOptions {
  dataset: DatasetName;
  dataDir?: string;
  model: Architecture;
  epochs: number;
  batchSize: number;
  /** Weight of the KL term per example; default 1 / (number of training examples). */
  klWeight?: number;
  learningRate: number;
  /** 'cosine' decays the rate to zero over the run; default 'constant'. */
  learningRateSchedule?: LearningRateSchedule;
  /** Initial standard deviation of the kernel posteriors (default TFP's, about 0.05). */
  posteriorInitScale?: number;
  seed: number;
  out: string;
  resume?: boolean;
  /** Examples held out of the training split for per-epoch validation. */
  validationSize: number;
  /** Use only the first examples of each split (tests, quick runs). */
  limit?: {train?: number; test?: number};
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TrainResult {
  history: EpochRecord[];
  modelDir: string;
  seconds: number;
}

/** Splits the training set into training and validation parts by a seeded permutation. */
function splitValidation(train: ImageSet, size: number, seed: number): {fit: ImageSet; validation: ImageSet} {
  if (!Number.isInteger(size) || size < 1 || size >= train.count) {
    throw new Error(`--validation-size must be an integer in [1, ${train.count - 1}], got ${size}`);
  }
  const order = seededPermutation(train.count, `${seed}:validation`);
  return {
    fit: subset(train, order.subarray(size)),
    validation: subset(train, order.subarray(0, size)),
  };
}

/** Pixels of `set` at `indices` as a normalised batch [b, h, w, c] and one-hot labels. */
export function batchOf(set: ImageSet, indices: ArrayLike<number>, normalization: ModelMetadata['normalization']) {
  const part = subset(set, indices);
  return tf.tidy(() => {
    const xs = tf.tensor4d(part.images, [part.count, ...set.imageShape]);
    const normalized = tf.div(tf.sub(xs, tf.tensor1d(normalization.mean)), tf.tensor1d(normalization.std));
    const ys = tf.oneHot(tf.tensor1d(part.labels, 'int32'), set.numClasses).toFloat();
    return {xs: normalized as tf.Tensor4D, ys: ys as tf.Tensor2D};
  });
}

/** One stochastic pass over `set`: mean NLL and accuracy. */
function validate(model: tf.LayersModel, set: ImageSet, batchSize: number, normalization: ModelMetadata['normalization']) {
  let nll = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const indices = Array.from({length: Math.min(batchSize, set.count - start)}, (_, i) => start + i);
    const {xs, ys} = batchOf(set, indices, normalization);
    const [batchNll, batchCorrect] = tf.tidy(() => {
      const logits = model.apply(xs, {training: false}) as tf.Tensor;
      const sumNll = tf.losses.softmaxCrossEntropy(ys, logits, undefined, undefined, tf.Reduction.SUM);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(ys, -1)), 'float32'));
      return [sumNll.dataSync()[0], hits.dataSync()[0]];
    });
    tf.dispose([xs, ys]);
    nll += batchNll;
    correct += batchCorrect;
  }
  return {nll: nll / set.count, accuracy: correct / set.count};
}

/**
 * Trains a Bayesian CNN (Flipout layers) by minimising the negative ELBO per example,
 * NLL + klWeight * KL, with Adam. A checkpoint is written atomically after every epoch; with
 * `resume`, training continues from the newest one and gives the same result as an uninterrupted
 * run with the same seed (data order, Flipout noise and optimizer state are all restored).
 */
export async function trainBayesianCnn(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const {train} = loadDataset(options.dataset, {dataDir: options.dataDir, limit: options.limit});
  const {fit, validation} = splitValidation(train, options.validationSize, options.seed);
  const klWeight = options.klWeight ?? 1 / fit.count;
  const moments = channelMoments(fit);
  const normalization = {mean: moments.mean, std: moments.std};
  const config = {
    dataset: options.dataset,
    model: options.model,
    batchSize: options.batchSize,
    klWeight,
    learningRate: options.learningRate,
    learningRateSchedule: options.learningRateSchedule ?? 'constant',
    // A decaying schedule is a function of the run's length: resuming it with other --epochs would
    // give a run no uninterrupted one gives, so the length is part of the configuration.
    scheduleEpochs: (options.learningRateSchedule ?? 'constant') === 'constant' ? null : options.epochs,
    posteriorInitScale: options.posteriorInitScale ?? null,
    seed: options.seed,
    validationSize: options.validationSize,
    limit: options.limit ?? null,
  };
  const store = new CheckpointStore(options.out);
  let model: tf.LayersModel;
  let state: TrainingState;
  const optimizer = tf.train.adam(options.learningRate);
  const resumeFrom = options.resume ? store.latest() : undefined;
  if (options.resume && resumeFrom === undefined) {
    log(`no checkpoint under ${store.dir}: starting a new run`);
  }
  if (resumeFrom !== undefined) {
    const loaded = await CheckpointStore.load(resumeFrom);
    if (JSON.stringify(loaded.state.config) !== JSON.stringify(config)) {
      tf.dispose(loaded.optimizerWeights.map((w) => w.tensor));
      loaded.model.dispose();
      throw new Error(
        `--resume: the checkpoint ${resumeFrom} was written by a run with other arguments ` +
          `(${JSON.stringify(loaded.state.config)}); this run has ${JSON.stringify(config)}`,
      );
    }
    model = loaded.model;
    state = loaded.state;
    seedGlobalRandom(options.seed, state.randomState);
    await CheckpointStore.restoreOptimizer(optimizer, loaded);
    log(`resumed from ${resumeFrom} after epoch ${state.epoch}`);
  } else {
    seedGlobalRandom(options.seed);
    model = buildBayesianCnn(options.model, {
      inputShape: fit.imageShape,
      numClasses: fit.numClasses,
      klWeight,
      posteriorInitScale: options.posteriorInitScale,
    });
    state = {epoch: 0, step: 0, randomState: globalRandomState(), history: [], config};
  }
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const stepsPerEpoch = Math.ceil(fit.count / options.batchSize);
  const bar = options.progress
    ? new SingleBar(
        {format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss} nll {nll} kl {kl} acc {acc} | eta {eta_formatted}', etaBuffer: 50},
        Presets.shades_classic,
      )
    : undefined;

  for (let epoch = state.epoch + 1; epoch <= options.epochs; epoch++) {
    const epochStart = performance.now();
    const order = seededPermutation(fit.count, `${options.seed}:epoch:${epoch}`);
    let sums = {loss: 0, nll: 0, kl: 0, correct: 0};
    bar?.start(stepsPerEpoch, 0, {epoch, loss: '-', nll: '-', kl: '-', acc: '-'});
    for (let step = 0; step < stepsPerEpoch; step++) {
      const indices = order.subarray(step * options.batchSize, Math.min((step + 1) * options.batchSize, fit.count));
      const {xs, ys} = batchOf(fit, indices, normalization);
      setLearningRate(optimizer, scheduledLearningRate(config.learningRateSchedule, options.learningRate, state.step, options.epochs * stepsPerEpoch));
      let parts: number[] = [];
      const {value, grads} = tf.variableGrads(() => {
        const logits = model.apply(xs, {training: true}) as tf.Tensor;
        const nll = tf.losses.softmaxCrossEntropy(ys, logits);
        const kl = klLoss(model);
        const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(ys, -1)), 'float32'));
        parts = [nll.dataSync()[0], kl.dataSync()[0], hits.dataSync()[0]];
        return tf.add(nll, kl) as tf.Scalar;
      }, variables);
      optimizer.applyGradients(variables.map((v) => ({name: v.name, tensor: grads[v.name]})));
      const loss = value.dataSync()[0];
      tf.dispose([xs, ys, value, ...Object.values(grads)]);
      if (!Number.isFinite(loss)) {
        bar?.stop();
        throw new Error(`training diverged at epoch ${epoch}, step ${step + 1}: loss ${loss}; lower --learning-rate`);
      }
      const n = indices.length;
      sums = {loss: sums.loss + loss * n, nll: sums.nll + parts[0] * n, kl: sums.kl + parts[1] * n, correct: sums.correct + parts[2]};
      state.step += 1;
      const seen = Math.min((step + 1) * options.batchSize, fit.count);
      bar?.increment(1, {
        epoch,
        loss: (sums.loss / seen).toFixed(4),
        nll: (sums.nll / seen).toFixed(4),
        kl: (sums.kl / seen).toFixed(4),
        acc: ((100 * sums.correct) / seen).toFixed(2) + '%',
      });
    }
    bar?.stop();
    const val = validate(model, validation, 500, normalization);
    const record: EpochRecord = {
      epoch,
      train: {loss: sums.loss / fit.count, nll: sums.nll / fit.count, kl: sums.kl / fit.count, accuracy: sums.correct / fit.count},
      validation: val,
      seconds: (performance.now() - epochStart) / 1000,
    };
    state = {...state, epoch, randomState: globalRandomState(), history: [...state.history, record]};
    await store.save(model, optimizer, state);
    log(
      `epoch ${epoch}/${options.epochs}: loss ${record.train.loss.toFixed(4)} (nll ${record.train.nll.toFixed(4)}, ` +
        `kl ${record.train.kl.toFixed(4)}), train accuracy ${(100 * record.train.accuracy).toFixed(2)}%, ` +
        `validation nll ${val.nll.toFixed(4)}, accuracy ${(100 * val.accuracy).toFixed(2)}% (${record.seconds.toFixed(1)} s)`,
    );
  }
  const metadata: ModelMetadata = {
    dataset: options.dataset,
    architecture: options.model,
    imageShape: fit.imageShape,
    numClasses: fit.numClasses,
    classNames: fit.classNames,
    normalization,
    klWeight,
    trainExamples: fit.count,
    history: state.history,
  };
  const modelDir = path.join(options.out, 'model');
  await saveTrainedModel(model, metadata, modelDir);
  fs.writeFileSync(path.join(options.out, 'history.json'), JSON.stringify(state.history, null, 1));
  model.dispose();
  optimizer.dispose();
  return {history: state.history, modelDir, seconds: (performance.now() - started) / 1000};
}

export {ARCHITECTURES};
