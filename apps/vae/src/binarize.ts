import seedrandom from 'seedrandom';
import type {ImageSet} from '@tfjs-probability/datasets';

/** How grey levels in [0, 1] become binary pixels. */
export const BINARIZATIONS = ['sample', 'threshold'] as const;
export type Binarization = (typeof BINARIZATIONS)[number];

/**
 * Binary pixels of `set`. 'sample': one fixed Bernoulli draw per pixel, x = 1 with probability equal
 * to the grey level, from an alea stream seeded by `salt` (the same pixels every run, as the
 * stochastically binarized MNIST of Salakhutdinov & Murray 2008). 'threshold': x = 1 where the grey
 * level is > 0.5.
 */
export function binarize(set: ImageSet, method: Binarization, salt: string): Float32Array {
  const out = new Float32Array(set.images.length);
  switch (method) {
    case 'sample': {
      const random = seedrandom.alea(`binarize:${salt}`);
      for (let i = 0; i < out.length; i++) out[i] = random() < set.images[i] ? 1 : 0;
      return out;
    }
    case 'threshold':
      for (let i = 0; i < out.length; i++) out[i] = set.images[i] > 0.5 ? 1 : 0;
      return out;
    default:
      throw new Error(`binarize: method must be one of ${BINARIZATIONS.join(', ')}; received '${String(method)}'`);
  }
}

/** Binary images of one split, flat NHWC. */
export interface BinaryImages {
  pixels: Float32Array;
  count: number;
  imageShape: [number, number, number];
}

/** The binarized split, `salt` naming it ('train', 'test') so that each split has its own fixed draw. */
export function binarySplit(set: ImageSet, method: Binarization, salt: string): BinaryImages {
  return {pixels: binarize(set, method, salt), count: set.count, imageShape: set.imageShape};
}

/** The images at `indices` as one [b, h, w, c] tensor. */
export function gather(images: BinaryImages, indices: ArrayLike<number>): Float32Array {
  const size = images.imageShape[0] * images.imageShape[1] * images.imageShape[2];
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= images.count) {
      throw new Error(`gather: index ${j} is outside [0, ${images.count})`);
    }
    out.set(images.pixels.subarray(j * size, (j + 1) * size), i * size);
  }
  return out;
}
