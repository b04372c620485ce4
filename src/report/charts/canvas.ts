// chart.js drawing on @napi-rs/canvas (no DOM, no system libraries: the canvas binary ships inside its npm
// package). Fonts come from dejavu-fonts-ttf, so text renders on a machine with no fonts installed.

import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartItem,
  type ChartType,
  type Plugin,
  registerables,
} from 'chart.js';

export const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

let ready = false;

/** Paints the background white before anything else: transparent PNGs are unreadable on dark themes. */
const whiteBackground: Plugin = {
  id: 'poolbenchWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Registers chart.js's components and the bundled fonts once per process. */
function prepare(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`could not load font ${path}`);
  }
  Chart.register(...registerables, whiteBackground);
  // A PNG is one still frame of a fixed size: no animation, no resizing to a (missing) DOM container.
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.devicePixelRatio = 1;
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#222222';
  ready = true;
}

export interface Size {
  width: number;
  height: number;
}

/** Draws one chart synchronously (no animation, fixed size) and returns it as PNG bytes. */
export function drawChart<T extends ChartType>(config: ChartConfiguration<T>, size: Size): Buffer {
  prepare();
  const canvas = createCanvas(size.width, size.height);
  // @napi-rs/canvas implements the standard 2D context API, which is all chart.js calls; its own type is not
  // the DOM's CanvasRenderingContext2D, so the one conversion happens here, nowhere else.
  const item = canvas.getContext('2d') as unknown as ChartItem;
  const chart = new Chart<T>(item, config);
  try {
    chart.draw();
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
