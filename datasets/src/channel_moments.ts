import type {ImageSet} from './image_set';
import {asImageSource, isImageSet, pixelsPerImage} from './image_source';
import type {ImageSource} from './image_source';

/**
 * Per-channel mean and standard deviation of the pixels (in [0, 1]) of the first `limit`
 * examples (all by default), accumulated in float64 one chunk at a time; feed them to
 * `toDataset(..., {normalize})`.
 */
export function channelMoments(data: ImageSet | ImageSource, limit?: number): {mean: number[]; std: number[]} {
  const source = isImageSet(data) ? asImageSource(data) : data;
  const count = Math.min(limit ?? source.count, source.count);
  if (count < 1) {
    throw new Error(`channelMoments: needs at least one example, got limit ${limit} of ${source.count}`);
  }
  const channels = source.imageShape[2];
  const pixels = pixelsPerImage(source.imageShape);
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const chunk = 1024;
  const buffer = new Float32Array(chunk * pixels);
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    source.readPixels(Array.from({length: n}, (_, i) => start + i), buffer);
    for (let p = 0; p < n * pixels; p++) {
      const c = p % channels;
      sum[c] += buffer[p];
      sumSq[c] += buffer[p] * buffer[p];
    }
  }
  const perChannel = count * (pixels / channels);
  const mean = Array.from(sum, (s) => s / perChannel);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(0, s / perChannel - mean[c] * mean[c])));
  return {mean, std};
}
