import type {ExecutionContext} from 'ava';
import {createCanvas, loadImage} from '@napi-rs/canvas';

/** Width and height from a PNG's signature and IHDR chunk (PNG spec, section 11.2.2). */
export function pngSize(t: ExecutionContext, png: Buffer): {width: number; height: number} {
  t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  t.is(png.toString('latin1', 12, 16), 'IHDR', 'first chunk is IHDR');
  return {width: png.readUInt32BE(16), height: png.readUInt32BE(20)};
}

/** Decodes the PNG and returns its RGBA pixels. */
export async function pngPixels(png: Buffer): Promise<{width: number; height: number; rgba: Uint8ClampedArray}> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {width: image.width, height: image.height, rgba: ctx.getImageData(0, 0, image.width, image.height).data};
}

/** The [r, g, b] of pixel (x, y). */
export function pixel(img: {width: number; rgba: Uint8ClampedArray}, x: number, y: number): number[] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]];
}

/** Number of pixels that are not the white background. */
export function countNonWhite(img: {rgba: Uint8ClampedArray}): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    if (img.rgba[i] !== 255 || img.rgba[i + 1] !== 255 || img.rgba[i + 2] !== 255) n++;
  }
  return n;
}

/** The [r, g, b] of every pixel in the square of half-size `radius` around (x, y). */
export function pixelsAround(img: {width: number; rgba: Uint8ClampedArray}, x: number, y: number, radius: number): number[][] {
  const out: number[][] = [];
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) out.push(pixel(img, x + dx, y + dy));
  }
  return out;
}

/** Asserts an rgb pixel within 3 levels per channel: interior pixels of flat fills are exact up to Skia's alpha-blending rounding. */
export function near(t: ExecutionContext, got: number[], want: number[], what: string): void {
  t.true(got.every((v, i) => Math.abs(v - want[i]) <= 3), `${what}: got rgb(${got}), want rgb(${want})`);
}
