import test from 'ava';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {uncertaintyHistogram} from './uncertainty_histogram';
import {countNonWhite, near, pixel, pngPixels, pngSize} from './png_test_util';

test.before(async () => {
  await init();
});

test('uncertaintyHistogram overlays the series with a shared binning, from arrays and tensors', async (t) => {
  const ood = tf.tensor1d([2.1, 2.5, 2.9]);
  const before = tf.memory().numTensors;
  const png = uncertaintyHistogram(
    [{label: 'In-distribution', values: [0.2, 0.3, 0.5, 0.9]}, {label: 'OOD', values: ood}],
    {numBins: 3, range: [0, 3], density: false, xLabel: 'Entropy'},
  );
  t.is(tf.memory().numTensors, before);
  ood.dispose();
  t.deepEqual(pngSize(t, png), {width: 640, height: 480});
  const img = await pngPixels(png);
  t.true(countNonWhite(img) > 10000);
  // Layout at 640 x 480: axes x in [76, 616] for [0, 3]; y in [46, 418] for counts [0, 4 * 1.22]
  // (headroom 1.08 + 0.07 per series above the tallest bar, 4).
  const x = (v: number) => 76 + (v / 3) * 540;
  const y = (v: number) => 418 - (v / 4.88) * 372;
  near(t, pixel(img, x(0.5), y(1.5)), [153, 199, 224], 'first series (#0072B2 at alpha 0.4) in bin [0, 1)');
  near(t, pixel(img, x(0.5), y(3.5)), [153, 199, 224], 'first series reaches a count of 4');
  near(t, pixel(img, x(0.5), y(4.3)), [255, 255, 255], 'and not beyond');
  near(t, pixel(img, x(2.5), y(1.5)), [245, 217, 153], 'second series (#E69F00 at alpha 0.4) in bin [2, 3]');
  near(t, pixel(img, x(2.5), y(3.5)), [255, 255, 255], 'second series stops at a count of 3');
  near(t, pixel(img, x(1.5), y(1.5)), [255, 255, 255], 'empty middle bin');
});

test('uncertaintyHistogram density mode: each series has unit area; overlapping fills blend', async (t) => {
  // Both series fill the one bin [0, 1]: height 1 each; colours blend where they overlap.
  const png = uncertaintyHistogram(
    [{label: 'a', values: [0.5, 0.5], color: '#ff0000'}, {label: 'b', values: [0.25, 0.75, 1], color: '#0000ff'}],
    {numBins: 1, range: [0, 1], width: 300, height: 200, title: 'Blend'},
  );
  const img = await pngPixels(png);
  t.deepEqual({width: img.width, height: img.height}, {width: 300, height: 200});
  // Axes: x in [76, 276], y in [46, 138] for [0, 1.22] (ticks up to 1.2).
  const yMid = 138 - (0.3 / 1.22) * 92; // between the grid lines at 0 and 0.5
  // Red at alpha 0.4 on white is (255, 153, 153); then blue at alpha 0.4: (153, 92, 194).
  near(t, pixel(img, 120, yMid), [153, 92, 194], 'red then blue overlay');
});

test('uncertaintyHistogram handles a constant series and rejects bad series with clear errors', (t) => {
  const png = uncertaintyHistogram([{label: 'constant', values: [1, 1, 1]}]);
  t.deepEqual(pngSize(t, png), {width: 640, height: 480});
  t.throws(() => uncertaintyHistogram([]), {message: /uncertaintyHistogram: series must be a non-empty array/});
  t.throws(() => uncertaintyHistogram([{label: 'x', values: [1, NaN]}]), {message: /series\[0\] \('x'\) value 1 is NaN, expected a finite number/});
  t.throws(() => uncertaintyHistogram([{label: 'x', values: []}]), {message: /series\[0\] \('x'\) has no values/});
  t.throws(() => uncertaintyHistogram([{label: 'x', values: [1]}], {range: [2, 1]}), {message: /range is \[2, 1\], expected \[lo, hi\] with lo < hi/});
  t.throws(() => uncertaintyHistogram([{label: 'x', values: [1]}], {numBins: 0}), {message: /numBins is 0/});
});

test('uncertaintyHistogram writes the PNG to a path', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-histogram-'));
  try {
    const file = path.join(dir, 'entropy.png');
    const png = uncertaintyHistogram([{label: 'x', values: [0.1, 0.2, 0.4]}], {path: file});
    t.deepEqual(fs.readFileSync(file), png);
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
});
