import test from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {createCanvas, loadImage} from '@napi-rs/canvas';
import {scratchDir} from '@tfjs-probability/datasets/testing';
import {writeImageGrid} from './grid';

test('writeImageGrid lays images out row-major, scaled, with white borders, as grey levels', async (t) => {
  // Three 2x3 images: a constant 0 (black), a constant 1 (white) and a 0..1 ramp along x.
  const ramp = [0, 0.5, 1, 0, 0.5, 1];
  const images = Float32Array.from([...new Array(6).fill(0), ...new Array(6).fill(1), ...ramp]);
  const file = path.join(scratchDir('vae-grid'), 'grid.png');
  const size = writeImageGrid(file, images, 3, 2, 3, 2, 2);
  // 2 columns of (3*2 + 1) pixels + 1, 2 rows of (2*2 + 1) + 1.
  t.deepEqual(size, {width: 15, height: 11});
  const image = await loadImage(fs.readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
  const grey = (x: number, y: number) => pixels[4 * (y * image.width + x)];
  t.is(grey(0, 0), 255, 'border');
  t.is(grey(1, 1), 0, 'image 0');
  t.is(grey(6, 4), 0, 'image 0, last scaled pixel');
  t.is(grey(7, 1), 255, 'border between columns');
  t.is(grey(8, 1), 255, 'image 1 is white');
  // Image 2 (row 1, column 0) starts at (1, 6); its middle column (x = 1) covers pixels 3-4.
  t.deepEqual([grey(1, 6), grey(3, 6), grey(5, 7)], [0, Math.round(0.5 * 255), 255]);
  t.is(grey(10, 8), 255, 'the empty last cell stays white');
  t.throws(() => writeImageGrid(file, new Float32Array(5), 1, 2, 3, 1), {message: 'writeImageGrid: expected 1x2x3 = 6 values; received 5'});
});
