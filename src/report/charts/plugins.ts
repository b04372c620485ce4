// Small chart.js plugins for benchmark charts: min–max whiskers over trials (chart.js has no error bars) and
// value labels above bars, drawn only where they fit so they never overlap.

import type { Chart, Plugin } from 'chart.js';

/** Per dataset, per data index: the [min, max] over trials (undefined = no spread to show). */
export type Ranges = (([number, number] | undefined)[] | undefined)[];

interface Point {
  x: number;
  y: number;
  width?: number;
}

function pointOf(chart: Chart, dataset: number, index: number): Point | undefined {
  const el = chart.getDatasetMeta(dataset).data[index];
  if (!el) return undefined;
  return el.getProps(['x', 'y', 'width'], true) as Point;
}

function valueAxis(chart: Chart, dataset: number) {
  const meta = chart.getDatasetMeta(dataset);
  const id = chart.options.indexAxis === 'y' ? meta.xAxisID : meta.yAxisID;
  return id ? chart.scales[id] : undefined;
}

/** Top pixel of the whisker at a point, so value labels can sit above it. */
function whiskerTop(chart: Chart, ranges: Ranges, dataset: number, index: number): number | undefined {
  const range = ranges[dataset]?.[index];
  const axis = valueAxis(chart, dataset);
  return range && axis ? axis.getPixelForValue(range[1]) : undefined;
}

export function whiskers(ranges: Ranges, color = '#333333'): Plugin {
  return {
    id: 'poolbenchWhiskers',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ranges.forEach((perIndex, d) => {
        if (!perIndex || !chart.isDatasetVisible(d)) return;
        const axis = valueAxis(chart, d);
        perIndex.forEach((range, i) => {
          const p = pointOf(chart, d, i);
          if (!range || !p || !axis || range[0] === range[1]) return;
          const [lo, hi] = [axis.getPixelForValue(range[0]), axis.getPixelForValue(range[1])];
          const cap = Math.min(6, (p.width ?? 16) / 4);
          ctx.beginPath();
          ctx.moveTo(p.x, lo);
          ctx.lineTo(p.x, hi);
          ctx.moveTo(p.x - cap, lo);
          ctx.lineTo(p.x + cap, lo);
          ctx.moveTo(p.x - cap, hi);
          ctx.lineTo(p.x + cap, hi);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}

/** Writes each bar's value above it (or beside it, for horizontal bars) when the text fits the bar. */
export function barLabels(format: (v: number) => string, ranges: Ranges = []): Plugin {
  return {
    id: 'poolbenchBarLabels',
    afterDatasetsDraw(c) {
      const { ctx } = c;
      const horizontal = c.options.indexAxis === 'y';
      ctx.save();
      ctx.fillStyle = '#222222';
      ctx.font = `11px ${String(c.options.font?.family ?? 'sans-serif')}`;
      c.data.datasets.forEach((dataset, d) => {
        if (!c.isDatasetVisible(d)) return;
        dataset.data.forEach((value, i) => {
          const p = pointOf(c, d, i);
          if (typeof value !== 'number' || !p) return;
          const text = format(value);
          const width = ctx.measureText(text).width;
          if (horizontal) {
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, p.x + 4, p.y);
            return;
          }
          // Wider than its bar, a label would run into the neighbour's: leave it to the tables.
          if (p.width !== undefined && width > p.width) return;
          const top = Math.min(p.y, whiskerTop(c, ranges, d, i) ?? p.y);
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, p.x, top - 3);
        });
      });
      ctx.restore();
    },
  };
}

/** Marks the empty slot of a bar whose every trial errored, so a missing bar is not read as zero. */
export function erroredMarks(errored: readonly (readonly boolean[])[]): Plugin {
  return {
    id: 'poolbenchErroredMarks',
    afterDatasetsDraw(c) {
      const { ctx } = c;
      ctx.save();
      ctx.fillStyle = '#B00020';
      ctx.font = `bold 11px ${String(c.options.font?.family ?? 'sans-serif')}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      errored.forEach((perIndex, d) => {
        if (!c.isDatasetVisible(d)) return;
        perIndex.forEach((isErrored, i) => {
          const p = pointOf(c, d, i);
          if (!isErrored || !p || !Number.isFinite(p.x)) return;
          ctx.fillText('errored', p.x, c.chartArea.bottom - 4);
        });
      });
      ctx.restore();
    },
  };
}
