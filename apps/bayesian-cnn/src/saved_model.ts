import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import '@tfjs-probability/layers';
import type {EpochRecord} from './checkpoint';

/** What `evaluate` and `predict` need to know about a trained model, saved beside it. */
export interface ModelMetadata {
  dataset: string;
  architecture: string;
  imageShape: [number, number, number];
  numClasses: number;
  classNames: string[];
  /** Per-channel mean and std the inputs (pixels in [0, 1]) are normalised with. */
  normalization: {mean: number[]; std: number[]};
  klWeight: number;
  trainExamples: number;
  history: EpochRecord[];
}

const METADATA = 'metadata.json';

/** Saves a trained model (model.json + weights.bin, written atomically) and its metadata in `dir`. */
export async function saveTrainedModel(model: tf.LayersModel, metadata: ModelMetadata, dir: string): Promise<void> {
  fs.mkdirSync(dir, {recursive: true});
  await model.save(`file://${dir}`);
  const tmp = path.join(dir, `${METADATA}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(metadata, null, 1));
  fs.renameSync(tmp, path.join(dir, METADATA));
}

/** Loads a model saved by `train` (the layers package registers the Bayesian layer classes). */
export async function loadTrainedModel(dir: string): Promise<{model: tf.LayersModel; metadata: ModelMetadata}> {
  const modelJson = path.join(dir, 'model.json');
  const metadataJson = path.join(dir, METADATA);
  for (const file of [modelJson, metadataJson]) {
    if (!fs.existsSync(file)) {
      throw new Error(`--model ${dir}: ${path.basename(file)} not found; expected a directory written by 'bayesian-cnn train' (its <out>/model)`);
    }
  }
  const metadata = JSON.parse(fs.readFileSync(metadataJson, 'utf8')) as ModelMetadata;
  const model = await tf.loadLayersModel(`file://${modelJson}`);
  return {model, metadata};
}

/** Normalises pixels in [0, 1] of shape [n, h, w, c] as the model was trained. */
export function normalize(images: tf.Tensor, metadata: ModelMetadata): tf.Tensor {
  return tf.tidy(() => tf.div(tf.sub(images, tf.tensor1d(metadata.normalization.mean)), tf.tensor1d(metadata.normalization.std)));
}
