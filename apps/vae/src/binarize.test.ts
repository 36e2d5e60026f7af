import test from 'ava';
import type {ImageSet} from '@tfjs-probability/datasets';
import {binarize, gather} from './binarize';

function greySet(levels: number[], count: number): ImageSet {
  const images = new Float32Array(levels.length * count);
  for (let i = 0; i < images.length; i++) images[i] = levels[i % levels.length];
  return {images, labels: new Int32Array(count), count, imageShape: [1, levels.length, 1], numClasses: 1, classNames: ['x']};
}

test('threshold binarization: 1 exactly where the grey level exceeds 0.5', (t) => {
  const set = greySet([0, 0.2, 0.5, 0.5001, 0.9, 1], 2);
  t.deepEqual(Array.from(binarize(set, 'threshold', 'train')), [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
});

test('sampled binarization is a fixed Bernoulli draw per pixel with p = grey level', (t) => {
  const levels = [0, 0.1, 0.5, 0.8, 1];
  const count = 4000;
  const set = greySet(levels, count);
  const a = binarize(set, 'sample', 'train');
  t.deepEqual(a, binarize(set, 'sample', 'train'), 'the same salt gives the same pixels');
  t.notDeepEqual(a, binarize(set, 'sample', 'test'), 'another salt gives another draw');
  t.true(a.every((v) => v === 0 || v === 1));
  levels.forEach((p, j) => {
    let ones = 0;
    for (let n = 0; n < count; n++) ones += a[n * levels.length + j];
    // Binomial(count, p) / count: 5 standard errors, exact for p in {0, 1}.
    const se = Math.sqrt((p * (1 - p)) / count);
    t.true(Math.abs(ones / count - p) <= 5 * se, `p = ${p}: frequency ${ones / count}`);
  });
});

test('gather copies the images at the indices and names a bad index', (t) => {
  const images = {pixels: Float32Array.from([1, 2, 3, 4, 5, 6]), count: 3, imageShape: [1, 2, 1] as [number, number, number]};
  t.deepEqual(Array.from(gather(images, [2, 0])), [5, 6, 1, 2]);
  t.throws(() => gather(images, [3]), {message: 'gather: index 3 is outside [0, 3)'});
  t.throws(() => binarize(greySet([0], 1), 'other' as never, 'x'), {message: /binarize: method must be one of sample, threshold; received 'other'/});
});
