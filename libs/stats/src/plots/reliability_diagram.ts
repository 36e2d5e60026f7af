import {CalibrationBins} from '../calibration';
import {Axes, LegendEntry, PALETTE, PlotOptions, finishFigure, newFigure, niceTicks} from './plot_frame';

const ACCURACY_FILL = 'rgba(0, 114, 178, 0.75)';
const GAP_COLOR = '#D55E00';
const COUNT_FILL = '#8c8c8c';

function checkBins(fn: string, bins: CalibrationBins): void {
  const ok = bins != null && Number.isInteger(bins.numBins) && bins.numBins >= 1 &&
    bins.edges?.length === bins.numBins + 1 && bins.counts?.length === bins.numBins &&
    bins.accuracy?.length === bins.numBins && bins.meanConfidence?.length === bins.numBins;
  if (!ok) {
    throw new Error(`${fn}: bins must come from calibrationBins (numBins, edges of length numBins + 1, counts, accuracy and meanConfidence of length numBins)`);
  }
}

/**
 * Reliability diagram (DeGroot and Fienberg 1983; Guo et al. 2017) of top-label calibration bins:
 * per confidence bin, a bar up to the fraction correct, the gap to the bin's mean confidence
 * hatched, the diagonal of perfect calibration, and below it the fraction of examples per bin;
 * the ECE is in the title. Returns the PNG (also written to `options.path` when given).
 */
export function reliabilityDiagram(bins: CalibrationBins, options: PlotOptions = {}): Buffer {
  const fn = 'reliabilityDiagram';
  checkBins(fn, bins);
  const summary = `ECE = ${bins.ece.toFixed(4)}, ${bins.numBins} bins, N = ${bins.numExamples}`;
  const title = `${options.title ?? 'Reliability diagram'} (${summary})`;
  const {canvas, ctx, width, height} = newFigure(fn, {...options, title}, {width: 640, height: 640, title});
  const left = 76;
  const right = width - 24;
  const top = 46;
  const bottom = height - 62;
  const stripHeight = Math.round((bottom - top) * 0.2);
  const gap = 14;
  const main = new Axes(ctx, {left, top, width: right - left, height: bottom - top - stripHeight - gap}, [0, 1], [0, 1]);
  const unitTicks = niceTicks(0, 1, 5);
  main.grid(unitTicks);
  bins.counts.forEach((n, m) => {
    if (n === 0) return;
    const [x0, x1] = [bins.edges[m], bins.edges[m + 1]];
    main.box(x0, 0, x1, bins.accuracy[m], ACCURACY_FILL, PALETTE[0]);
    main.hatchedBox(x0, bins.accuracy[m], x1, bins.meanConfidence[m], GAP_COLOR);
  });
  main.line([0, 1], [0, 1], '#555555', {dashed: true, width: 1.5});
  main.frame(null, unitTicks);
  main.labels(null, 'Accuracy');
  const legend: LegendEntry[] = [
    {label: 'Accuracy', color: ACCURACY_FILL, kind: 'box'},
    {label: 'Gap to mean confidence', color: GAP_COLOR, kind: 'hatched'},
    {label: 'Perfect calibration', color: '#555555', kind: 'dashed'},
  ];
  main.legend(legend, 'top-left');

  const fractions = bins.counts.map((n) => n / Math.max(1, bins.numExamples));
  const maxFraction = Math.max(...fractions, 1e-12);
  const stripTicks = niceTicks(0, maxFraction, 2);
  const stripTop = Math.max(maxFraction, stripTicks[stripTicks.length - 1]);
  const strip = new Axes(ctx, {left, top: bottom - stripHeight, width: right - left, height: stripHeight}, [0, 1], [0, stripTop]);
  fractions.forEach((f, m) => {
    if (f > 0) strip.box(bins.edges[m], 0, bins.edges[m + 1], f, COUNT_FILL, '#5a5a5a');
  });
  strip.frame(unitTicks, stripTicks);
  strip.labels('Confidence (top-label probability)', 'Fraction');
  return finishFigure(fn, canvas, options.path);
}
