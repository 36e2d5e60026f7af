import {createCanvas} from '@napi-rs/canvas';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes grey-scale images (values in [0, 1], flat [n, height, width]) as one PNG grid of `columns`
 * columns, each image scaled up by `scale`, with a 1-pixel white border between cells. Returns
 * the grid's size in pixels.
 */
export function writeImageGrid(
  file: string,
  images: Float32Array,
  n: number,
  height: number,
  width: number,
  columns: number,
  scale = 2,
): {width: number; height: number} {
  if (images.length !== n * height * width) {
    throw new Error(`writeImageGrid: expected ${n}x${height}x${width} = ${n * height * width} values; received ${images.length}`);
  }
  const rows = Math.ceil(n / columns);
  const cellW = width * scale + 1;
  const cellH = height * scale + 1;
  const gridW = columns * cellW + 1;
  const gridH = rows * cellH + 1;
  const canvas = createCanvas(gridW, gridH);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(gridW, gridH);
  data.data.fill(255);
  for (let k = 0; k < n; k++) {
    const x0 = 1 + (k % columns) * cellW;
    const y0 = 1 + Math.floor(k / columns) * cellH;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const v = images[k * height * width + Math.floor(y / scale) * width + Math.floor(x / scale)];
        const grey = Math.round(255 * Math.min(1, Math.max(0, v)));
        const p = 4 * ((y0 + y) * gridW + x0 + x);
        data.data[p] = grey;
        data.data[p + 1] = grey;
        data.data[p + 2] = grey;
      }
    }
  }
  ctx.putImageData(data, 0, 0);
  fs.mkdirSync(path.dirname(path.resolve(file)), {recursive: true});
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, canvas.toBuffer('image/png'));
  fs.renameSync(tmp, file);
  return {width: gridW, height: gridH};
}
