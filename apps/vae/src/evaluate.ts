import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {DatasetName, loadDataset} from '@tfjs-probability/datasets';
import {BinaryImages, binarySplit, gather} from './binarize';
import {bounds} from './bounds';
import {Vae} from './model';
import {loadVae, VaeMetadata} from './saved_model';

export interface EvaluateOptions {
  modelDir: string;
  /** Default: the data set the model was trained on. */
  dataset?: DatasetName;
  dataDir?: string;
  /** k of the importance-weighted bound. */
  iwSamples: number;
  seed: number;
  /** Use only the first n test images. */
  limit?: number;
  /** The JSON file to write; default `<modelDir>/../evaluation.json`. */
  out?: string;
  log?: (line: string) => void;
}

/** Held-out bounds on -log p(x) in nats per image, with their standard errors over images. */
export interface Evaluation {
  dataset: string;
  binarization: string;
  examples: number;
  iwSamples: number;
  negativeElbo: number;
  negativeElboStdErr: number;
  negativeIwae: number;
  negativeIwaeStdErr: number;
}

/** Draws z_k of all images in a batch at once: batches hold about this many (image, draw) pairs. */
const PAIRS_PER_BATCH = 4000;

/** Mean -ELBO and -IWAE_k (with k draws per image) over `images`, and their standard errors. */
export function evaluateBounds(model: Vae, images: BinaryImages, iwSamples: number, seed: number): Omit<Evaluation, 'dataset' | 'binarization'> {
  const batchSize = Math.max(1, Math.floor(PAIRS_PER_BATCH / iwSamples));
  const acc = {elbo: 0, elbo2: 0, iwae: 0, iwae2: 0};
  for (let start = 0, batch = 0; start < images.count; start += batchSize, batch++) {
    const indices = Array.from({length: Math.min(batchSize, images.count - start)}, (_, i) => start + i);
    const x = tf.tensor4d(gather(images, indices), [indices.length, ...images.imageShape]);
    const b = bounds(model, x, iwSamples, seed + batch);
    const elbo = b.negativeElbo.dataSync();
    const iwae = b.negativeIwae.dataSync();
    tf.dispose([x, b.negativeElbo, b.negativeIwae]);
    for (let i = 0; i < indices.length; i++) {
      acc.elbo += elbo[i];
      acc.elbo2 += elbo[i] * elbo[i];
      acc.iwae += iwae[i];
      acc.iwae2 += iwae[i] * iwae[i];
    }
  }
  const n = images.count;
  const stdErr = (sum: number, sum2: number) => (n > 1 ? Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2) * (n / (n - 1)) / n) : 0);
  return {
    examples: n,
    iwSamples,
    negativeElbo: acc.elbo / n,
    negativeElboStdErr: stdErr(acc.elbo, acc.elbo2),
    negativeIwae: acc.iwae / n,
    negativeIwaeStdErr: stdErr(acc.iwae, acc.iwae2),
  };
}

/**
 * The test split of the model's data set (or `dataset`), binarized as in training; the files are
 * those trained on unless `dataDir` or another `dataset` is given.
 */
export function testImages(metadata: VaeMetadata, options: {dataset?: DatasetName; dataDir?: string; limit?: number}): BinaryImages {
  const dataset = options.dataset ?? (metadata.dataset as DatasetName);
  const dataDir = options.dataDir ?? (dataset === metadata.dataset ? metadata.dataDir ?? undefined : undefined);
  const {test} = loadDataset(dataset, {dataDir, limit: options.limit === undefined ? undefined : {test: options.limit}});
  const [h, w, c] = test.imageShape;
  if (JSON.stringify(test.imageShape) !== JSON.stringify(metadata.imageShape)) {
    throw new Error(`data set '${dataset}' has images of shape ${h}x${w}x${c}, but the model was trained on ${metadata.imageShape.join('x')}`);
  }
  return binarySplit(test, metadata.binarization, 'test');
}

/** Held-out -ELBO and -IWAE_k of a saved VAE, printed and written to JSON. */
export async function evaluateVae(options: EvaluateOptions): Promise<Evaluation> {
  const log = options.log ?? ((line: string) => console.log(line));
  const {model, metadata} = await loadVae(options.modelDir);
  try {
    const images = testImages(metadata, options);
    const evaluation: Evaluation = {
      dataset: options.dataset ?? metadata.dataset,
      binarization: metadata.binarization,
      ...evaluateBounds(model, images, options.iwSamples, options.seed),
    };
    const out = options.out ?? path.join(path.dirname(path.resolve(options.modelDir)), 'evaluation.json');
    fs.mkdirSync(path.dirname(out), {recursive: true});
    fs.writeFileSync(out, JSON.stringify(evaluation, null, 1));
    log(
      `${evaluation.dataset} test (${evaluation.examples} images, ${evaluation.binarization} binarization): ` +
        `-ELBO ${evaluation.negativeElbo.toFixed(2)} ± ${evaluation.negativeElboStdErr.toFixed(2)} nats, ` +
        `-IWAE(k=${evaluation.iwSamples}) ${evaluation.negativeIwae.toFixed(2)} ± ${evaluation.negativeIwaeStdErr.toFixed(2)} nats; written to ${out}`,
    );
    return evaluation;
  } finally {
    model.vae.dispose();
  }
}
