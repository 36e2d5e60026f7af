import test from 'ava';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {calibrationBins, calibrationBinsFromConfidences} from '../calibration';
import {reliabilityDiagram} from './reliability_diagram';
import {countNonWhite, near, pixel, pixelsAround, pngPixels, pngSize} from './png_test_util';
import fixture from '../__fixtures__/metrics.json';

test('reliabilityDiagram draws a valid PNG of the requested size with bars, gaps and the count strip', async (t) => {
  // 10 examples at confidence 0.6 all correct (bin (0.5, 0.75]) and 10 at 0.9 half correct (bin (0.75, 1]).
  const conf = [...new Array(10).fill(0.6), ...new Array(10).fill(0.9)];
  const correct = [...new Array(10).fill(1), ...new Array(5).fill(1), ...new Array(5).fill(0)];
  const bins = calibrationBinsFromConfidences(conf, correct, {numBins: 4});
  const png = reliabilityDiagram(bins);
  t.deepEqual(pngSize(t, png), {width: 640, height: 640});
  const img = await pngPixels(png);
  t.true(countNonWhite(img) > 20000, 'bars, axes and text differ from the background');
  // Layout at 640 x 640: axes span x in [76, 616]; the main panel y in [46, 458] (412 px), the
  // count strip y in [472, 578] (106 px).
  const x = (v: number) => 76 + v * 540;
  const yMain = (v: number) => 46 + 412 * (1 - v);
  const yStrip = (v: number) => 578 - 106 * (v / 0.5);
  // The gap is hatched with #D55E00 lines 7 px apart: a 15 x 15 window inside it holds hatch
  // pixels and the colour beneath (white over an empty region, the bar where accuracy exceeds
  // confidence).
  const orange = ([r, g, b]: number[]) => r > 180 && b < 90 && g < 140;
  const blue = ([r, g, b]: number[]) => r < 80 && b > 180;
  const white = ([r, g, b]: number[]) => r === 255 && g === 255 && b === 255;
  near(t, pixel(img, x(0.62), yMain(0.3)), [64, 149, 197], 'accuracy bar of bin 2 (rgba(0,114,178,0.75) on white)');
  const overBar = pixelsAround(img, x(0.62), yMain(0.8), 7);
  t.true(overBar.some(orange) && overBar.some(blue) && !overBar.some(white), 'bin 2: hatched gap over the bar between confidence 0.6 and accuracy 1');
  const overWhite = pixelsAround(img, x(0.82), yMain(0.7), 7);
  t.true(overWhite.some(orange) && overWhite.some(white) && !overWhite.some(blue), 'bin 3: hatched gap between accuracy 0.5 and confidence 0.9');
  near(t, pixel(img, x(0.82), yMain(0.3)), [64, 149, 197], 'accuracy bar of bin 3 below 0.5');
  near(t, pixel(img, x(0.82), yMain(0.95)), [255, 255, 255], 'nothing above the mean confidence of bin 3');
  near(t, pixel(img, x(0.12), yMain(0.7)), [255, 255, 255], 'empty bin 0 has no bar');
  near(t, pixel(img, x(0.6), yStrip(0.25)), [140, 140, 140], 'count strip: half the examples in bin 2');
  near(t, pixel(img, x(0.1), yStrip(0.25)), [255, 255, 255], 'count strip: empty bin 0');
});

test('reliabilityDiagram writes the same bytes to a path atomically, and honours size and title', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-reliability-'));
  try {
    const file = path.join(dir, 'reliability.png');
    const bins = calibrationBins(fixture.multiclass.probs, fixture.multiclass.labels, {numBins: 10});
    const png = reliabilityDiagram(bins, {path: file, width: 400, height: 300, title: 'Test model'});
    t.deepEqual(fs.readFileSync(file), png);
    t.deepEqual(fs.readdirSync(dir), ['reliability.png'], 'no temporary file is left');
    t.deepEqual(pngSize(t, png), {width: 400, height: 300});
    t.throws(() => reliabilityDiagram(bins, {path: path.join(dir, 'missing', 'x.png')}),
      {message: /reliabilityDiagram: could not write the PNG to .*missing.x\.png/});
    t.throws(() => reliabilityDiagram(bins, {width: 10}), {message: /reliabilityDiagram: width is 10, expected an integer number of pixels in \[100, 8192\]/});
    t.throws(() => reliabilityDiagram({numBins: 3} as never), {message: /reliabilityDiagram: bins must come from calibrationBins/});
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
});
