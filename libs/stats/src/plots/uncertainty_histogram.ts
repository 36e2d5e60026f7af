import {VectorLike, readVector} from '../internal/arrays';
import {Axes, PALETTE, PlotOptions, finishFigure, newFigure, niceTicks} from './plot_frame';

/** One series of an uncertainty histogram, e.g. the predictive entropy of in-distribution inputs. */
export interface HistogramSeries {
  label: string;
  values: VectorLike;
  /** CSS colour; default from a colour-blind-safe palette. */
  color?: string;
}

/** Options of uncertaintyHistogram. */
export interface UncertaintyHistogramOptions extends PlotOptions {
  /** Number of equal-width bins over the range. Default 30. */
  numBins?: number;
  /** Range [lo, hi] of the bins. Default: the smallest and largest value over all series. */
  range?: [number, number];
  /** Normalise each series to unit area (comparable shapes for series of different sizes). Default true. */
  density?: boolean;
  /** Label of the x axis. Default 'Predictive entropy (nats)'. */
  xLabel?: string;
}

/** Parses a CSS hex colour #rgb / #rrggbb into an rgba() string with the given alpha; other colours are returned as is. */
function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!hex) return color;
  const h = hex[1].length === 3 ? hex[1].split('').map((c) => c + c).join('') : hex[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * Overlaid histograms of an uncertainty score for several groups of inputs (e.g. predictive
 * entropy or mutual information of in-distribution vs out-of-distribution inputs), with a shared
 * binning, translucent fills, outlines and a legend giving each group's size and mean. Returns
 * the PNG (also written to `options.path` when given).
 */
export function uncertaintyHistogram(series: HistogramSeries[], options: UncertaintyHistogramOptions = {}): Buffer {
  const fn = 'uncertaintyHistogram';
  if (!Array.isArray(series) || series.length === 0) {
    throw new Error(`${fn}: series must be a non-empty array of {label, values}, got ${JSON.stringify(series)}`);
  }
  const numBins = options.numBins ?? 30;
  if (!Number.isInteger(numBins) || numBins < 1) throw new Error(`${fn}: numBins is ${numBins}, expected a positive integer`);
  const data = series.map((s, i) => {
    const values = readVector(`${fn}: series[${i}] ('${s?.label}') values`, s.values);
    if (values.length === 0) throw new Error(`${fn}: series[${i}] ('${s.label}') has no values`);
    values.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`${fn}: series[${i}] ('${s.label}') value ${j} is ${v}, expected a finite number`);
    });
    return values;
  });
  let [lo, hi] = options.range ?? [Math.min(...data.map((d) => d.reduce((a, b) => Math.min(a, b)))), Math.max(...data.map((d) => d.reduce((a, b) => Math.max(a, b))))];
  if (options.range && !(options.range[1] > options.range[0])) {
    throw new Error(`${fn}: range is [${options.range.join(', ')}], expected [lo, hi] with lo < hi`);
  }
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const binWidth = (hi - lo) / numBins;
  const density = options.density ?? true;
  const heights = data.map((values) => {
    const counts = new Array<number>(numBins).fill(0);
    for (const v of values) {
      if (v < lo || v > hi) continue;
      counts[Math.min(numBins - 1, Math.floor((v - lo) / binWidth))]++;
    }
    return density ? counts.map((c) => c / (values.length * binWidth)) : counts;
  });
  const maxHeight = Math.max(...heights.flat(), 1e-12);

  const {canvas, ctx, width, height} = newFigure(fn, options, {width: 640, height: 480, title: 'Predictive uncertainty'});
  // Headroom above the tallest bar for the legend (one row per series).
  const headroom = 1.08 + 0.07 * series.length;
  const yTicks = niceTicks(0, maxHeight * headroom, 5);
  const yTop = Math.max(maxHeight * headroom, yTicks[yTicks.length - 1]);
  const xTicks = niceTicks(lo, hi, 6).filter((v) => v >= lo - 1e-12 && v <= hi + 1e-12);
  const axes = new Axes(ctx, {left: 76, top: 46, width: width - 76 - 24, height: height - 46 - 62}, [lo, hi], [0, yTop]);
  axes.grid(yTicks);
  heights.forEach((h, i) => {
    const color = series[i].color ?? PALETTE[i % PALETTE.length];
    h.forEach((v, m) => {
      if (v > 0) axes.box(lo + m * binWidth, 0, lo + (m + 1) * binWidth, v, withAlpha(color, 0.4));
    });
    // Step outline of the histogram, so overlapping fills stay readable.
    const xs: number[] = [lo];
    const ys: number[] = [0];
    h.forEach((v, m) => {
      xs.push(lo + m * binWidth, lo + (m + 1) * binWidth);
      ys.push(v, v);
    });
    xs.push(hi);
    ys.push(0);
    axes.line(xs, ys, color, {width: 1.5});
  });
  axes.frame(xTicks, yTicks);
  axes.labels(options.xLabel ?? 'Predictive entropy (nats)', density ? 'Density' : 'Count');
  axes.legend(series.map((s, i) => {
    const mean = data[i].reduce((a, b) => a + b, 0) / data[i].length;
    return {label: `${s.label} (n = ${data[i].length}, mean ${mean.toPrecision(3)})`, color: withAlpha(s.color ?? PALETTE[i % PALETTE.length], 0.55), kind: 'box' as const};
  }), 'top-right');
  return finishFigure(fn, canvas, options.path);
}
