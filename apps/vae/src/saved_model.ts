import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {EpochRecord} from './train_record';
import type {Binarization} from './binarize';
import {registerPrior, splitVae, Vae} from './model';

/** What `evaluate`, `sample` and `reconstruct` need to know about a trained VAE, saved beside it. */
export interface VaeMetadata {
  dataset: string;
  /** The data directory trained on (absolute), the default of evaluate and reconstruct; null for the default files. */
  dataDir: string | null;
  imageShape: [number, number, number];
  latentDim: number;
  hiddenUnits: number[];
  binarization: Binarization;
  trainExamples: number;
  history: EpochRecord[];
}

const METADATA = 'metadata.json';

/** Saves the VAE (model.json + weights.bin) and its metadata (written to a temporary file and renamed) in `dir`. */
export async function saveVae(vae: tf.LayersModel, metadata: VaeMetadata, dir: string): Promise<void> {
  fs.mkdirSync(dir, {recursive: true});
  await vae.save(`file://${dir}`);
  const tmp = path.join(dir, `${METADATA}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(metadata, null, 1));
  fs.renameSync(tmp, path.join(dir, METADATA));
}

/** Loads a VAE saved by `train` (its `<out>/model`), with its encoder and decoder. */
export async function loadVae(dir: string): Promise<{model: Vae; metadata: VaeMetadata}> {
  const modelJson = path.join(dir, 'model.json');
  const metadataJson = path.join(dir, METADATA);
  for (const file of [modelJson, metadataJson]) {
    if (!fs.existsSync(file)) {
      throw new Error(`--model ${dir}: ${path.basename(file)} not found; expected a directory written by 'vae train' (its <out>/model)`);
    }
  }
  const metadata = JSON.parse(fs.readFileSync(metadataJson, 'utf8')) as VaeMetadata;
  registerPrior(metadata.latentDim);
  const vae = await tf.loadLayersModel(`file://${modelJson}`);
  return {model: splitVae(vae), metadata};
}
