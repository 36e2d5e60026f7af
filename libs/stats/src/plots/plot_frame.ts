import * as fs from 'fs';
import * as path from 'path';
import {Canvas, SKRSContext2D, createCanvas} from '@napi-rs/canvas';

/** Options shared by the plots. */
export interface PlotOptions {
  /** Image width in pixels. Default 640. */
  width?: number;
  /** Image height in pixels. Default 480 (640 for the reliability diagram). */
  height?: number;
  /** Title drawn above the plot (each plot has a default). */
  title?: string;
  /** Also write the PNG to this file (written to a temporary file, then renamed). */
  path?: string;
}

/** A legend entry: a filled box (for bars), a hatched box, or a line (solid or dashed). */
export interface LegendEntry {
  label: string;
  color: string;
  kind: 'box' | 'hatched' | 'line' | 'dashed';
}

/** Colour-blind-safe palette (Okabe and Ito 2008), in the order series get it. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export const BACKGROUND = '#ffffff';
const AXIS_COLOR = '#222222';
const GRID_COLOR = '#e6e6e6';
const FONT_FAMILY = 'sans-serif';

/** A rectangle in pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * "Nice" tick values covering [lo, hi]: multiples of 1, 2 or 5 times a power of ten, about
 * `count` of them.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return ticks;
}

/** Formats tick values with as many decimals as their spacing needs. */
export function formatTicks(ticks: number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((v) => v.toFixed(decimals));
}

/** Checks a positive integer size option. */
function checkSize(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 100 || value > 8192) {
    throw new Error(`${fn}: ${name} is ${value}, expected an integer number of pixels in [100, 8192]`);
  }
}

/** Axes: a data rectangle with x and y ranges mapped to a pixel rectangle. */
export class Axes {
  constructor(
    readonly ctx: SKRSContext2D,
    readonly rect: Rect,
    readonly xRange: [number, number],
    readonly yRange: [number, number],
  ) {}

  x(v: number): number {
    const [lo, hi] = this.xRange;
    return this.rect.left + ((v - lo) / (hi - lo)) * this.rect.width;
  }

  y(v: number): number {
    const [lo, hi] = this.yRange;
    return this.rect.top + this.rect.height - ((v - lo) / (hi - lo)) * this.rect.height;
  }

  /** Light horizontal grid lines at the y ticks. */
  grid(yTicks: number[]): void {
    const {ctx, rect} = this;
    ctx.save();
    ctx.strokeStyle = GRID_COLOR;
    ctx.lineWidth = 1;
    for (const v of yTicks) {
      const py = Math.round(this.y(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(rect.left, py);
      ctx.lineTo(rect.left + rect.width, py);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** The frame, tick marks and tick labels; x tick labels only when `xTicks` is given. */
  frame(xTicks: number[] | null, yTicks: number[]): void {
    const {ctx, rect} = this;
    ctx.save();
    ctx.strokeStyle = AXIS_COLOR;
    ctx.fillStyle = AXIS_COLOR;
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(rect.left) + 0.5, Math.round(rect.top) + 0.5, Math.round(rect.width), Math.round(rect.height));
    ctx.font = `12px ${FONT_FAMILY}`;
    const bottom = rect.top + rect.height;
    if (xTicks) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      formatTicks(xTicks).forEach((label, i) => {
        const px = Math.round(this.x(xTicks[i])) + 0.5;
        ctx.beginPath();
        ctx.moveTo(px, bottom);
        ctx.lineTo(px, bottom + 5);
        ctx.stroke();
        ctx.fillText(label, px, bottom + 7);
      });
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    formatTicks(yTicks).forEach((label, i) => {
      const py = Math.round(this.y(yTicks[i])) + 0.5;
      ctx.beginPath();
      ctx.moveTo(rect.left - 5, py);
      ctx.lineTo(rect.left, py);
      ctx.stroke();
      ctx.fillText(label, rect.left - 7, py);
    });
    ctx.restore();
  }

  /** Axis titles: below the x tick labels and rotated left of the y tick labels. */
  labels(xLabel: string | null, yLabel: string | null): void {
    const {ctx, rect} = this;
    ctx.save();
    ctx.fillStyle = AXIS_COLOR;
    ctx.font = `13px ${FONT_FAMILY}`;
    if (xLabel) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(xLabel, rect.left + rect.width / 2, rect.top + rect.height + 26);
    }
    if (yLabel) {
      ctx.translate(rect.left - 48, rect.top + rect.height / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(yLabel, 0, 0);
    }
    ctx.restore();
  }

  /** A filled rectangle between data coordinates (x0, y0) and (x1, y1), optionally outlined. */
  box(x0: number, y0: number, x1: number, y1: number, fill: string, stroke?: string): void {
    const {ctx} = this;
    const left = this.x(Math.min(x0, x1));
    const right = this.x(Math.max(x0, x1));
    const top = this.y(Math.max(y0, y1));
    const bottom = this.y(Math.min(y0, y1));
    ctx.fillStyle = fill;
    ctx.fillRect(left, top, right - left, bottom - top);
    if (stroke) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1;
      ctx.strokeRect(left, top, right - left, bottom - top);
    }
  }

  /**
   * A box between data coordinates hatched with diagonal lines and outlined: stays readable
   * when it lies over a filled bar.
   */
  hatchedBox(x0: number, y0: number, x1: number, y1: number, color: string): void {
    const {ctx} = this;
    const left = this.x(Math.min(x0, x1));
    const right = this.x(Math.max(x0, x1));
    const top = this.y(Math.max(y0, y1));
    const bottom = this.y(Math.min(y0, y1));
    hatch(ctx, left, top, right - left, bottom - top, color);
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(left, top, right - left, bottom - top);
    ctx.restore();
  }

  /** A polyline through data points. */
  line(xs: number[], ys: number[], color: string, options: {width?: number; dashed?: boolean} = {}): void {
    const {ctx} = this;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = options.width ?? 1.5;
    if (options.dashed) ctx.setLineDash([6, 4]);
    ctx.beginPath();
    xs.forEach((v, i) => (i === 0 ? ctx.moveTo(this.x(v), this.y(ys[i])) : ctx.lineTo(this.x(v), this.y(ys[i]))));
    ctx.stroke();
    ctx.restore();
  }

  /** A legend box inside the axes at the top-left (or top-right) corner. */
  legend(entries: LegendEntry[], corner: 'top-left' | 'top-right' = 'top-left'): void {
    const {ctx, rect} = this;
    ctx.save();
    ctx.font = `12px ${FONT_FAMILY}`;
    const rowHeight = 18;
    const textWidth = Math.max(40, ...entries.map((e) => ctx.measureText(e.label).width || 0));
    const width = 8 + 22 + 6 + textWidth + 8;
    const height = 6 + rowHeight * entries.length + 2;
    const left = corner === 'top-left' ? rect.left + 8 : rect.left + rect.width - 8 - width;
    const top = rect.top + 8;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.strokeStyle = '#bbbbbb';
    ctx.lineWidth = 1;
    ctx.fillRect(left, top, width, height);
    ctx.strokeRect(left + 0.5, top + 0.5, width, height);
    entries.forEach((e, i) => {
      const cy = top + 6 + rowHeight * i + rowHeight / 2 - 2;
      if (e.kind === 'box') {
        ctx.fillStyle = e.color;
        ctx.fillRect(left + 8, cy - 6, 22, 12);
      } else if (e.kind === 'hatched') {
        hatch(ctx, left + 8, cy - 6, 22, 12, e.color);
        ctx.strokeStyle = e.color;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(left + 8, cy - 6, 22, 12);
      } else {
        ctx.strokeStyle = e.color;
        ctx.lineWidth = 2;
        ctx.setLineDash(e.kind === 'dashed' ? [6, 4] : []);
        ctx.beginPath();
        ctx.moveTo(left + 8, cy);
        ctx.lineTo(left + 30, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = AXIS_COLOR;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(e.label, left + 36, cy);
    });
    ctx.restore();
  }
}

const HATCH_SPACING = 7;

/** Diagonal hatching (45 degrees, HATCH_SPACING px apart) clipped to a pixel rectangle. */
function hatch(ctx: SKRSContext2D, left: number, top: number, width: number, height: number, color: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let d = -height; d < width; d += HATCH_SPACING) {
    ctx.moveTo(left + d, top + height);
    ctx.lineTo(left + d + height, top);
  }
  ctx.stroke();
  ctx.restore();
}

/** A white canvas of the requested size with a centred title; `fn` names the plot in errors. */
export function newFigure(fn: string, options: PlotOptions, defaults: {width: number; height: number; title: string}): {canvas: Canvas; ctx: SKRSContext2D; width: number; height: number} {
  const width = options.width ?? defaults.width;
  const height = options.height ?? defaults.height;
  checkSize(fn, 'width', width);
  checkSize(fn, 'height', height);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = AXIS_COLOR;
  ctx.font = `bold 15px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(options.title ?? defaults.title, width / 2, 14);
  return {canvas, ctx, width, height};
}

/** Encodes the canvas as PNG and, when `file` is given, writes it atomically (temporary file, then rename). */
export function finishFigure(fn: string, canvas: Canvas, file: string | undefined): Buffer {
  const png = canvas.toBuffer('image/png');
  if (file !== undefined) {
    if (typeof file !== 'string' || file.length === 0) throw new Error(`${fn}: path is ${JSON.stringify(file)}, expected a file name`);
    const target = path.resolve(file);
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(temporary, png);
      fs.renameSync(temporary, target);
    } catch (e) {
      fs.rmSync(temporary, {force: true});
      throw new Error(`${fn}: could not write the PNG to ${target}: ${(e as Error).message}`);
    }
  }
  return png;
}
