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
 * `vae reconstruct`: the first n test images (binarized as in training) and their reconstructions,
 * in pairs of rows: a row of `columns` originals, then the row of their reconstructions.
 */
export async function writeReconstructionGrid(options: GridOptions): Promise<{width: number; height: number}> {
  checkCount(options.n, options.columns);
  const {model, metadata} = await loadVae(options.modelDir);
  try {
    const images = testImages(metadata, {dataset: options.dataset, dataDir: options.dataDir, limit: options.n});
    const n = images.count;
    const [h, w, c] = metadata.imageShape;
    const size = h * w * c;
    const x = tf.tensor4d(images.pixels, [n, h, w, c]);
    const recon = reconstructImages(model, x);
    x.dispose();
    const rows = Math.ceil(n / options.columns);
    const cells = new Float32Array(2 * rows * options.columns * size);
    const blank = new Float32Array(size).fill(1);
    for (let r = 0; r < rows; r++) {
      for (let col = 0; col < options.columns; col++) {
        const i = r * options.columns + col;
        const top = (2 * r * options.columns + col) * size;
        const bottom = ((2 * r + 1) * options.columns + col) * size;
        cells.set(i < n ? gather(images, [i]) : blank, top);
        cells.set(i < n ? recon.subarray(i * size, (i + 1) * size) : blank, bottom);
      }
    }
    return writeImageGrid(options.out, cells, 2 * rows * options.columns, h, w, options.columns);
  } finally {
    model.vae.dispose();
  }
}
