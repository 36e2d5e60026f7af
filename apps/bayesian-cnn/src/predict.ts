import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import {createCanvas, loadImage} from '@napi-rs/canvas';
import {mcClassify} from '@tfjs-probability/stats';
import {restoreGlobalRandom, seedGlobalRandom} from './global_random';
import {loadTrainedModel, ModelMetadata, normalize} from './saved_model';

export interface PredictOptions {
  modelDir: string;
  images: string[];
  mcSamples: number;
  seed: number;
  /**
   * 'auto' inverts grey-scale images whose mean is above 0.5 (dark strokes on a light page) to
   * the light-on-dark look of MNIST and Fashion-MNIST; 'always' and 'never' force it.
   */
  invert: 'auto' | 'always' | 'never';
  log?: (line: string) => void;
}

export interface Prediction {
  image: string;
  predictedClass: string;
  probability: number;
  /** Class name -> predictive probability. */
  probabilities: Record<string, number>;
  totalEntropy: number;
  expectedEntropy: number;
  mutualInformation: number;
}

/** Decodes an image file and resizes it to the model's input: pixels in [0, 1], shape [h, w, c]. */
export async function readImage(file: string, metadata: ModelMetadata, invert: PredictOptions['invert']): Promise<Float32Array> {
  if (!fs.existsSync(file)) {
    throw new Error(`image ${file} not found`);
  }
  let image;
  try {
    image = await loadImage(fs.readFileSync(file));
  } catch (error) {
    throw new Error(`image ${file} could not be decoded (PNG, JPEG, WebP, GIF or BMP expected): ${(error as Error).message}`);
  }
  const [height, width, channels] = metadata.imageShape;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const pixels = new Float32Array(height * width * channels);
  for (let i = 0; i < height * width; i++) {
    const [r, g, b, a] = [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3] / 255];
    // Transparent pixels count as background (black).
    if (channels === 1) {
      pixels[i] = (a * (0.299 * r + 0.587 * g + 0.114 * b)) / 255;
    } else {
      pixels[3 * i] = (a * r) / 255;
      pixels[3 * i + 1] = (a * g) / 255;
      pixels[3 * i + 2] = (a * b) / 255;
    }
  }
  const meanLevel = pixels.reduce((s, v) => s + v, 0) / pixels.length;
  if (channels === 1 && (invert === 'always' || (invert === 'auto' && meanLevel > 0.5))) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = 1 - pixels[i];
  }
  return pixels;
}

/** Class probabilities and their uncertainty (T Monte Carlo passes) for the user's own images. */
export async function predictImages(options: PredictOptions): Promise<Prediction[]> {
  if (options.images.length === 0) {
    throw new Error('predict: give at least one image file');
  }
  seedGlobalRandom(options.seed);
  const {model, metadata} = await loadTrainedModel(options.modelDir);
  try {
    const pixels = await Promise.all(options.images.map((file) => readImage(file, metadata, options.invert)));
    const size = pixels[0].length;
    const batch = new Float32Array(size * pixels.length);
    pixels.forEach((p, i) => batch.set(p, i * size));
    const images = tf.tensor4d(batch, [pixels.length, ...metadata.imageShape]);
    const inputs = normalize(images, metadata);
    images.dispose();
    const u = mcClassify(model, inputs, {numSamples: options.mcSamples, fromLogits: true});
    inputs.dispose();
    const [probs, total, expected, mi] = await Promise.all([u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation].map((t) => t.data()));
    tf.dispose([u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation]);
    const k = metadata.numClasses;
    return options.images.map((image, i) => {
      const row = Array.from(probs.subarray(i * k, (i + 1) * k));
      const best = row.indexOf(Math.max(...row));
      return {
        image,
        predictedClass: metadata.classNames[best],
        probability: row[best],
        probabilities: Object.fromEntries(metadata.classNames.map((name, c) => [name, row[c]])),
        totalEntropy: total[i],
        expectedEntropy: expected[i],
        mutualInformation: mi[i],
      };
    });
  } finally {
    model.dispose();
    restoreGlobalRandom();
  }
}
